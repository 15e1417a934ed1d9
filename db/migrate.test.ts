import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from './connect.js';
import { allApplied, migrateToLatest, pendingMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';
import { createTestDb } from './testing/test-db.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.close());

describe('a start with nothing to migrate', () => {
  it('is told so by one read, and migrating again changes nothing', async () => {
    expect(await allApplied(database.db)).toBe(true);
    await migrateToLatest(database.db);
    expect(await pendingMigrations(database.db)).toEqual([]);
  });

  it('is not assumed when a migration the code knows has not run, or on a new database', async () => {
    const last = Object.keys(migrations).at(-1)!;
    // Inside a transaction that is rolled back, so the row comes back.
    const undone = database.db.transaction().execute(async (trx) => {
      await sql`delete from kysely_migration where name = ${last}`.execute(trx);
      expect(await allApplied(trx)).toBe(false);
      expect(await pendingMigrations(trx)).toEqual([last]);
      throw new Error('undo');
    });
    await expect(undone).rejects.toThrow('undo');
    expect(await allApplied(database.db)).toBe(true);

    const empty = await connect({ pgliteDir: 'memory://' });
    try {
      expect(await allApplied(empty.db)).toBe(false);
    } finally {
      await empty.close();
    }
  });
});
