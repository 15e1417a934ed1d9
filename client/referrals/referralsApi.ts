/** Referrals through the one fetch layer (client/api.ts). */
import { api, type Page } from '../api.js';

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
  history: { status: ReferralStatus; at: string }[];
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
export const STATUS_LABELS: Record<ReferralStatus, string> = {
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  contacted: 'Contacted',
  attended: 'Attended',
  not_a_fit: 'Not a fit',
  no_response: 'No response',
  withdrawn: 'Withdrawn',
};
export const MOVE_LABELS: Record<ReferralStatus, string> = {
  sent: 'Sent',
  acknowledged: 'Acknowledge',
  contacted: 'Mark contacted',
  attended: 'Mark attended',
  not_a_fit: 'Not a fit',
  no_response: 'No response',
  withdrawn: 'Withdraw',
};

export const listReferrals = (query: { status?: string; serviceId?: string; cursor?: string | null }) =>
  api.get<Page<Referral>>('/api/v1/referrals', { query: { limit: 50, ...query } });
export const moveReferral = (r: Referral, status: ReferralStatus) =>
  api.patch<{ id: string; status: ReferralStatus; version: number }>(`/api/v1/referrals/${r.id}`, { status, version: r.version });
export const createReferral = (serviceId: string, note: string) =>
  api.post<{ id: string; code: string; status: ReferralStatus }>('/api/v1/referrals', { serviceId, ...(note.trim() ? { note: note.trim() } : {}) });
export const organisationReferralStats = (organisationId: string) =>
  api.get<ReferralStats>(`/api/v1/organisations/${organisationId}/referral-stats`);

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function formatHours(hours: number | null): string {
  if (hours === null) return 'no acknowledgements yet';
  if (hours < 48) return `${hours} hours`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}
