/** Proposal queries; each takes the db or a transaction first. */
import { sql } from 'kysely';
import type { Db, ProposalStage } from '../../db/schema.js';

// Cursors carry milliseconds; compare on the truncated time so no row at a page edge is skipped.
const createdMs = sql<Date>`date_trunc('milliseconds', proposals.created_at)`;

export function listProposals(
  db: Db,
  f: { stage?: ProposalStage; limit: number; after?: [string, string] },
) {
  let q = db
    .selectFrom('proposals')
    .selectAll('proposals')
    .select([
      createdMs.as('createdKey'),
      (eb) =>
        eb
          .selectFrom('proposalMembers')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('proposalMembers.proposalId', '=', 'proposals.id')
          .as('memberCount'),
      (eb) =>
        eb
          .selectFrom('backings')
          .select(sql<number>`coalesce(sum(amount_pence), 0)::int8`.as('p'))
          .whereRef('backings.proposalId', '=', 'proposals.id')
          .as('backingPence'),
    ]);
  if (f.stage) q = q.where('proposals.stage', '=', f.stage);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where(sql<boolean>`(${createdMs}, proposals.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return q
    .orderBy(createdMs, 'desc')
    .orderBy('proposals.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function findProposal(db: Db, id: string) {
  return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Members, partners, backings and stage history of one proposal (comments page separately). */
export async function loadProposalParts(db: Db, id: string) {
  const [members, partners, backings, history] = await Promise.all([
    db
      .selectFrom('proposalMembers')
      .innerJoin('users', 'users.id', 'proposalMembers.userId')
      .select([
        'proposalMembers.userId',
        'users.name',
        'users.role',
        'proposalMembers.commitment',
        'proposalMembers.hoursPerMonth',
        'proposalMembers.createdAt',
      ])
      .where('proposalMembers.proposalId', '=', id)
      .orderBy('proposalMembers.createdAt')
      .execute(),
    db
      .selectFrom('proposalPartners')
      .innerJoin('organisations', 'organisations.id', 'proposalPartners.organisationId')
      .select([
        'proposalPartners.id',
        'proposalPartners.organisationId',
        'organisations.name as organisationName',
        'proposalPartners.note',
        'proposalPartners.createdAt',
      ])
      .where('proposalPartners.proposalId', '=', id)
      .orderBy('proposalPartners.createdAt')
      .execute(),
    db
      .selectFrom('backings')
      .innerJoin('users', 'users.id', 'backings.funderId')
      .select([
        'backings.id',
        'backings.funderId',
        'users.name as funderName',
        'backings.amountPence',
        'backings.period',
        'backings.createdAt',
      ])
      .where('backings.proposalId', '=', id)
      .orderBy('backings.createdAt')
      .execute(),
    db
      .selectFrom('proposalStageEvents')
      .select(['stage', 'at'])
      .where('proposalId', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  ]);
  return { members, partners, backings, history };
}

export function listComments(
  db: Db,
  proposalId: string,
  f: { limit: number; after?: [string, string] },
) {
  const at = sql<Date>`date_trunc('milliseconds', proposal_comments.created_at)`;
  let q = db
    .selectFrom('proposalComments')
    .innerJoin('users', 'users.id', 'proposalComments.userId')
    .select([
      'proposalComments.id',
      'proposalComments.userId',
      'users.name as authorName',
      'proposalComments.body',
      at.as('createdAt'),
    ])
    .where('proposalComments.proposalId', '=', proposalId);
  // Oldest first, like a conversation.
  if (f.after)
    q = q.where(
      sql<boolean>`(${at}, proposal_comments.id) > (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`,
    );
  return q
    .orderBy(at)
    .orderBy('proposalComments.id')
    .limit(f.limit + 1)
    .execute();
}

export function insertStageEvent(
  db: Db,
  proposalId: string,
  stage: ProposalStage,
  byUserId: string,
) {
  return db.insertInto('proposalStageEvents').values({ proposalId, stage, byUserId }).execute();
}

/**
 * Counts by stage and the backing pledged to each stage: the funders' pipeline. The dashboard's
 * filters narrow it like every other panel: proposals opened in the window (whole weeks, from the
 * Monday `from` through the week of `to`) at a place inside the area (its res-8 cells).
 */
export async function pipeline(
  db: Db,
  f: { window?: { from: string; to: string } | undefined; areaId?: string | undefined } = {},
) {
  const conditions = [sql`true`];
  if (f.window) {
    conditions.push(sql`p.created_at >= ${f.window.from}::date`);
    conditions.push(sql`p.created_at < ${f.window.to}::date + 7`);
  }
  if (f.areaId)
    conditions.push(sql`p.cell in (select cell from area_cells where area_id = ${f.areaId})`);
  const result = await sql<{ stage: ProposalStage; proposals: number; backingPence: number }>`
    select p.stage, count(*)::int as proposals, coalesce(sum(b.total), 0)::int8 as backing_pence
    from proposals p
    left join (select proposal_id, sum(amount_pence) as total from backings group by proposal_id) b on b.proposal_id = p.id
    where ${sql.join(conditions, sql` and `)}
    group by p.stage`.execute(db);
  return result.rows;
}
