/**
 * A flag is one row (migration 0860): its tags are a column, and the integrity the row-level
 * foreign keys gave is kept by need_flags' statement trigger, set-based. Checked on each
 * database: the migration carries existing flags' tags over (and back down), and a statement
 * naming an unknown user or tag fails whole with foreign_key_violation, nothing written.
 */
import { cellToParent } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../db/connect.js';
import { migrations } from '../../db/migrations/index.js';
import { createTestDatabaseUrl, testDbKind } from '../../db/testing/test-db.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { insertNeedFlags } from './queries.js';
import { expectRollupsMatchFlags, rowCount, seedTaxonomy } from './testing.js';

const CELL = '88195d2b1bfffff';

/**
 * An empty database of its own (the test's kind) and a migrator over it, so a test can step the
 * schema up and down; closed and dropped after the describe block.
 */
function emptyDatabase() {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  const state = {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a schema from before DB's
    db: undefined as unknown as Kysely<any>,
    migrator: undefined as unknown as Migrator,
  };
  beforeAll(async () => {
    if (testDbKind() === 'postgres') {
      const empty = await createTestDatabaseUrl({ empty: true });
      drop = empty.drop;
      database = await connect({ databaseUrl: empty.url, maxConnections: 2 });
    } else database = await connect({ pgliteDir: 'memory://' });
    state.db = database.db;
    state.migrator = new Migrator({
      db: state.db,
      provider: { getMigrations: async () => migrations },
      allowUnorderedMigrations: true,
    });
  });
  afterAll(async () => {
    await database.close();
    await drop?.();
  });
  return state;
}

describe('migration 0860 (tags inline)', () => {
  const empty = emptyDatabase();

  it("carries every flag's tags into the column, sorted, and back down again", async () => {
    const { db, migrator } = empty;
    const before = await migrator.migrateTo('0850_perf_write_notices');
    expect(before.error).toBeUndefined();
    await seedTaxonomy(db);
    const [user] = (
      await sql<{
        id: string;
      }>`insert into users (email, name, role) values ('lw@example.org', 'LW', 'link_worker') returning id`.execute(
        db,
      )
    ).rows;
    const flags = (
      await sql<{ id: string }>`insert into need_flags (user_id, cell, week, record_key)
        values (${user!.id}, ${CELL}, '2026-11-02', 7), (${user!.id}, ${CELL}, '2026-11-09', 9) returning id`.execute(
        db,
      )
    ).rows.map((r) => r.id);
    await sql`insert into need_flag_tags (flag_id, tag_slug) values
      (${flags[0]}, 'debt-advice'), (${flags[0]}, 'befriending'), (${flags[1]}, 'crafts')`.execute(
      db,
    );

    const up = await migrator.migrateTo('0860_needs_inline_tags');
    expect(up.error).toBeUndefined();
    const after = await sql<{
      id: string;
      tags: string[];
    }>`select id, tags from need_flags`.execute(db);
    expect(Object.fromEntries(after.rows.map((r) => [r.id, r.tags]))).toEqual({
      [flags[0]!]: ['befriending', 'debt-advice'],
      [flags[1]!]: ['crafts'],
    });
    const table = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_name = 'need_flag_tags' and table_schema = current_schema()`.execute(
      db,
    );
    expect(table.rows[0]!.n).toBe(0);

    const down = await migrator.migrateTo('0850_perf_write_notices');
    expect(down.error).toBeUndefined();
    const back = await sql<{
      flagId: string;
      tagSlug: string;
    }>`select flag_id, tag_slug from need_flag_tags order by flag_id, tag_slug`.execute(db);
    expect(back.rows.map((r) => [r.flagId, r.tagSlug])).toEqual(
      [
        [flags[0], 'befriending'],
        [flags[0], 'debt-advice'],
        [flags[1], 'crafts'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)),
    );
  });
});

describe('migration 0880 (the fold in SQL)', () => {
  const empty = emptyDatabase();

  it("gives flags already queued their cell's res-7 and res-6 parents, and goes back down", async () => {
    const { db, migrator } = empty;
    expect((await migrator.migrateTo('0870_needs_pending_rollups')).error).toBeUndefined();
    const other = '881f1d4a0dfffff';
    await sql`insert into need_rollup_queue (tags, cell, week, barriers, record_key) values
      ('{befriending}', ${CELL}, '2026-11-02', '[]', 7), ('{crafts}', ${other}, '2026-11-02', '["cost"]', 9),
      ('{crafts}', ${CELL}, '2026-11-09', '[]', 3)`.execute(db);
    expect((await migrator.migrateTo('0880_needs_fold_in_sql')).error).toBeUndefined();
    const rows = await sql<{ cell: string; cell7: string; cell6: string }>`
      select cell, cell7, cell6 from need_rollup_queue order by record_key`.execute(db);
    expect(rows.rows.map((r) => r.cell)).toEqual([CELL, CELL, other]);
    for (const r of rows.rows)
      expect([r.cell7, r.cell6]).toEqual([cellToParent(r.cell, 7), cellToParent(r.cell, 6)]);
    await expect(
      sql`insert into need_rollup_queue (tags, cell, week, barriers, record_key) values ('{crafts}', ${CELL}, '2026-11-09', '[]', 1)`.execute(
        db,
      ),
    ).rejects.toThrow(/cell7/);
    expect((await migrator.migrateTo('0870_needs_pending_rollups')).error).toBeUndefined();
    expect(await rowCount(db, 'needRollupQueue')).toBe(3);
  });
});

describe("need_flags' statement trigger", () => {
  let t: TestApp;
  let author: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedTaxonomy(t.db);
    author = (await t.signIn('link_worker')).userId;
  });
  afterAll(() => t.close());

  const flag = (tags: string[]) => ({
    tags,
    cell: CELL,
    week: '2026-11-30',
    barriers: ['cost' as const],
    ageBand: null,
    language: null,
    note: null,
  });
  const stored = () => rowCount(t.db, 'needFlags');

  it('refuses a whole statement that names a tag the taxonomy does not have', async () => {
    const n = await stored();
    await expect(
      insertNeedFlags(t.db, author, [flag(['befriending']), flag(['befriending', 'no-such-tag'])]),
    ).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/unknown_tag/) });
    expect(await stored()).toBe(n);
    await expectRollupsMatchFlags(t.db);
  });

  it('refuses a whole statement whose author is not a user', async () => {
    const n = await stored();
    await expect(
      insertNeedFlags(t.db, [
        { ...flag(['crafts']), userId: author },
        { ...flag(['crafts']), userId: '00000000-0000-4000-8000-000000000000' },
      ]),
    ).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/unknown_user/) });
    expect(await stored()).toBe(n);
    await expectRollupsMatchFlags(t.db);
  });

  it('stores known tags and authors as one row per flag, its tags sorted', async () => {
    const [created] = await insertNeedFlags(t.db, author, [flag(['debt-advice', 'befriending'])]);
    const row = await t.db
      .selectFrom('needFlags')
      .select(['tags', 'userId'])
      .where('id', '=', created!.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ tags: ['befriending', 'debt-advice'], userId: author });
    await expectRollupsMatchFlags(t.db);
  });
});
