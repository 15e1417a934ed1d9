/** Proposals through the one fetch layer. */
import { api, type Page, type SuppressedCount } from '../api.js';
import type {
  Commitment,
  Pipeline,
  Proposal,
  ProposalComment as Comment,
  ProposalSummary,
  Stage,
} from '../../server/proposals/schemas.js';
import proposalMessages from '../../i18n/messages/proposals.js';
import messages from '../../i18n/messages/codesign.js';
import { labelsIn } from '../i18n/language.js';
import { VERDICT_TEXT } from '../gapcheck/gapCheckApi.js';
import { formatNumber } from '../ui/wording.js';

export type {
  Commitment,
  Pipeline,
  Proposal,
  ProposalSummary,
  Stage,
} from '../../server/proposals/schemas.js';
export type { ProposalComment as Comment } from '../../server/proposals/schemas.js';

/** The stages in order, as the server moves a proposal through them. */
export { PROPOSAL_STAGES as STAGES } from '../../db/schema.js';
export const STAGE_LABELS: Readonly<Record<Stage, string>> = labelsIn(proposalMessages, {
  idea: 'stageIdea',
  co_designing: 'stageCoDesigning',
  pilot: 'stagePilot',
  running: 'stageRunning',
  closed: 'stageClosed',
});
export const COMMITMENT_LABELS: Readonly<Record<Commitment, string>> = labelsIn(messages, {
  advise: 'commitAdvise',
  refer: 'commitRefer',
  co_host: 'commitCoHost',
});
/** A gap check's verdict in words (the gap check's own table). */
export const VERDICT_LABELS: Readonly<Record<string, string>> = VERDICT_TEXT;

export const pounds = (pence: number) =>
  formatNumber(pence / 100, { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

export const proposalsApi = {
  list: (query: { stage?: string; cursor?: string | null }) =>
    api.get<Page<ProposalSummary>>('/api/v1/proposals', { query: { limit: 100, ...query } }),
  pipeline: () => api.get<Pipeline>('/api/v1/proposals/pipeline'),
  get: (id: string) => api.get<Proposal>(`/api/v1/proposals/${id}`),
  create: (body: unknown) => api.post<Proposal>('/api/v1/proposals', body),
  patch: (id: string, body: unknown) => api.patch<Proposal>(`/api/v1/proposals/${id}`, body),
  join: (id: string, commitment: Commitment, hoursPerMonth: number | null) =>
    api.post(`/api/v1/proposals/${id}/members`, { commitment, hoursPerMonth }),
  leave: (id: string) => api.delete(`/api/v1/proposals/${id}/members/me`),
  comments: (id: string, cursor?: string | null) =>
    api.get<Page<Comment>>(`/api/v1/proposals/${id}/comments`, { query: { limit: 100, cursor } }),
  comment: (id: string, body: string) =>
    api.post<Comment>(`/api/v1/proposals/${id}/comments`, { body }),
  interest: (id: string) =>
    api.post<{ interestCount: SuppressedCount }>(`/api/v1/proposals/${id}/interest`),
  partner: (id: string, organisationId: string, note: string) =>
    api.post(`/api/v1/proposals/${id}/partners`, {
      organisationId,
      ...(note.trim() ? { note } : {}),
    }),
  back: (id: string, amountPence: number, period: string) =>
    api.post(`/api/v1/proposals/${id}/backings`, { amountPence, period }),
  launch: (id: string) => api.post<{ serviceId: string }>(`/api/v1/proposals/${id}/launch`, {}),
};
