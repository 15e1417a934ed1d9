/**
 * The PostgreSQL pool survives its backends being terminated (PostgreSQL only): a query cut
 * off mid-flight fails with a connection error, and the next queries and transactions are
 * answered (postgres.js alone can hand a dead connection out again and never settle,
 * porsager/postgres#1199).
 */
import postgres from 'postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './connect.js';
import { isConnectionError } from './resilient-pool.js';
import { createTestDb, requiredUrl, testDbKind } from './testing/test-db.js';

const onPostgres = testDbKind() === 'postgres';
let database: Database;
let admin: ReturnType<typeof postgres>;

beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDb();
  admin = postgres(requiredUrl(), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  if (!onPostgres) return;
  await admin.end();
  await database.close();
});

/** Settles within `ms`, or fails the test instead of hanging it. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms),
    ),
  ]);
}

async function terminateAll(dbName: string): Promise<number> {
  const rows =
    await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
  return rows.filter((r) => r.ok).length;
}

describe.skipIf(!onPostgres)('the PostgreSQL pool after terminated backends', () => {
  it('fails the cut-off query with a connection error, then answers queries and transactions again', async () => {
    const { db } = database;
    const dbName = (await sql<{ name: string }>`select current_database() as name`.execute(db))
      .rows[0]!.name;
    for (let round = 0; round < 3; round++) {
      // Every pooled connection busy, one of them inside a transaction, when the server drops them.
      const busy = [
        sql`select pg_sleep(5)`.execute(db),
        db.transaction().execute(async (trx) => sql`select pg_sleep(5)`.execute(trx)),
      ].map((p) =>
        p.then(
          () => null,
          (e: unknown) => e,
        ),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(await terminateAll(dbName)).toBeGreaterThan(0);
      const errors = await within(10_000, Promise.all(busy));
      for (const e of errors) expect(isConnectionError(e), String(e)).toBe(true);

      // Right away, more queries than the pool has connections, and a transaction.
      const answers = await within(
        10_000,
        Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            sql<{ n: number }>`select ${i}::int as n`.execute(db),
          ),
        ),
      );
      expect(answers.map((a) => a.rows[0]!.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const inTransaction = await within(
        10_000,
        db
          .transaction()
          .execute(
            async (trx) => (await sql<{ ok: boolean }>`select true as ok`.execute(trx)).rows[0]!.ok,
          ),
      );
      expect(inTransaction).toBe(true);
    }
  }, 60_000);
});
