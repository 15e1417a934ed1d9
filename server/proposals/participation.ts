/** Taking part in a proposal: members and their boundaries, comments, interest, partners, backing. */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { SessionUser } from '../http/env.js';
import { conflict, invalid, notFound, tooManyRequests } from '../http/errors.js';
import { publishOptions, suppressCount } from '../privacy/suppression.js';
import { assertNoPersonalData } from '../privacy/pii.js';

async function openProposalOrThrow(db: Kysely<DB>, id: string, action: string) {
  const p = await db
    .selectFrom('proposals')
    .select(['id', 'stage'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!p) throw notFound('Proposal');
  if (p.stage === 'closed')
    throw conflict(`This proposal is closed; you cannot ${action} it any more.`);
  return p;
}

/** Joins, or changes one's own commitment and hours (a boundary the organisers must respect). */
export async function joinProposal(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  input: { commitment: 'advise' | 'refer' | 'co_host'; hoursPerMonth?: number | null | undefined },
) {
  await openProposalOrThrow(db, id, 'join');
  const hoursPerMonth = input.hoursPerMonth ?? null;
  await db
    .insertInto('proposalMembers')
    .values({ proposalId: id, userId: user.id, commitment: input.commitment, hoursPerMonth })
    .onConflict((oc) =>
      oc
        .columns(['proposalId', 'userId'])
        .doUpdateSet({ commitment: input.commitment, hoursPerMonth }),
    )
    .execute();
  return { proposalId: id, userId: user.id, commitment: input.commitment, hoursPerMonth };
}

export async function leaveProposal(db: Kysely<DB>, user: SessionUser, id: string) {
  const res = await db
    .deleteFrom('proposalMembers')
    .where('proposalId', '=', id)
    .where('userId', '=', user.id)
    .executeTakeFirst();
  if (!res.numDeletedRows) throw notFound('Membership');
}

export async function addComment(db: Kysely<DB>, user: SessionUser, id: string, body: string) {
  assertNoPersonalData('body', body);
  await openProposalOrThrow(db, id, 'comment on');
  const row = await db
    .insertInto('proposalComments')
    .values({ proposalId: id, userId: user.id, body })
    .returning(['id', 'createdAt'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    userId: user.id,
    authorName: user.name,
    body,
    createdAt: row.createdAt.toISOString(),
  };
}

const utcDay = (now: Date) => now.toISOString().slice(0, 10);

/**
 * Anonymous interest: "I would refer people to this". The count (and its cell key) is all that is
 * kept. To stop one Link Worker counting many times a day, today's mark is stored: an HMAC of
 * (user, proposal) under a secret drawn for that day alone. Marks and their day's secret are
 * purged daily (`purgeInterestMarks`), so once a day is over nobody, not even someone holding the
 * deployment's secrets, can tell who was interested. A second tap the same day is a 429 until
 * midnight UTC. The published count goes through suppressCount like every count of people.
 */
export async function registerInterest(
  db: Kysely<DB>,
  config: Config,
  user: SessionUser,
  id: string,
  now = new Date(),
) {
  await openProposalOrThrow(db, id, 'register interest in');
  const day = utcDay(now);
  return db.transaction().execute(async (tx) => {
    await purgeInterestMarks(tx, now);
    await tx
      .insertInto('interestMarkSecrets')
      .values({ day, secret: randomBytes(32).toString('hex') })
      .onConflict((oc) => oc.column('day').doNothing())
      .execute();
    const { secret } = await tx
      .selectFrom('interestMarkSecrets')
      .select('secret')
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    const marker = createHmac('sha256', secret)
      .update(`proposal-interest:${user.id}:${id}`)
      .digest('hex');
    const marked = await tx
      .insertInto('proposalInterestMarks')
      .values({ proposalId: id, marker, day })
      .onConflict((oc) => oc.doNothing())
      .returning('marker')
      .executeTakeFirst();
    if (!marked) {
      const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      throw tooManyRequests((midnight - now.getTime()) / 1000);
    }
    const row = await tx
      .updateTable('proposals')
      .set((eb) => ({
        interestCount: eb('interestCount', '+', 1),
        interestKeySum: sql<number>`(interest_key_sum + ${randomInt(0, 256)}) % 256`,
      }))
      .where('id', '=', id)
      .returning(['interestCount', 'interestKeySum'])
      .executeTakeFirstOrThrow();
    return {
      interestCount: suppressCount(
        { count: row.interestCount, keySum: row.interestKeySum },
        publishOptions(config),
      ),
    };
  });
}

/** Deletes interest marks and day secrets older than today (the daily job; also run on each new mark). */
export async function purgeInterestMarks(db: Db, now = new Date()): Promise<void> {
  const day = utcDay(now);
  await db.deleteFrom('proposalInterestMarks').where('day', '<', day).execute();
  await db.deleteFrom('interestMarkSecrets').where('day', '<', day).execute();
}

/** "Talk to X at Y": an organisation that already does something close, to partner with. */
export async function addPartner(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  input: { organisationId: string; note?: string | undefined },
) {
  const note = input.note?.trim() || null;
  assertNoPersonalData('note', note);
  await openProposalOrThrow(db, id, 'suggest partners for');
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!org) throw invalid({ organisationId: 'unknown organisation' });
  const row = await db
    .insertInto('proposalPartners')
    .values({ proposalId: id, organisationId: org.id, suggestedBy: user.id, note })
    .returning(['id', 'createdAt'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    organisationId: org.id,
    organisationName: org.name,
    note,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function addBacking(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  input: { amountPence: number; period: string },
) {
  await openProposalOrThrow(db, id, 'back');
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('backings')
      .values({
        proposalId: id,
        funderId: user.id,
        amountPence: input.amountPence,
        period: input.period,
      })
      .returning(['id', 'createdAt'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      userId: user.id,
      action: 'proposal.backed',
      entity: 'proposal',
      entityId: id,
      details: { amountPence: input.amountPence },
    });
    return {
      id: row.id,
      funderId: user.id,
      funderName: user.name,
      amountPence: input.amountPence,
      period: input.period,
      createdAt: row.createdAt.toISOString(),
    };
  });
}
