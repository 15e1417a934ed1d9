/** Referrals through the one fetch layer (client/api.ts). */
import { api, type Page } from '../api.js';
import type {
  Referral,
  ReferralContact,
  ReferralContactInput as ContactInput,
  ReferralCreated,
  ReferralMoved,
  ReferralNotice,
  ReferralStats,
  ReferralStatus,
} from '../../server/referrals/schemas.js';
import messages from '../../i18n/messages/referrals.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

export type {
  Referral,
  ReferralContact,
  ReferralNotice,
  ReferralStats,
  ReferralStatus,
} from '../../server/referrals/schemas.js';
export type ContactPreference = NonNullable<ReferralContact['preferred']>;
/** A contact as the referral form sends it. */
export type { ReferralContactInput as ContactInput } from '../../server/referrals/schemas.js';

export const PREFERENCE_LABELS: Readonly<Record<ContactPreference, string>> = labelsIn(messages, {
  phone: 'prefPhone',
  email: 'prefEmail',
  text: 'prefText',
});

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

export const listReferrals = (query: {
  status?: string;
  serviceId?: string;
  cursor?: string | null;
}) => api.get<Page<Referral>>('/api/v1/referrals', { query: { limit: 50, ...query } });
export const moveReferral = (r: Referral, status: ReferralStatus, reason?: string) =>
  api.patch<ReferralMoved>(`/api/v1/referrals/${r.id}`, {
    status,
    version: r.version,
    ...(reason ? { reason } : {}),
  });
export const undoReferralMove = (r: Referral) =>
  api.post<ReferralMoved>(`/api/v1/referrals/${r.id}/undo`, { version: r.version });
export const createReferral = (serviceId: string, note: string, contact?: ContactInput) =>
  api.post<ReferralCreated>('/api/v1/referrals', {
    serviceId,
    ...(note.trim() ? { note: note.trim() } : {}),
    ...(contact ? { contact } : {}),
  });
export const referralNotices = () =>
  api.get<{ unread: number; items: ReferralNotice[] }>('/api/v1/referral-notices');
export const markNoticesRead = (ids?: string[]) =>
  api.post<{ marked: number }>('/api/v1/referral-notices/read', ids ? { ids } : {});
export const organisationReferralStats = (organisationId: string) =>
  api.get<ReferralStats>(`/api/v1/organisations/${organisationId}/referral-stats`);

export { formatDateTime } from '../ui/wording.js';

export function formatHours(hours: number | null): string {
  if (hours === null) return t('noAcknowledgementsYet');
  if (hours < 48) return t('hours', { count: formatNumber(hours) });
  return t('days', { count: formatNumber(Math.round((hours / 24) * 10) / 10) });
}
