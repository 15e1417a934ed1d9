/** Shared by the need and map tests: a taxonomy, a clean slate, and flags that land in known cells. */
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../db/schema.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { foldPendingFlags } from './pending.js';

export { seedTaxonomy };

/** Points in the demo area, a few hundred metres apart (distinct res-8 cells, some res-7 parents shared). */
export const POINTS = [
  { lat: 51.527, lng: -0.068 },
  { lat: 51.5275, lng: -0.0675 },
  { lat: 51.528, lng: -0.056 },
  { lat: 51.517, lng: -0.062 },
  { lat: 51.503, lng: -0.02 },
  { lat: 51.531, lng: -0.025 },
] as const;

export const DEMO_BBOX = '-0.1,51.48,0.02,51.56';

/** Rows in a need table (flags stored, flags queued for the roll-ups). */
export async function rowCount(
  db: Kysely<DB>,
  table: 'needFlags' | 'needRollupQueue',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearNeeds(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('needFlags').execute();
  await db.deleteFrom('needRollupQueue').execute();
  await db.deleteFrom('needCounts').execute();
  await db.deleteFrom('needCellCounts').execute();
  await db.deleteFrom('needBarrierCounts').execute();
  await db.deleteFrom('linkWorkerActivity').execute();
  await db.deleteFrom('linkWorkerCounts').execute();
  await db.deleteFrom('needReleases').execute();
  await db.deleteFrom('publishedNeedTotals').execute();
  await db.deleteFrom('publishedCellTotals').execute();
}

/** Every roll-up equals a GROUP BY over need_flags (its tags unnested), row for row. */
export async function expectRollupsMatchFlags(db: Kysely<DB>): Promise<void> {
  await foldPendingFlags(db);
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  const counts =
    await sql`select tag_slug, cell, week::text as week, count, key_sum from need_counts`.execute(
      db,
    );
  const fromFlags =
    await sql`select t.tag_slug, f.cell, f.week::text as week, count(*)::int as count, (sum(f.record_key) % 256)::int as key_sum
    from need_flags f cross join lateral unnest(f.tags) as t(tag_slug) group by t.tag_slug, f.cell, f.week`.execute(
      db,
    );
  expect(sorted(counts.rows)).toEqual(sorted(fromFlags.rows));

  const cells =
    await sql`select cell, week::text as week, count, key_sum from need_cell_counts`.execute(db);
  const cellsFromFlags =
    await sql`select cell, week::text as week, count(*)::int as count, (sum(record_key) % 256)::int as key_sum from need_flags group by cell, week`.execute(
      db,
    );
  expect(sorted(cells.rows)).toEqual(sorted(cellsFromFlags.rows));

  const barriers =
    await sql`select tag_slug, cell, week::text as week, barrier, count, key_sum from need_barrier_counts`.execute(
      db,
    );
  const barriersFromFlags =
    await sql`select t.tag_slug, f.cell, f.week::text as week, b.barrier, count(*)::int as count, (sum(f.record_key) % 256)::int as key_sum
    from need_flags f cross join lateral unnest(f.tags) as t(tag_slug) cross join lateral jsonb_array_elements_text(f.barriers) as b(barrier)
    group by t.tag_slug, f.cell, f.week, b.barrier`.execute(db);
  expect(sorted(barriers.rows)).toEqual(sorted(barriersFromFlags.rows));

  const activity =
    await sql`select user_id, cell, week::text as week, flags from link_worker_activity`.execute(
      db,
    );
  const activityFromFlags =
    await sql`select user_id, cell, week::text as week, count(*)::int as flags from need_flags group by user_id, cell, week`.execute(
      db,
    );
  expect(sorted(activity.rows)).toEqual(sorted(activityFromFlags.rows));
}
