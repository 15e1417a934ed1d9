/**
 * The need write path and the raw reads of its roll-ups. Every write keeps need_counts,
 * need_cell_counts, need_barrier_counts and link_worker_activity in step with need_flags inside
 * the caller's transaction. Raw counts returned here stay on the server: publish them only
 * through suppressCount.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { cellToParent } from 'h3-js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PreparedFlag } from './needs.js';

export type Db = Kysely<DB> | Transaction<DB>;

/** Rows per statement, so no insert exceeds PostgreSQL's 65,535 bind parameters. */
const PARAMS_PER_STATEMENT = 30_000;

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Sums rows by key; the sorted output makes every writer lock roll-up rows in the same order (no deadlocks). */
function tally<T extends { count: number; keySum: number }>(entries: [string, T][]): T[] {
  const byKey = new Map<string, T>();
  for (const [key, row] of entries) {
    const seen = byKey.get(key);
    if (seen) {
      seen.count += row.count;
      seen.keySum = (seen.keySum + row.keySum) % 256;
    } else byKey.set(key, { ...row });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * Stores flags and updates every roll-up, set-based: the roll-ups are aggregated in JS first,
 * then written with one INSERT … ON CONFLICT DO UPDATE per table (split only past the bind
 * parameter limit). The bulk write path (batch route, demo seed, benchmark).
 */
export async function insertNeedFlags(trx: Transaction<DB>, userId: string, flags: PreparedFlag[]): Promise<{ id: string; cell: string; week: string }[]> {
  if (!flags.length) return [];
  const rows = flags.map((f) => ({ ...f, id: randomUUID(), recordKey: randomInt(0, 256) }));
  const parents = new Map<string, { cell7: string; cell6: string }>();
  const parentsOf = (cell: string) => {
    let p = parents.get(cell);
    if (!p) parents.set(cell, (p = { cell7: cellToParent(cell, 7), cell6: cellToParent(cell, 6) }));
    return p;
  };

  for (const chunk of chunks(rows, 9)) {
    await trx.insertInto('needFlags').values(chunk.map((r) => ({
      id: r.id, userId, cell: r.cell, week: r.week, barriers: JSON.stringify(r.barriers), ageBand: r.ageBand,
      language: r.language, note: r.note, recordKey: r.recordKey,
    }))).execute();
  }
  const tagRows = rows.flatMap((r) => r.tags.map((tagSlug) => ({ flagId: r.id, tagSlug })));
  for (const chunk of chunks(tagRows, 2)) await trx.insertInto('needFlagTags').values(chunk).execute();

  const counts = tally(rows.flatMap((r) => r.tags.map((tagSlug): [string, { tagSlug: string; cell: string; cell7: string; cell6: string; week: string; count: number; keySum: number }] =>
    [`${tagSlug}|${r.cell}|${r.week}`, { tagSlug, cell: r.cell, ...parentsOf(r.cell), week: r.week, count: 1, keySum: r.recordKey }])));
  for (const chunk of chunks(counts, 7)) {
    await trx.insertInto('needCounts').values(chunk)
      .onConflict((oc) => oc.columns(['tagSlug', 'cell', 'week']).doUpdateSet({
        count: sql`need_counts.count + excluded.count`,
        keySum: sql`(need_counts.key_sum + excluded.key_sum) % 256`,
      }))
      .execute();
  }

  const cellCounts = tally(rows.map((r): [string, { cell: string; cell7: string; cell6: string; week: string; count: number; keySum: number }] =>
    [`${r.cell}|${r.week}`, { cell: r.cell, ...parentsOf(r.cell), week: r.week, count: 1, keySum: r.recordKey }]));
  for (const chunk of chunks(cellCounts, 6)) {
    await trx.insertInto('needCellCounts').values(chunk)
      .onConflict((oc) => oc.columns(['cell', 'week']).doUpdateSet({
        count: sql`need_cell_counts.count + excluded.count`,
        keySum: sql`(need_cell_counts.key_sum + excluded.key_sum) % 256`,
      }))
      .execute();
  }

  const barrierCounts = tally(rows.flatMap((r) => r.tags.flatMap((tagSlug) => r.barriers.map((barrier): [string, { tagSlug: string; cell: string; cell7: string; week: string; barrier: string; count: number; keySum: number }] =>
    [`${tagSlug}|${r.cell}|${r.week}|${barrier}`, { tagSlug, cell: r.cell, cell7: parentsOf(r.cell).cell7, week: r.week, barrier, count: 1, keySum: r.recordKey }]))));
  for (const chunk of chunks(barrierCounts, 7)) {
    await trx.insertInto('needBarrierCounts').values(chunk)
      .onConflict((oc) => oc.columns(['tagSlug', 'cell', 'week', 'barrier']).doUpdateSet({
        count: sql`need_barrier_counts.count + excluded.count`,
        keySum: sql`(need_barrier_counts.key_sum + excluded.key_sum) % 256`,
      }))
      .execute();
  }

  const activity = tally(rows.map((r): [string, { userId: string; cell: string; week: string; count: number; keySum: number }] =>
    [`${r.cell}|${r.week}`, { userId, cell: r.cell, week: r.week, count: 1, keySum: 0 }]));
  for (const chunk of chunks(activity, 4)) {
    await trx.insertInto('linkWorkerActivity').values(chunk.map((a) => ({ userId: a.userId, cell: a.cell, week: a.week, flags: a.count })))
      .onConflict((oc) => oc.columns(['cell', 'week', 'userId']).doUpdateSet({ flags: sql`link_worker_activity.flags + excluded.flags` }))
      .execute();
  }
  return rows.map((r) => ({ id: r.id, cell: r.cell, week: r.week }));
}

/** A flag with what its removal must take back from the roll-ups; locked until the transaction ends. */
export async function findFlagForRemoval(trx: Transaction<DB>, id: string) {
  const flag = await trx.selectFrom('needFlags')
    .select(['id', 'userId', 'cell', 'week', 'barriers', 'recordKey', 'createdAt'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!flag) return undefined;
  const tags = await trx.selectFrom('needFlagTags').select('tagSlug').where('flagId', '=', id).execute();
  return { ...flag, tags: tags.map((t) => t.tagSlug) };
}

type FlagForRemoval = NonNullable<Awaited<ReturnType<typeof findFlagForRemoval>>>;

/** Deletes one flag and subtracts it from every roll-up (key sums mod 256); empty roll-up rows go. */
export async function removeNeedFlag(trx: Transaction<DB>, flag: FlagForRemoval): Promise<void> {
  const rk = flag.recordKey;
  await trx.deleteFrom('needFlags').where('id', '=', flag.id).execute();
  if (flag.tags.length) {
    await trx.updateTable('needCounts')
      .set({ count: sql`count - 1`, keySum: sql`(key_sum - ${rk} + 256) % 256` })
      .where('cell', '=', flag.cell).where('week', '=', flag.week).where('tagSlug', 'in', flag.tags)
      .execute();
    await trx.deleteFrom('needCounts').where('cell', '=', flag.cell).where('week', '=', flag.week).where('tagSlug', 'in', flag.tags).where('count', '=', 0).execute();
    if (flag.barriers.length) {
      await trx.updateTable('needBarrierCounts')
        .set({ count: sql`count - 1`, keySum: sql`(key_sum - ${rk} + 256) % 256` })
        .where('cell', '=', flag.cell).where('week', '=', flag.week).where('tagSlug', 'in', flag.tags).where('barrier', 'in', flag.barriers)
        .execute();
      await trx.deleteFrom('needBarrierCounts').where('cell', '=', flag.cell).where('week', '=', flag.week).where('count', '=', 0).execute();
    }
  }
  await trx.updateTable('needCellCounts')
    .set({ count: sql`count - 1`, keySum: sql`(key_sum - ${rk} + 256) % 256` })
    .where('cell', '=', flag.cell).where('week', '=', flag.week)
    .execute();
  await trx.deleteFrom('needCellCounts').where('cell', '=', flag.cell).where('week', '=', flag.week).where('count', '=', 0).execute();
  await trx.updateTable('linkWorkerActivity').set({ flags: sql`flags - 1` })
    .where('userId', '=', flag.userId).where('cell', '=', flag.cell).where('week', '=', flag.week)
    .execute();
  await trx.deleteFrom('linkWorkerActivity').where('userId', '=', flag.userId).where('cell', '=', flag.cell).where('week', '=', flag.week).where('flags', '=', 0).execute();
}

/** The caller's own flags written since `since`, newest first, keyset-paginated on (createdAt, id). */
export function listOwnFlags(db: Db, userId: string, since: Date, limit: number, after?: [string, string]) {
  let q = db.selectFrom('needFlags')
    .select([
      'id', 'cell', 'week', 'barriers', 'ageBand', 'language', 'note', 'createdAt',
      sql<string[]>`coalesce((select json_agg(t.tag_slug order by t.tag_slug) from need_flag_tags t where t.flag_id = need_flags.id), '[]')`.as('tags'),
    ])
    .where('userId', '=', userId)
    .where('createdAt', '>=', since);
  if (after) {
    const [at, id] = after;
    q = q.where((eb) => eb.or([eb('createdAt', '<', new Date(at)), eb.and([eb('createdAt', '=', new Date(at)), eb('id', '<', id)])]));
  }
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}

/** Tags this user flagged most in the recent past (their own history, never anyone else's). */
export function ownTagUse(db: Db, userId: string, since: Date, limit: number) {
  return db.selectFrom('needFlagTags')
    .innerJoin('needFlags', 'needFlags.id', 'needFlagTags.flagId')
    .select(['needFlagTags.tagSlug', sql<number>`count(*)::int`.as('uses')])
    .where('needFlags.userId', '=', userId)
    .where('needFlags.createdAt', '>=', since)
    .groupBy('needFlagTags.tagSlug')
    .orderBy('uses', 'desc').orderBy('needFlagTags.tagSlug')
    .limit(limit)
    .execute();
}

/** Tags flagged most across the area in a window, from the roll-up: an order, never counts. */
export function tagRanking(db: Db, fromWeek: string, limit: number) {
  return db.selectFrom('needCounts')
    .select('tagSlug')
    .where('week', '>=', fromWeek)
    .groupBy('tagSlug')
    .orderBy(sql`sum(count)`, 'desc').orderBy('tagSlug')
    .limit(limit)
    .execute();
}

export interface NeedWindow {
  /** Monday of the first week. */
  from: string;
  /** Monday of the last week (inclusive). */
  to: string;
}

/**
 * For the gap engine and area summaries: raw (count, keySum) per cell × tag and per
 * cell × tag × barrier over a window, from the roll-ups only. `tags` already expanded
 * (expandTags); an empty list of cells or tags gives nothing.
 */
export async function needCountsForCells(db: Db, cells: string[], tags: string[], window: NeedWindow) {
  if (!cells.length || !tags.length) return { counts: [], barriers: [] };
  const [counts, barriers] = await Promise.all([
    db.selectFrom('needCounts')
      .select(['cell', 'tagSlug', sql<number>`sum(count)::int`.as('count'), sql<number>`(sum(key_sum) % 256)::int`.as('keySum')])
      .where('cell', 'in', cells).where('tagSlug', 'in', tags)
      .where('week', '>=', window.from).where('week', '<=', window.to)
      .groupBy(['cell', 'tagSlug'])
      .execute(),
    db.selectFrom('needBarrierCounts')
      .select(['cell', 'tagSlug', 'barrier', sql<number>`sum(count)::int`.as('count'), sql<number>`(sum(key_sum) % 256)::int`.as('keySum')])
      .where('cell', 'in', cells).where('tagSlug', 'in', tags)
      .where('week', '>=', window.from).where('week', '<=', window.to)
      .groupBy(['cell', 'tagSlug', 'barrier'])
      .execute(),
  ]);
  return { counts, barriers };
}
