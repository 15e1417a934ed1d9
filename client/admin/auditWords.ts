/** The audit log in words: actions as sentences, kinds of record and details as a person reads them. */
import { fieldInWords } from '../ui/wording.js';

export const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.logout': 'Signed out',
  'user.updated': 'Changed an account',
  'user.password_changed': 'Changed their password',
  'invite.created': 'Sent an invitation',
  'invite.accepted': 'Accepted an invitation',
  'invite.revoked': 'Withdrew an invitation',
  'organisation.created': 'Added an organisation',
  'organisation.updated': 'Edited an organisation',
  'service.created': 'Listed a service',
  'service.updated': 'Edited a service',
  'service.verified': 'Confirmed a service is still right',
  'service.deleted': 'Removed a service',
  'referral.created': 'Made a referral',
  'referral.moved': 'Moved a referral',
  'referral.move_undone': 'Undid a referral move',
  'proposal.created': 'Opened a proposal',
  'proposal.updated': 'Edited a proposal',
  'proposal.backed': 'Backed a proposal',
  'proposal.launched': 'Launched a proposal as a service',
  'need.batch_flagged': 'Flagged needs in a batch',
  'need.removed': 'Removed a need flag',
  'taxonomy.created': 'Added a need tag',
  'taxonomy.updated': 'Edited a need tag',
  'settings.updated': 'Changed a setting',
  'areas.imported': 'Imported areas',
  'service.imported': 'Imported a service from a feed',
  'release.published': 'Published a week of need figures',
  'release.republished': 'Published a corrected week of need figures',
  'user.admin_created': 'Created an admin account from the server',
  'user.admin_reset': 'Reset an admin account from the server',
};

export const ENTITY_LABELS: Record<string, string> = {
  user: 'Account', invite: 'Invitation', session: 'Session', service: 'Service', organisation: 'Organisation', referral: 'Referral',
  proposal: 'Proposal', taxonomy: 'Need tag', setting: 'Setting', area: 'Area', need_flag: 'Need flag', need_release: 'Published week',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

function valueInWords(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? fieldInWords(v) : valueInWords(v))).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${fieldInWords(k)} ${valueInWords(v)}`).join('; ');
  return String(value).replace(/_/g, ' ');
}

/** `{ from: 'sent', to: 'acknowledged' }` → "from sent to acknowledged"; `{ fields: ['name'] }` → "fields: name". */
export function detailsInWords(details: Record<string, unknown>): string {
  const { from, to, ...rest } = details;
  const parts: string[] = [];
  if (from !== undefined || to !== undefined) parts.push([from !== undefined ? `from ${valueInWords(from)}` : '', to !== undefined ? `to ${valueInWords(to)}` : ''].filter(Boolean).join(' '));
  for (const [k, v] of Object.entries(rest)) parts.push(`${fieldInWords(k)}: ${valueInWords(v)}`);
  return parts.join('; ');
}
