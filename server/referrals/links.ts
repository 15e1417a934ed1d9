/**
 * Signed, single-use referral links: the key contact of a small group moves a referral from the
 * notification email without an account (DESIGN.md). The link mechanism (hashed random token,
 * expiry, single use, GET never spends it) is server/auth/signed-links.ts.
 */
import { DEFAULT_LANG, type Lang } from '../../i18n/define.js';
import mailMessages from '../../i18n/messages/mail.js';
import { translator } from '../i18n/language.js';
import type { Kysely } from 'kysely';
import type { DB, Db, ReferralStatus } from '../../db/schema.js';
import { issueSignedLink, resolveSignedLink, spendSignedLink } from '../auth/signed-links.js';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config.js';
import { conflict, notFound } from '../http/errors.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import type { Logger } from '../http/logger.js';
import { noticeForMove, sendMoveMail } from './notices.js';
import { findReferral, insertReferralEvent, updateReferralStatus } from './queries.js';
import { allowedMoves, canMove } from './status.js';

export const LINK_TTL_DAYS = 14;

const WORDING = {
  what: 'Referral link',
  used: 'This link has already been used. Sign in to Gapmap to update the referral.',
  expired: 'This link has expired. Sign in to Gapmap to update the referral.',
};

export function createReferralLink(db: Db, referralId: string, now = new Date()) {
  return issueSignedLink(db, 'referralLinks', referralId, LINK_TTL_DAYS, now);
}

export function referralLinkUrl(config: Config, token: string): string {
  return new URL(`/r/${encodeURIComponent(token)}`, config.publicUrl).toString();
}

/** The notification to the organisation's key contact, in their language. No note, no person: the code and the link. */
export function referralNotification(
  config: Config,
  r: {
    to: string;
    code: string;
    serviceName: string;
    token: string;
    expiresAt: Date;
    language?: Lang;
  },
): MailMessage {
  const t = translator(mailMessages, r.language ?? DEFAULT_LANG);
  const url = referralLinkUrl(config, r.token);
  return {
    kind: 'referral_notification',
    to: r.to,
    subject: t('referralSubject', { code: r.code, service: r.serviceName }),
    text: [
      t('referralIntro', { service: r.serviceName }),
      t('referralCode', { code: r.code }),
      '',
      t('referralAcknowledge'),
      url,
      '',
      t('referralExpires', { date: r.expiresAt.toISOString().slice(0, 10) }),
    ].join('\n'),
  };
}

/** The live link for a token, or 404 (unknown) / 410 (used or expired). */
export async function resolveReferralLink(db: Db, token: string, now = new Date()) {
  const link = await resolveSignedLink(db, 'referralLinks', token, WORDING, now);
  const referral = await findReferral(db, link.subjectId);
  if (!referral) throw notFound('Referral');
  return { link, referral, moves: allowedMoves(referral.status, 'provider') };
}

/** Spends the link and moves the referral, as the key contact, in one transaction. */
export async function moveByReferralLink(
  deps: { db: Kysely<DB>; config: Config; mailer: Mailer; logger: Logger },
  token: string,
  status: ReferralStatus,
) {
  const { moved, mail } = await deps.db.transaction().execute(async (tx) => {
    const { link, referral } = await resolveReferralLink(tx, token);
    if (!canMove(referral.status, status, 'provider')) {
      throw conflict(`A referral that is ${referral.status} cannot be moved to ${status}.`, {
        status: referral.status,
        allowed: allowedMoves(referral.status, 'provider'),
      });
    }
    await spendSignedLink(tx, 'referralLinks', link.id, WORDING);
    const moved = await updateReferralStatus(
      tx,
      referral.id,
      referral.version,
      referral.status,
      status,
    );
    if (!moved)
      throw conflict('Someone else updated this referral at the same moment; sign in to see it.');
    await insertReferralEvent(tx, referral.id, status, referral.keyContactUserId);
    await recordAudit(tx, {
      userId: referral.keyContactUserId,
      action: 'referral.moved',
      entity: 'referral',
      entityId: referral.id,
      details: { from: referral.status, to: status, via: 'signed_link' },
    });
    const mail = await noticeForMove(tx, deps.config, {
      referralId: referral.id,
      code: referral.code,
      serviceName: referral.serviceName,
      referrerId: referral.referrerId,
      status,
      reason: null,
      byUserId: referral.keyContactUserId,
    });
    return {
      moved: {
        id: moved.id,
        code: moved.code,
        status: moved.status,
        serviceName: referral.serviceName,
      },
      mail,
    };
  });
  await sendMoveMail(deps, mail);
  return moved;
}
