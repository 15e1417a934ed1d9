/**
 * The referring Link Worker is told when someone else moves their referral: a notice in the
 * app (until they have seen it) and a short mail. Neither carries the note or the contact:
 * the code, the service and the new status, with a link to "My referrals".
 */
import type { Db, ReferralStatus } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { DEFAULT_LANG, type Lang } from '../../i18n/define.js';
import mailMessages from '../../i18n/messages/mail.js';
import { translator } from '../i18n/language.js';
import { mailLanguage } from '../users/language.js';
import { findReferrer, insertReferralNotice } from './queries.js';
import { REFERRAL_REASONS, statusTakesReason } from './reasons.js';

export interface ReferralMove {
  referralId: string;
  code: string;
  serviceName: string;
  referrerId: string;
  status: ReferralStatus;
  reason: string | null;
  /** Who moved it; the referrer is not told about their own moves. */
  byUserId: string | null;
  undone?: boolean;
}

export function reasonLabel(status: ReferralStatus, reason: string | null): string | null {
  if (!reason || !statusTakesReason(status)) return null;
  return (REFERRAL_REASONS[status] as Record<string, string>)[reason] ?? null;
}

/** The mail's words for each status, by the catalogue's literal keys. */
const MAIL_STATUS = {
  sent: 'statusSent',
  acknowledged: 'statusAcknowledged',
  contacted: 'statusContacted',
  attended: 'statusAttended',
  not_a_fit: 'statusNotAFit',
  no_response: 'statusNoResponse',
  withdrawn: 'statusWithdrawn',
} as const satisfies Record<ReferralStatus, keyof typeof mailMessages.en>;

/** The referrer's notice, in their language (English when they have none). */
export function referralUpdateMessage(
  config: Config,
  to: string,
  move: ReferralMove,
  language: Lang = DEFAULT_LANG,
): MailMessage {
  const t = translator(mailMessages, language);
  const label = t(MAIL_STATUS[move.status]);
  const why = reasonLabel(move.status, move.reason);
  const url = new URL('/referrals', config.publicUrl).toString();
  const words = { code: move.code, service: move.serviceName, status: label };
  return {
    kind: 'referral_update',
    to,
    subject: t(move.undone ? 'updateSubjectBack' : 'updateSubjectNow', words),
    text: [
      t(move.undone ? 'updatePutBack' : 'updateMoved', words),
      ...(why ? [t('updateReason', { reason: why })] : []),
      '',
      t('updateSeeIt', { url }),
    ].join('\n'),
  };
}

/** Inside the move's transaction: the in-app notice. Returns the mail to send once committed, if any. */
export async function noticeForMove(
  db: Db,
  config: Config,
  move: ReferralMove,
): Promise<MailMessage | null> {
  if (move.byUserId === move.referrerId) return null;
  const referrer = await findReferrer(db, move.referrerId);
  if (!referrer || referrer.disabledAt) return null;
  await insertReferralNotice(db, {
    userId: referrer.id,
    referralId: move.referralId,
    status: move.status,
  });
  return referralUpdateMessage(config, referrer.email, move, mailLanguage(referrer.language));
}

/** After commit: the move stands even if the outbox is down. Logs the kind only, never the address. */
export async function sendMoveMail(
  deps: { mailer: Mailer; logger: Logger },
  message: MailMessage | null,
): Promise<void> {
  if (!message) return;
  await deps.mailer
    .send(message)
    .catch(() =>
      deps.logger({ level: 'error', msg: 'referral update not queued', kind: message.kind }),
    );
}
