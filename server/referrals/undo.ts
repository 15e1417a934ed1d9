/**
 * Taking a move back: the person who moved a referral may undo that move for 10 minutes (a
 * mis-click on "Not a fit" should not end someone's referral). The undone event stays in the
 * table with `undone_at` and leaves the history; the referral returns to the status, reason
 * and timestamps it had before. The referrer is told, as for any move they did not make.
 */
import type { SessionUser } from '../http/env.js';
import { conflict, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.js';
import { sql } from 'kysely';
import { findReferral } from './queries.js';
import { actorFor, UNDO_WINDOW_MS, type ReferralDeps } from './referrals.js';
import { noticeForMove, sendMoveMail } from './notices.js';
import { isFinal } from './status.js';

export async function undoReferralMove(
  deps: ReferralDeps,
  user: SessionUser,
  id: string,
  input: { version: number },
  now = new Date(),
) {
  const { moved, mail } = await deps.db.transaction().execute(async (tx) => {
    const current = await findReferral(tx, id);
    if (!current) throw notFound('Referral');
    actorFor(user, current);
    if (current.version !== input.version) {
      throw conflict('Someone else updated this referral; reload it and try again.', {
        currentVersion: current.version,
        status: current.status,
      });
    }
    const [last, previous] = await tx
      .selectFrom('referralEvents')
      .select(['id', 'status', 'reason', 'byUserId', 'at'])
      .where('referralId', '=', id)
      .where('undoneAt', 'is', null)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    if (!last || !previous || last.status !== current.status)
      throw conflict('There is no move to undo on this referral.');
    if (last.byUserId !== user.id)
      throw conflict('Only the person who made the last move can undo it.');
    if (now.getTime() - last.at.getTime() > UNDO_WINDOW_MS)
      throw conflict('A move can be undone for 10 minutes only; this one is older.');
    await tx
      .updateTable('referralEvents')
      .set({ undoneAt: now })
      .where('id', '=', last.id)
      .execute();
    const moved = await tx
      .updateTable('referrals')
      .set((eb) => ({
        status: previous.status,
        reason: previous.reason,
        version: eb('version', '+', 1),
        finalAt: isFinal(previous.status) ? previous.at : null,
        // Back to "sent": the referral has not been acknowledged after all.
        ...(previous.status === 'sent' ? { acknowledgedAt: null } : {}),
      }))
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returning(['id', 'code', 'status', 'version', 'acknowledgedAt', 'reason'])
      .executeTakeFirst();
    if (!moved) throw conflict('Someone else updated this referral; reload it and try again.');
    await recordAudit(tx, {
      userId: user.id,
      action: 'referral.move_undone',
      entity: 'referral',
      entityId: id,
      details: { from: last.status, to: previous.status },
    });
    // Notices of the undone move that were not read yet are now wrong: mark them read.
    await tx
      .updateTable('referralNotices')
      .set({ readAt: sql<Date>`now()` })
      .where('referralId', '=', id)
      .where('status', '=', last.status)
      .where('readAt', 'is', null)
      .execute();
    const mail = await noticeForMove(tx, deps.config, {
      referralId: id,
      code: current.code,
      serviceName: current.serviceName,
      referrerId: current.referrerId,
      status: previous.status,
      reason: previous.reason,
      byUserId: user.id,
      undone: true,
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
    undoableUntil: null,
  };
}
