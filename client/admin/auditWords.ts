/** The audit log in words: actions as sentences, kinds of record and details as a person reads them. */
import messages from '../../i18n/messages/audit.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import { fieldInWords } from '../ui/wording.js';

const t = useMessages(messages);

export const ACTION_LABELS: Readonly<Record<string, string>> = labelsIn(messages, {
  'auth.login': 'authLogin',
  'auth.login_failed': 'authLoginFailed',
  'auth.logout': 'authLogout',
  'user.updated': 'userUpdated',
  'user.password_changed': 'userPasswordChanged',
  'invite.created': 'inviteCreated',
  'invite.accepted': 'inviteAccepted',
  'invite.revoked': 'inviteRevoked',
  'organisation.created': 'organisationCreated',
  'organisation.updated': 'organisationUpdated',
  'service.created': 'serviceCreated',
  'service.updated': 'serviceUpdated',
  'service.verified': 'serviceVerified',
  'service.changes_requested': 'serviceChangesRequested',
  'claim.requested': 'claimRequested',
  'claim.approved': 'claimApproved',
  'claim.rejected': 'claimRejected',
  'service.deleted': 'serviceDeleted',
  'referral.created': 'referralCreated',
  'referral.moved': 'referralMoved',
  'referral.move_undone': 'referralMoveUndone',
  'proposal.created': 'proposalCreated',
  'proposal.updated': 'proposalUpdated',
  'proposal.backed': 'proposalBacked',
  'proposal.launched': 'proposalLaunched',
  'need.batch_flagged': 'needBatchFlagged',
  'need.removed': 'needRemoved',
  'taxonomy.created': 'taxonomyCreated',
  'taxonomy.updated': 'taxonomyUpdated',
  'settings.updated': 'settingsUpdated',
  'areas.imported': 'areasImported',
  'service.imported': 'serviceImported',
  'release.published': 'releasePublished',
  'release.republished': 'releaseRepublished',
  'user.admin_created': 'userAdminCreated',
  'user.admin_reset': 'userAdminReset',
});

export const ENTITY_LABELS: Readonly<Record<string, string>> = labelsIn(messages, {
  user: 'entityUser',
  invite: 'entityInvite',
  session: 'entitySession',
  service: 'entityService',
  organisation: 'entityOrganisation',
  referral: 'entityReferral',
  proposal: 'entityProposal',
  taxonomy: 'entityTaxonomy',
  setting: 'entitySetting',
  area: 'entityArea',
  need_flag: 'entityNeedFlag',
  need_release: 'entityNeedRelease',
});

export function actionLabel(action: string): string {
  return (
    ACTION_LABELS[action] ?? action.replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase())
  );
}

function valueInWords(value: unknown): string {
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? fieldInWords(v) : valueInWords(v))).join(', ');
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  if (value === null || value === undefined) return t('none');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${fieldInWords(k)} ${valueInWords(v)}`)
      .join('; ');
  return String(value).replace(/_/g, ' ');
}

/** `{ from: 'sent', to: 'acknowledged' }` → "from sent to acknowledged"; `{ fields: ['name'] }` → "fields: name". */
export function detailsInWords(details: Record<string, unknown>): string {
  const { from, to, ...rest } = details;
  const parts: string[] = [];
  if (from !== undefined || to !== undefined)
    parts.push(
      [
        from !== undefined ? t('fromValue', { value: valueInWords(from) }) : '',
        to !== undefined ? t('toValue', { value: valueInWords(to) }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  for (const [k, v] of Object.entries(rest)) parts.push(`${fieldInWords(k)}: ${valueInWords(v)}`);
  return parts.join('; ');
}
