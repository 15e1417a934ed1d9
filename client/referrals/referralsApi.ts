/** Referrals through the one fetch layer (client/api.ts). */
import { api, type Page } from '../api.js';
import messages from '../../i18n/messages/referrals.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

export type ReferralStatus = 'sent' | 'acknowledged' | 'contacted' | 'attended' | 'not_a_fit' | 'no_response' | 'withdrawn';

export interface Referral {
  id: string;
  code: string;
  serviceId: string;
  serviceName: string;
  status: ReferralStatus;
  note: string | null;
  acknowledgedAt: string | null;
  createdAt: string;
  version: number;
  mine: boolean;
  allowedMoves: ReferralStatus[];
  history: { status: ReferralStatus; at: string; reason: string | null }[];
  reason: string | null;
  /** Only for the receiving organisation and the referrer. */
  contact: ReferralContact | null;
  contactErased: boolean;
  /** The reader made the last move and may take it back until then. */
  undoableUntil: string | null;
}

export type ContactPreference = 'phone' | 'email' | 'text';
export interface ReferralContact {
  name: string | null;
  phone: string | null;
  email: string | null;
  preferred: ContactPreference | null;
}
export interface ContactInput {
  name?: string;
  phone?: string;
  email?: string;
  preferred?: ContactPreference;
  consent: true;
}

export interface ReferralNotice {
  id: string;
  referralId: string;
  code: string;
  serviceName: string;
  status: ReferralStatus;
  at: string;
}

export const PREFERENCE_LABELS: Readonly<Record<ContactPreference, string>> = labelsIn(messages, { phone: 'prefPhone', email: 'prefEmail', text: 'prefText' });

/** The short reasons of server/referrals/reasons.ts, in their words. */
export const REASON_LABELS: Partial<Record<ReferralStatus, Readonly<Record<string, string>>>> = {
  not_a_fit: labelsIn(messages, {
    criteria: 'reasonCriteria',
    full: 'reasonFull',
    other_support: 'reasonOtherSupport',
    other: 'reasonOther',
  }),
  no_response: labelsIn(messages, {
    no_answer: 'reasonNoAnswer',
    details_wrong: 'reasonDetailsWrong',
    declined: 'reasonDeclined',
    other: 'reasonOther',
  }),
};

export function reasonLabel(status: ReferralStatus, reason: string | null): string | null {
  return reason ? (REASON_LABELS[status]?.[reason] ?? null) : null;
}

export interface ReferralStats {
  referrals: number;
  acknowledged: number;
  medianHoursToAcknowledge: number | null;
  due: number;
  noReply: number;
  noReplyShare: number | null;
}

/** Button labels say what the person did; statuses are never shown by colour alone. */
export const STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = labelsIn(messages, {
  sent: 'statusSent',
  acknowledged: 'statusAcknowledged',
  contacted: 'statusContacted',
  attended: 'statusAttended',
  not_a_fit: 'statusNotAFit',
  no_response: 'statusNoResponse',
  withdrawn: 'statusWithdrawn',
});
export const MOVE_LABELS: Readonly<Record<ReferralStatus, string>> = labelsIn(messages, {
  sent: 'statusSent',
  acknowledged: 'moveAcknowledge',
  contacted: 'moveContacted',
  attended: 'moveAttended',
  not_a_fit: 'statusNotAFit',
  no_response: 'statusNoResponse',
  withdrawn: 'moveWithdraw',
});

export const listReferrals = (query: { status?: string; serviceId?: string; cursor?: string | null }) =>
  api.get<Page<Referral>>('/api/v1/referrals', { query: { limit: 50, ...query } });
export const moveReferral = (r: Referral, status: ReferralStatus, reason?: string) =>
  api.patch<{ id: string; status: ReferralStatus; version: number }>(`/api/v1/referrals/${r.id}`, { status, version: r.version, ...(reason ? { reason } : {}) });
export const undoReferralMove = (r: Referral) =>
  api.post<{ id: string; status: ReferralStatus; version: number }>(`/api/v1/referrals/${r.id}/undo`, { version: r.version });
export const createReferral = (serviceId: string, note: string, contact?: ContactInput) =>
  api.post<{ id: string; code: string; status: ReferralStatus }>('/api/v1/referrals', { serviceId, ...(note.trim() ? { note: note.trim() } : {}), ...(contact ? { contact } : {}) });
export const referralNotices = () => api.get<{ unread: number; items: ReferralNotice[] }>('/api/v1/referral-notices');
export const markNoticesRead = (ids?: string[]) => api.post<{ marked: number }>('/api/v1/referral-notices/read', ids ? { ids } : {});
export const organisationReferralStats = (organisationId: string) =>
  api.get<ReferralStats>(`/api/v1/organisations/${organisationId}/referral-stats`);

export { formatDateTime } from '../ui/wording.js';

export function formatHours(hours: number | null): string {
  if (hours === null) return t('noAcknowledgementsYet');
  if (hours < 48) return t('hours', { count: formatNumber(hours) });
  return t('days', { count: formatNumber(Math.round((hours / 24) * 10) / 10) });
}
