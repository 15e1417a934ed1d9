import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublicationJobs } from '../server/releases/jobs.js';
import type { Database } from './connect.js';
import { refreshPlannerStatistics } from './planner-statistics.js';
import { createTestDb, testDbKind } from './testing/test-db.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.close());

const statisticsRows = async (table: string) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_statistic
        where starelid = ${table}::regclass`.execute(database.db)
    ).rows[0]!.n,
  );
const estimatedRows = async (table: string) =>
  Number(
    (
      await sql<{ n: number }>`select reltuples::int as n from pg_class
        where oid = ${table}::regclass`.execute(database.db)
    ).rows[0]!.n,
  );

// Only the embedded database runs it; on PostgreSQL autovacuum could analyze the probe tables meanwhile.
describe.skipIf(testDbKind() !== 'pglite')('refreshPlannerStatistics (PGlite)', () => {
  it('analyzes the tables without statistics, and every table when asked', async () => {
    await sql`create table planner_probe (id int primary key, label text)`.execute(database.db);
    await sql`insert into planner_probe select g, 'row ' || g from generate_series(1, 500) g`.execute(
      database.db,
    );
    expect(await statisticsRows('planner_probe')).toBe(0);
    await refreshPlannerStatistics(database.db, { all: false });
    expect(await statisticsRows('planner_probe')).toBeGreaterThan(0);
    expect(await estimatedRows('planner_probe')).toBe(500);

    await sql`insert into planner_probe select g, 'row ' || g from generate_series(501, 2000) g`.execute(
      database.db,
    );
    // Already analyzed: left alone until a release asks for every table.
    await refreshPlannerStatistics(database.db, { all: false });
    expect(await estimatedRows('planner_probe')).toBe(500);
    await refreshPlannerStatistics(database.db, { all: true });
    expect(await estimatedRows('planner_probe')).toBe(2000);
  });

  it('is run by the publication jobs when asked (the embedded database)', async () => {
    await sql`create table planner_probe_jobs (id int primary key)`.execute(database.db);
    await sql`insert into planner_probe_jobs select generate_series(1, 300)`.execute(database.db);
    await runPublicationJobs(database.db, () => {});
    expect(await statisticsRows('planner_probe_jobs')).toBe(0);
    await runPublicationJobs(database.db, () => {}, { refreshStatistics: true });
    expect(await statisticsRows('planner_probe_jobs')).toBeGreaterThan(0);
  });
});
