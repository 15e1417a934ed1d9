/**
 * The need write path and the raw reads of its roll-ups. A write appends flags and their queue
 * rows; `addToRollups` brings need_counts, need_cell_counts, need_barrier_counts and
 * link_worker_activity up to date with them when they are folded (pending.ts). Raw counts
 * returned here stay on the server: publish them only through suppressCount.
 */
import { randomFillSync, randomInt } from 'node:crypto';
import { cellToParent } from 'h3-js';
import { v7 as uuidv7 } from 'uuid';
import { sql, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { CountWithin, HitRow } from '../http/rate-limit.js';
import type { DB, Db, Role } from '../../db/schema.js';
import type { PreparedFlag } from './needs.js';

/**
 * A new flag's id: a UUIDv7, whose leading bits are the time it was drawn, so new flags go to the
 * right-hand end of need_flags' primary-key index instead of a random
 * page of an index far larger than memory (random v4 ids made ingest slow down as the table
 * grew: 3–5k flags/s at 5M rows). The time in it is what `created_at` already holds; a flag's id
 * is shown to its author and, once removed, to admins in the audit log (who can already follow a
 * cell's raw open-week counts as they change).
 */
export const newFlagId = (): string => uuidv7({ rng: random16 });

// The uuid package draws 16 bytes from crypto.getRandomValues per id (~3 µs, a tenth of a batch
// request's time); these come from a pool refilled 4 KB at a time. Ids drawn in the same
// millisecond are then not ordered among themselves, which the indexes do not need.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;
function random16(): Uint8Array {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool.subarray(poolOffset, (poolOffset += 16));
}

/**
 * Free text as UTF-8 stores it: a lone surrogate becomes U+FFFD (as a text parameter's encoding
 * made it), where the database's JSON parser would refuse its escape.
 */
const wellFormed = (text: string | null) => text && text.replace(/\p{Cs}/gu, '\uFFFD');

/** A flag ready to store with its author; `id` and `recordKey` are drawn here unless given (a retry reuses them). */
export interface OwnedFlag extends PreparedFlag {
  userId: string;
  id?: string;
  recordKey?: number;
}

export interface CreatedFlag {
  id: string;
  cell: string;
  week: string;
}

/**
 * Stores flags, set-based: one statement, atomic by itself, whose text is fixed (prepared once
 * per connection) whatever the number of flags: `INSERT … SELECT FROM unnest($1::uuid[], …)` with
 * one array per column. Each flag is also appended to need_rollup_queue, in the same statement;
 * the roll-ups are brought up to date from there by `foldPendingFlags` (pending.ts), so
 * concurrent writers share no row and wait for no lock. The bulk write path: batch route,
 * group-committed single flags (flag-writer.ts), demo seed, benchmark. Flags may come from
 * several users.
 */
export function insertNeedFlags(
  db: Db,
  userId: string,
  flags: PreparedFlag[],
): Promise<CreatedFlag[]>;
export function insertNeedFlags(db: Db, flags: OwnedFlag[]): Promise<CreatedFlag[]>;
export async function insertNeedFlags(
  db: Db,
  userOrFlags: string | OwnedFlag[],
  maybeFlags?: PreparedFlag[],
): Promise<CreatedFlag[]> {
  const owned: OwnedFlag[] =
    typeof userOrFlags === 'string'
      ? (maybeFlags ?? []).map((f) => ({ ...f, userId: userOrFlags }))
      : userOrFlags;
  if (!owned.length) return [];
  const rows = withIds(owned);
  await sql`with f as (${flagRecords(rows)}), ${storeFlags} select 1`.execute(db);
  return rows.map((r) => ({ id: r.id, cell: r.cell, week: r.week }));
}

/** The session a flag's request came with, confirmed by the statement that stores the flag. */
export interface FlagSession {
  /** The request's session (sessions.id); it must belong to the flag's user. */
  id: string;
  /** Roles that may flag (admin included where it passes): the user's role now must be one. */
  roles: readonly Role[];
}

/** A flag of a signed-in request: its session, and its rate-limit key. */
export interface RequestedFlag extends OwnedFlag {
  session: FlagSession;
  limitKey: string;
}

/**
 * Stores the flags of requests whose session is live and whose rate-limit hit is allowed, in one
 * statement (one round trip, one commit):
 * - a flag counts only if its session, read in the statement's own snapshot, is not revoked nor
 *   expired at `now`, belongs to the flag's user, and that user is not disabled and has one of
 *   the session's `roles` now; a revocation committed before the statement is always seen, so
 *   the request's session needs no read of its own before it (http/auth.ts `confirmedByWrite`);
 * - the hits of those flags are counted (`RateLimiter.countWithin`), and each is stored only if
 *   its hit is allowed: a hit counts exactly when its statement commits.
 * Returns which flags' sessions were live (by index), and the counted rows (key, hits,
 * window_end) for `CountWithin.decide` over those flags in order.
 */
export async function insertCountedFlags(
  db: Db,
  flags: RequestedFlag[],
  count: CountWithin,
  now: Date,
): Promise<{ created: CreatedFlag[]; live: boolean[]; hits: HitRow[] }> {
  const rows = withIds(flags);
  const { rows: answer } = await sql<{ hits: HitRow[] | null; live: number[] | null }>`
    with f0 as (${flagRecords(rows, (i) => ({
      ord: i,
      limit_key: flags[i]!.limitKey,
      session_id: flags[i]!.session.id,
      roles: flags[i]!.session.roles,
    }))}),
    live as (
      select f0.ord from f0
      join sessions s on s.id = f0.session_id and s.user_id = f0.user_id
      join users u on u.id = s.user_id
      where s.revoked_at is null and s.idle_expires_at > ${now}::timestamptz and s.absolute_expires_at > ${now}::timestamptz
        and u.disabled_at is null and u.role = any(f0.roles)),
    counted as (
      select f0.*,
        row_number() over (partition by f0.limit_key order by f0.ord) as slot,
        count(*) over (partition by f0.limit_key) as key_n
      from f0 join live using (ord)),
    hits as (${count.upsert(sql`select limit_key as key, count(*)::int as n from counted group by limit_key`)}),
    f as (select counted.* from counted join hits h on h.key = counted.limit_key
      where ${count.allows('h.hits', 'counted.key_n', 'counted.slot')}),
    ${storeFlags}
    select
      (select json_agg(json_build_object('key', key, 'hits', hits, 'windowEnd', window_end)) from hits) as hits,
      (select array_agg(ord) from live) as live`.execute(db);
  const live = new Set(answer[0]?.live ?? []);
  return {
    created: rows.map((r) => ({ id: r.id, cell: r.cell, week: r.week })),
    live: rows.map((_, i) => live.has(i)),
    hits: answer[0]?.hits ?? [],
  };
}

const withIds = (owned: OwnedFlag[]) =>
  owned.map((f) => ({
    ...f,
    id: f.id ?? newFlagId(),
    recordKey: f.recordKey ?? randomInt(0, 256),
  }));

/**
 * The flags as rows: one JSON text for the whole batch (JSON.stringify is native; an array
 * parameter per column was escaped element by element in JS), parsed by the database.
 */
function flagRecords(
  rows: ReturnType<typeof withIds>,
  request?: (i: number) => {
    ord: number;
    limit_key: string;
    session_id: string;
    roles: readonly Role[];
  },
) {
  const json = JSON.stringify(
    rows.map((r, i) => {
      const record = {
        id: r.id,
        user_id: r.userId,
        tags: [...r.tags].sort(),
        cell: r.cell,
        cell7: cellToParent(r.cell, 7),
        cell6: cellToParent(r.cell, 6),
        week: r.week,
        barriers: r.barriers,
        age_band: r.ageBand,
        language: wellFormed(r.language),
        note: wellFormed(r.note),
        record_key: r.recordKey,
      };
      return request ? { ...record, ...request(i) } : record;
    }),
  );
  const columns = sql.raw(
    'id uuid, user_id uuid, tags text[], cell text, cell7 text, cell6 text, week date, barriers jsonb, age_band text, language text, note text, record_key int' +
      (request ? ', ord int, limit_key text, session_id uuid, roles text[]' : ''),
  );
  return sql`select * from json_to_recordset(${json}::json) as f(${columns})`;
}

/** The CTEs that store the rows of CTE `f` (flag records): need_flags and the roll-up queue. */
const storeFlags = sql`
    flags as (
      insert into need_flags (id, user_id, tags, cell, week, barriers, age_band, language, note, record_key)
      select id, user_id, tags, cell, week, barriers, age_band, language, note, record_key from f),
    queued as (
      insert into need_rollup_queue (user_id, tags, cell, cell7, cell6, week, barriers, record_key)
      select user_id, tags, cell, cell7, cell6, week, barriers, record_key from f)`;

/**
 * Takes up to `chunk` queued flags off need_rollup_queue and adds them to every roll-up
 * (need_counts, need_cell_counts, need_barrier_counts, link_worker_activity) in one statement: the
 * rows are grouped in the database (a data-modifying CTE per roll-up, `ON CONFLICT DO UPDATE`, key
 * sums mod 256) and deleted in the same statement, so each is counted exactly once. Roll-up rows
 * go in key order. Called by the one folder that holds the fold lock (pending.ts), inside its
 * transaction; returns how many flags it took.
 */
export async function foldChunk(trx: Transaction<DB>, chunk: number): Promise<number> {
  const { rows } = await sql<{ folded: number }>`
    with q as (
      delete from need_rollup_queue
      where ctid = any(array(select ctid from need_rollup_queue limit ${chunk}))
      returning user_id, tags, cell, cell7, cell6, week, barriers, record_key),
    t as (select tag, q.cell, q.cell7, q.cell6, q.week, q.barriers, q.record_key from q cross join unnest(q.tags) as tag),
    counts as (
      insert into need_counts (tag_slug, cell, cell7, cell6, week, count, key_sum)
      select tag, cell, min(cell7), min(cell6), week, count(*), sum(record_key) % 256 from t
      group by tag, cell, week order by tag, cell, week
      on conflict (tag_slug, cell, week) do update
        set count = need_counts.count + excluded.count, key_sum = (need_counts.key_sum + excluded.key_sum) % 256),
    cell_counts as (
      insert into need_cell_counts (cell, cell7, cell6, week, count, key_sum)
      select cell, min(cell7), min(cell6), week, count(*), sum(record_key) % 256 from q
      group by cell, week order by cell, week
      on conflict (cell, week) do update
        set count = need_cell_counts.count + excluded.count, key_sum = (need_cell_counts.key_sum + excluded.key_sum) % 256),
    barrier_counts as (
      insert into need_barrier_counts (tag_slug, cell, cell7, week, barrier, count, key_sum)
      select tag, cell, min(cell7), week, barrier, count(*), sum(record_key) % 256
      from t cross join jsonb_array_elements_text(t.barriers) as barrier
      group by tag, cell, week, barrier order by tag, cell, week, barrier
      on conflict (tag_slug, cell, week, barrier) do update
        set count = need_barrier_counts.count + excluded.count, key_sum = (need_barrier_counts.key_sum + excluded.key_sum) % 256),
    -- Every queued flag has its author (retention, which forgets authors, folds first).
    activity as (
      insert into link_worker_activity (user_id, cell, week, flags)
      select user_id, cell, week, count(*) from q where user_id is not null
      group by user_id, cell, week order by cell, week, user_id
      on conflict (cell, week, user_id) do update set flags = link_worker_activity.flags + excluded.flags)
    select count(*)::int as folded from q`.execute(trx);
  return rows[0]?.folded ?? 0;
}

/** A flag with what its removal must take back from the roll-ups; locked until the transaction ends. */
export function findFlagForRemoval(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('needFlags')
    .select(['id', 'userId', 'tags', 'cell', 'week', 'barriers', 'recordKey', 'createdAt'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

type FlagForRemoval = NonNullable<Awaited<ReturnType<typeof findFlagForRemoval>>>;

/** Deletes one flag and subtracts it from every roll-up (key sums mod 256); empty roll-up rows go. */
export async function removeNeedFlag(trx: Transaction<DB>, flag: FlagForRemoval): Promise<void> {
  const rk = flag.recordKey;
  await trx.deleteFrom('needFlags').where('id', '=', flag.id).execute();
  if (flag.tags.length) {
    await trx
      .updateTable('needCounts')
      .set({ count: sql`count - 1`, keySum: sql`(key_sum - ${rk} + 256) % 256` })
      .where('cell', '=', flag.cell)
      .where('week', '=', flag.week)
      .where('tagSlug', 'in', flag.tags)
      .execute();
    await trx
      .deleteFrom('needCounts')
      .where('cell', '=', flag.cell)
      .where('week', '=', flag.week)
      .where('tagSlug', 'in', flag.tags)
      .where('count', '=', 0)
      .execute();
    if (flag.barriers.length) {
      await trx
        .updateTable('needBarrierCounts')
        .set({ count: sql`count - 1`, keySum: sql`(key_sum - ${rk} + 256) % 256` })
        .where('cell', '=', flag.cell)
        .where('week', '=', flag.week)
        .where('tagSlug', 'in', flag.tags)
        .where('barrier', 'in', flag.barriers)
        .execute();
      await trx
        .deleteFrom('needBarrierCounts')
        .where('cell', '=', flag.cell)
        .where('week', '=', flag.week)
        .where('count', '=', 0)
        .execute();
    }
  }
  await trx
    .updateTable('needCellCounts')
    .set({ count: sql`count - 1`, keySum: sql`(key_sum - ${rk} + 256) % 256` })
    .where('cell', '=', flag.cell)
    .where('week', '=', flag.week)
    .execute();
  await trx
    .deleteFrom('needCellCounts')
    .where('cell', '=', flag.cell)
    .where('week', '=', flag.week)
    .where('count', '=', 0)
    .execute();
  await trx
    .updateTable('linkWorkerActivity')
    .set({ flags: sql`flags - 1` })
    .where('userId', '=', flag.userId)
    .where('cell', '=', flag.cell)
    .where('week', '=', flag.week)
    .execute();
  await trx
    .deleteFrom('linkWorkerActivity')
    .where('userId', '=', flag.userId)
    .where('cell', '=', flag.cell)
    .where('week', '=', flag.week)
    .where('flags', '=', 0)
    .execute();
}

/** Millisecond creation time: the cursor carries a JavaScript date, so the key must not hold microseconds. */
const flagCreatedMs = sql<Date>`date_trunc('milliseconds', need_flags.created_at)`;

/** The caller's own flags written since `since`, newest first, keyset-paginated on (createdAt, id). */
export function listOwnFlags(
  db: Db,
  userId: string,
  since: Date,
  limit: number,
  after?: [string, string],
) {
  let q = db
    .selectFrom('needFlags')
    .select([
      'id',
      'cell',
      'week',
      'barriers',
      'ageBand',
      'language',
      'note',
      flagCreatedMs.as('createdAt'),
      'tags',
    ])
    .where('userId', '=', userId)
    .where('createdAt', '>=', since);
  if (after) {
    const [at, id] = after;
    q = q.where(
      sql<boolean>`(${flagCreatedMs}, need_flags.id) < (${at}::timestamptz, ${id}::uuid)`,
    );
  }
  return q
    .orderBy(flagCreatedMs, 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Tags this user flagged most in the recent past (their own history, never anyone else's). */
export function ownTagUse(db: Db, userId: string, since: Date, limit: number) {
  return db
    .selectFrom(
      db
        .selectFrom('needFlags')
        .select(sql<string>`unnest(tags)`.as('tagSlug'))
        .where('userId', '=', userId)
        .where('createdAt', '>=', since)
        .as('used'),
    )
    .select(['tagSlug', sql<number>`count(*)::int`.as('uses')])
    .groupBy('tagSlug')
    .orderBy('uses', 'desc')
    .orderBy('tagSlug')
    .limit(limit)
    .execute();
}

/** Per-tag totals of the roll-up over a window (raw: the caller publishes them before ordering by them). */
export function tagTotals(db: Db, window: NeedWindow) {
  return db
    .selectFrom('needCounts')
    .select([
      'tagSlug',
      sql<number>`sum(count)::int`.as('count'),
      sql<number>`(sum(key_sum) % 256)::int`.as('keySum'),
    ])
    .$call(inWeekWindow(window))
    .groupBy('tagSlug')
    .execute();
}

export interface NeedWindow {
  /** Monday of the first week. */
  from: string;
  /** Monday of the last week (inclusive). */
  to: string;
}

/** The weekly roll-ups a window of weeks can be read from. */
type WeeklyTable =
  'needCounts' | 'needCellCounts' | 'needBarrierCounts' | 'linkWorkerCounts' | 'searchMissCounts';

/** Keeps the weeks of the window, both ends included: `.$call(inWeekWindow(window))`. */
export function inWeekWindow(window: NeedWindow) {
  // TB is generic, so TypeScript cannot look up the column's type; every WeeklyTable has `week`.
  const week = sql.ref<string>('week');
  return <TB extends WeeklyTable, O>(qb: SelectQueryBuilder<DB, TB, O>) =>
    qb.where(week, '>=', window.from).where(week, '<=', window.to);
}

/**
 * For the gap engine and area summaries: raw (count, keySum) per cell × tag and per
 * cell × tag × barrier over a window, from the roll-ups only. `tags` already expanded
 * (expandTags); an empty list of cells or tags gives nothing.
 */
export async function needCountsForCells(
  db: Db,
  cells: string[],
  tags: string[],
  window: NeedWindow,
) {
  if (!cells.length || !tags.length) return { counts: [], barriers: [] };
  const [counts, barriers] = await Promise.all([
    db
      .selectFrom('needCounts')
      .select([
        'cell',
        'tagSlug',
        sql<number>`sum(count)::int`.as('count'),
        sql<number>`(sum(key_sum) % 256)::int`.as('keySum'),
      ])
      .where('cell', 'in', cells)
      .where('tagSlug', 'in', tags)
      .$call(inWeekWindow(window))
      .groupBy(['cell', 'tagSlug'])
      .execute(),
    db
      .selectFrom('needBarrierCounts')
      .select([
        'cell',
        'tagSlug',
        'barrier',
        sql<number>`sum(count)::int`.as('count'),
        sql<number>`(sum(key_sum) % 256)::int`.as('keySum'),
      ])
      .where('cell', 'in', cells)
      .where('tagSlug', 'in', tags)
      .$call(inWeekWindow(window))
      .groupBy(['cell', 'tagSlug', 'barrier'])
      .execute(),
  ]);
  return { counts, barriers };
}
