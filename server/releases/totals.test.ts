/**
 * The published running totals answer every published window exactly as summing the roll-ups
 * does (cell and tag, answerable barriers, per-cell flags, at res 8, 7 and 6, with an area), after
 * publications in several steps and after moderation removed published flags.
 */
import fc from 'fast-check';
import { cellToParent, latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BARRIERS, type Barrier } from '../../db/schema.js';
import { ANSWERABLE_BARRIERS } from '../gaps/engine.js';
import { insertNeedFlags } from '../needs/queries.js';
import { clearNeeds, POINTS, seedTaxonomy } from '../needs/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { addWeeks, londonWeek } from './calendar.js';
import { publishThrough } from './releases.js';
import { cellWindowSums, readsTotals, tagWindowSums, type TotalsResolution } from './totals.js';

let t: TestApp;
let lw: SignedIn;
let admin: SignedIn;
const thisWeek = londonWeek(new Date());
const TAGS = ['befriending', 'crafts', 'swimming'];
const CELLS = POINTS.map((p) => latLngToCell(p.lat, p.lng, 8));
const column = { 8: 'cell', 7: 'cell7', 6: 'cell6' } as const;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  lw = await t.signIn('link_worker');
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const flagSpec = fc.record({
  cell: fc.integer({ min: 0, max: CELLS.length - 1 }),
  weeksAgo: fc.integer({ min: 1, max: 8 }),
  tags: fc.subarray(TAGS, { minLength: 1 }),
  barriers: fc.subarray([...BARRIERS]),
  recordKey: fc.integer({ min: 0, max: 255 }),
});
type FlagSpec = {
  cell: number;
  weeksAgo: number;
  tags: string[];
  barriers: Barrier[];
  recordKey: number;
};

async function write(specs: FlagSpec[]) {
  if (!specs.length) return [];
  return insertNeedFlags(
    t.db,
    specs.map((s) => ({
      userId: lw.userId,
      cell: CELLS[s.cell]!,
      week: addWeeks(thisWeek, -s.weeksAgo),
      tags: s.tags,
      barriers: s.barriers,
      ageBand: null,
      language: null,
      note: null,
      recordKey: s.recordKey,
    })),
  );
}

const publish = (weeksAgo: number) =>
  publishThrough(t.db, { through: addWeeks(thisWeek, -weeksAgo), reason: 'scheduled' });
const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

/** What summing the roll-ups over the window gives, in the totals' shape. */
async function rollupTagSums(
  from: string,
  to: string,
  res: TotalsResolution,
  areaCells?: string[],
) {
  const col = sql.ref(column[res]);
  const inArea = areaCells ? sql`and cell in (${sql.join(areaCells)})` : sql``;
  const counts = await sql<{ cell: string; tagSlug: string; count: number; keySum: number }>`
    select ${col} as cell, tag_slug, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
    from need_counts where week between ${from}::date and ${to}::date ${inArea} group by ${col}, tag_slug having sum(count) > 0`.execute(
    t.db,
  );
  const barriers = await sql<{
    cell: string;
    tagSlug: string;
    barrier: string;
    count: number;
    keySum: number;
  }>`
    select cell, tag_slug, barrier, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
    from need_barrier_counts where week between ${from}::date and ${to}::date ${inArea} group by cell, tag_slug, barrier`.execute(
    t.db,
  );
  return counts.rows.map((r) => {
    const found: Record<string, { count: number; keySum: number }> = {};
    for (const b of ANSWERABLE_BARRIERS) {
      const rows = barriers.rows.filter(
        (x) => x.barrier === b && x.tagSlug === r.tagSlug && cellToParent(x.cell, res) === r.cell,
      );
      const count = rows.reduce((n, x) => n + x.count, 0);
      if (count > 0) found[b] = { count, keySum: rows.reduce((n, x) => n + x.keySum, 0) % 256 };
    }
    return { cell: r.cell, tagSlug: r.tagSlug, count: r.count, keySum: r.keySum, barriers: found };
  });
}

async function rollupCellSums(from: string, to: string, res: TotalsResolution) {
  const col = sql.ref(column[res]);
  const { rows } = await sql<{ cell: string; count: number; keySum: number }>`
    select ${col} as cell, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
    from need_cell_counts where week between ${from}::date and ${to}::date group by ${col} having sum(count) > 0`.execute(
    t.db,
  );
  return rows;
}

async function expectTotalsMatchRollups(windows: [number, number][]) {
  for (const [a, b] of windows) {
    const from = addWeeks(thisWeek, -Math.max(a, b));
    const to = addWeeks(thisWeek, -Math.min(a, b));
    for (const res of [8, 7, 6] as const) {
      const totals = await tagWindowSums(t.db, { from, to }, { res });
      expect(sorted(totals)).toEqual(sorted(await rollupTagSums(from, to, res)));
      expect(sorted(await cellWindowSums(t.db, { from, to }, { res }))).toEqual(
        sorted(await rollupCellSums(from, to, res)),
      );
    }
    const some = CELLS.slice(0, 3);
    expect(sorted(await tagWindowSums(t.db, { from, to }, { cells: some }))).toEqual(
      sorted(await rollupTagSums(from, to, 8, some)),
    );
  }
}

const windowSpec = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })),
  { minLength: 1, maxLength: 3 },
);

describe('published running totals', () => {
  it('any published window sums to what the roll-ups hold, published in two steps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(flagSpec, { maxLength: 25 }),
        fc.array(flagSpec, { maxLength: 25 }),
        fc.integer({ min: 2, max: 6 }),
        windowSpec,
        async (older, newer, split, windows) => {
          await clearNeeds(t.db);
          // Older weeks are written and published first; newer flags land only in weeks still open.
          await write(older.map((f) => ({ ...f, weeksAgo: Math.max(f.weeksAgo, split + 1) })));
          await publish(split + 1);
          await write(newer.map((f) => ({ ...f, weeksAgo: Math.min(f.weeksAgo, split) })));
          await publish(1);
          await expectTotalsMatchRollups(windows);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('moderation of a published flag is taken out of every later total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(flagSpec, { minLength: 2, maxLength: 20 }),
        fc.integer({ min: 0, max: 19 }),
        windowSpec,
        async (specs, pick, windows) => {
          await clearNeeds(t.db);
          const created = await write(specs);
          await publish(1);
          const removed = created[pick % created.length]!;
          const res = await t.call('DELETE', `/api/v1/needs/${removed.id}`, undefined, admin);
          expect(res.status).toBe(204);
          await expectTotalsMatchRollups([...windows, [1, 9]]);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('reads the totals only for windows whose every week is published', async () => {
    await clearNeeds(t.db);
    expect(
      await readsTotals(t.db, { from: addWeeks(thisWeek, -3), to: addWeeks(thisWeek, -2) }),
    ).toBe(false);
    await write([{ cell: 0, weeksAgo: 3, tags: ['crafts'], barriers: [], recordKey: 5 }]);
    await publish(2);
    expect(
      await readsTotals(t.db, { from: addWeeks(thisWeek, -3), to: addWeeks(thisWeek, -2) }),
    ).toBe(true);
    // An admin's raw read into the open week sums the roll-ups instead.
    expect(
      await readsTotals(t.db, { from: addWeeks(thisWeek, -3), to: addWeeks(thisWeek, -1) }),
    ).toBe(false);
  });
});
