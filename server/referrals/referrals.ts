/** Referral logic: anonymous codes, creation with its notification, status moves and access. */
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, ReferralStatus } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { SessionUser } from '../http/env.js';
import { conflict, forbidden, invalid, notFound } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import type { Mailer } from '../mail/mailer.js';
import { assertNoPersonalData } from '../privacy/pii.js';
import { createReferralLink, referralNotification } from './links.js';
import { DEFAULT_LANG } from '../../i18n/define.js';
import { mailLanguage } from '../users/language.js';
import {
  findReferral,
  findReferralTarget,
  insertReferral,
  insertReferralEvent,
  updateReferralStatus,
} from './queries.js';
import { allowedMoves, canMove, type ReferralActor } from './status.js';
import { sealReferralContact, type ContactInput } from './contact.js';
import { noticeForMove, sendMoveMail } from './notices.js';
import { reasonProblem } from './reasons.js';

/** How long the person who moved a referral may take the move back. */
export const UNDO_WINDOW_MS = 10 * 60_000;

/** A–Z and 2–9 without the look-alikes 0/O and 1/I: read out over the phone without mistakes. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

export function newReferralCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export interface ReferralDeps {
  db: Kysely<DB>;
  config: Config;
  mailer: Mailer;
  logger: Logger;
}

export async function createReferral(
  deps: ReferralDeps,
  user: SessionUser,
  input: { serviceId: string; note?: string | undefined; contact?: ContactInput | undefined },
) {
  const note = input.note?.trim() || null;
  assertNoPersonalData('note', note);
  const { db } = deps;
  const created = await db.transaction().execute(async (tx) => {
    const target = await findReferralTarget(tx, input.serviceId);
    if (!target) throw invalid({ serviceId: 'unknown service' });
    if (target.status === 'ended') throw invalid({ serviceId: 'this service has ended' });
    let referral: Awaited<ReturnType<typeof insertReferral>>;
    // 32^8 codes: a clash is rare; a few redraws make a failure practically impossible.
    // The id is drawn here because the sealed contact is bound to it (AES-GCM additional data).
    const id = randomUUID();
    const contactSealed = input.contact
      ? sealReferralContact(deps.config.referralContactKeys, id, input.contact)
      : null;
    for (let attempt = 0; attempt < 5 && !referral; attempt++) {
      referral = await insertReferral(tx, {
        id,
        code: newReferralCode(),
        serviceId: target.id,
        referrerId: user.id,
        note,
        contactSealed,
      });
    }
    if (!referral) throw conflict('Could not draw a unique referral code; try again.');
    await insertReferralEvent(tx, referral.id, 'sent', user.id);
    // Whether a contact was given, never what it is.
    await recordAudit(tx, {
      userId: user.id,
      action: 'referral.created',
      entity: 'referral',
      entityId: referral.id,
      details: { serviceId: target.id, withContact: contactSealed !== null },
    });
    const recipient = target.keyContactDisabledAt
      ? target.organisationEmail
      : (target.keyContactEmail ?? target.organisationEmail);
    const link = recipient ? await createReferralLink(tx, referral.id) : null;
    // Mail to the key contact is in their language; to the organisation's own address, in English.
    const language =
      recipient && recipient === target.keyContactEmail && !target.keyContactDisabledAt
        ? mailLanguage(target.keyContactLanguage)
        : DEFAULT_LANG;
    return { referral, target, recipient, link, language };
  });
  if (created.recipient && created.link) {
    const message = referralNotification(deps.config, {
      to: created.recipient,
      code: created.referral.code,
      serviceName: created.target.name,
      token: created.link.token,
      expiresAt: created.link.expiresAt,
      language: created.language,
    });
    // The referral stands even if the outbox is down; the organiser still sees it in their inbox.
    await deps.mailer.send(message).catch(() =>
      deps.logger({
        level: 'error',
        msg: 'referral notification not queued',
        kind: message.kind,
      }),
    );
  }
  const r = created.referral;
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

/** How this user stands to this referral, or a 403. */
export function actorFor(
  user: SessionUser,
  referral: { referrerId: string; organisationId: string },
): ReferralActor {
  if (user.role === 'admin') return 'admin';
  if (user.id === referral.referrerId) return 'referrer';
  if (user.role === 'organiser' && user.organisationId === referral.organisationId)
    return 'provider';
  throw forbidden("This referral is neither yours nor your organisation's.");
}

export async function moveReferral(
  deps: ReferralDeps,
  user: SessionUser,
  id: string,
  input: { status: ReferralStatus; version: number; reason?: string | undefined },
) {
  const problem = reasonProblem(input.status, input.reason);
  if (problem) throw invalid({ reason: problem });
  const { moved, mail } = await deps.db.transaction().execute(async (tx) => {
    const current = await findReferral(tx, id);
    if (!current) throw notFound('Referral');
    const actor = actorFor(user, current);
    if (current.version !== input.version) {
      throw conflict('Someone else updated this referral; reload it and try again.', {
        currentVersion: current.version,
        status: current.status,
      });
    }
    if (!canMove(current.status, input.status, actor)) {
      throw conflict(
        `A referral that is ${current.status} cannot be moved to ${input.status} by you.`,
        {
          status: current.status,
          allowed: allowedMoves(current.status, actor),
        },
      );
    }
    const reason = input.reason ?? null;
    const moved = await updateReferralStatus(
      tx,
      id,
      input.version,
      current.status,
      input.status,
      reason,
    );
    if (!moved) throw conflict('Someone else updated this referral; reload it and try again.');
    await insertReferralEvent(tx, id, input.status, user.id, reason);
    await recordAudit(tx, {
      userId: user.id,
      action: 'referral.moved',
      entity: 'referral',
      entityId: id,
      details: { from: current.status, to: input.status, ...(reason ? { reason } : {}) },
    });
    const mail = await noticeForMove(tx, deps.config, {
      referralId: id,
      code: current.code,
      serviceName: current.serviceName,
      referrerId: current.referrerId,
      status: input.status,
      reason,
      byUserId: user.id,
    });
    return { moved, mail };
  });
  await sendMoveMail(deps, mail);
  return {
    id: moved.id,
    code: moved.code,
    status: moved.status,
    version: moved.version,
    reason: moved.reason,
    acknowledgedAt: moved.acknowledgedAt?.toISOString() ?? null,
    undoableUntil: new Date(Date.now() + UNDO_WINDOW_MS).toISOString(),
  };
}
