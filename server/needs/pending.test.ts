/**
 * Append, then merge: whatever the interleaving of flag writes and folds (concurrent folders, a
 * queue taken in chunks, a fold inside a caller's transaction), every flag is counted in the
 * roll-ups exactly once, and the background folder gets there on its own.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDbKind } from '../../db/testing/test-db.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import type { PreparedFlag } from './needs.js';
import { foldPendingFlags, startFolding } from './pending.js';
import { insertNeedFlags } from './queries.js';
import { clearNeeds, expectRollupsMatchFlags, rowCount, seedTaxonomy } from './testing.js';

let t: TestApp;
let authors: string[];
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  authors = [(await t.signIn('link_worker')).userId, (await t.signIn('link_worker')).userId];
});
afterAll(() => t.close());
beforeEach(() => clearNeeds(t.db));

const CELLS = ['88195d2b1bfffff', '88195d2b15fffff', '88195d2a27fffff'];
const flagArb = fc.record({
  tags: fc.uniqueArray(fc.constantFrom('befriending', 'crafts', 'debt-advice'), {
    minLength: 1,
    maxLength: 2,
  }),
  cell: fc.constantFrom(...CELLS),
  week: fc.constantFrom('2026-11-16', '2026-11-23', '2026-11-30'),
  barriers: fc.uniqueArray(fc.constantFrom('cost' as const, 'transport' as const), {
    maxLength: 2,
  }),
});
type FlagSpec = Pick<PreparedFlag, 'tags' | 'cell' | 'week' | 'barriers'>;
const prepared = (f: FlagSpec): PreparedFlag => ({
  ...f,
  ageBand: null,
  language: null,
  note: null,
});
const queued = () => rowCount(t.db, 'needRollupQueue');

describe('folding pending flags into the roll-ups', () => {
  it('counts every flag exactly once, whatever runs at the same time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ write: fc.array(flagArb, { minLength: 1, maxLength: 8 }), by: fc.nat(1) }),
            fc.record({ fold: fc.integer({ min: 1, max: 5 }) }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        async (steps) => {
          await clearNeeds(t.db);
          // All at once: writes and folds (small chunks, so a fold takes the queue in parts) interleave.
          await Promise.all(
            steps.map((step) =>
              'write' in step
                ? insertNeedFlags(t.db, authors[step.by]!, step.write.map(prepared))
                : foldPendingFlags(t.db, { chunk: step.fold }),
            ),
          );
          await expectRollupsMatchFlags(t.db);
          expect(await queued()).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("folds inside the caller's transaction: rolled back, the flags are pending again", async () => {
    await insertNeedFlags(t.db, authors[0]!, [
      prepared({ tags: ['crafts'], cell: CELLS[0]!, week: '2026-11-30', barriers: [] }),
    ]);
    await t.db
      .transaction()
      .execute(async (trx) => {
        expect(await foldPendingFlags(trx)).toBe(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await queued()).toBe(1);
    expect(await t.db.selectFrom('needCounts').selectAll().execute()).toEqual([]);
    await expectRollupsMatchFlags(t.db);
  });

  it.skipIf(testDbKind() !== 'postgres')(
    'the periodic fold leaves the queue to a folder under way instead of waiting for it',
    async () => {
      await insertNeedFlags(t.db, authors[0]!, [
        prepared({ tags: ['crafts'], cell: CELLS[2]!, week: '2026-11-30', barriers: [] }),
      ]);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let folding!: () => void;
      const started = new Promise<void>((r) => (folding = r));
      const other = t.db.transaction().execute(async (trx) => {
        await foldPendingFlags(trx);
        folding();
        await held;
      });
      await started;
      // Another process holds the lock: nothing folded, nothing waited for.
      const before = performance.now();
      expect(await foldPendingFlags(t.db, { unlessBusy: true })).toBe(0);
      expect(performance.now() - before).toBeLessThan(2_000);
      release();
      await other;
      await insertNeedFlags(t.db, authors[1]!, [
        prepared({ tags: ['crafts'], cell: CELLS[2]!, week: '2026-11-30', barriers: ['cost'] }),
      ]);
      // The lock free again: it folds.
      expect(await foldPendingFlags(t.db, { unlessBusy: true })).toBe(1);
      await expectRollupsMatchFlags(t.db);
    },
  );

  it('a process folds on its own within moments, and stops cleanly', async () => {
    const folding = startFolding(t.db, () => undefined, { intervalMs: 20 });
    try {
      await insertNeedFlags(t.db, authors[1]!, [
        prepared({
          tags: ['befriending'],
          cell: CELLS[1]!,
          week: '2026-11-30',
          barriers: ['cost'],
        }),
      ]);
      const deadline = Date.now() + 5_000;
      while ((await queued()) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(await queued()).toBe(0);
      const counts = await t.db.selectFrom('needCounts').select(['tagSlug', 'count']).execute();
      expect(counts).toEqual([{ tagSlug: 'befriending', count: 1 }]);
    } finally {
      await folding.stop();
    }
  });

  it('vacuums the queue itself once it has folded enough rows (autovacuum may be off)', async () => {
    const queueBytes = async () =>
      Number(
        (
          await sql<{ bytes: number }>`
            select pg_relation_size('need_rollup_queue') as bytes`.execute(t.db)
        ).rows[0]!.bytes,
      );
    const write = (n: number) =>
      insertNeedFlags(
        t.db,
        authors[0]!,
        Array.from({ length: n }, (_, i) =>
          prepared({ tags: ['crafts'], cell: CELLS[i % 3]!, week: '2026-11-30', barriers: [] }),
        ),
      );
    const until = async (done: () => Promise<boolean>) => {
      const deadline = Date.now() + 5_000;
      while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return done();
    };
    // Queued before folding starts, so the first fold takes them (on a slow machine a tick could
    // otherwise come first, fold nothing and spend the first vacuum on an empty queue).
    await write(400);
    const folding = startFolding(t.db, () => undefined, { intervalMs: 20, vacuumEvery: 500 });
    try {
      // The first fold vacuums (for what an earlier run left): the queue's pages are given back.
      expect(await until(async () => (await queued()) === 0 && (await queueBytes()) === 0)).toBe(
        true,
      );
      // 300 more rows folded: under vacuumEvery, so their dead rows keep their pages…
      await write(300);
      expect(await until(async () => (await queued()) === 0)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(await queueBytes()).toBeGreaterThan(0);
      // …until 500 rows were folded since the last vacuum.
      await write(300);
      expect(await until(async () => (await queued()) === 0 && (await queueBytes()) === 0)).toBe(
        true,
      );
      await expectRollupsMatchFlags(t.db);
    } finally {
      await folding.stop();
    }
  });
});
