/**
 * demandNear sums four roll-ups, over a published window from the in-memory index
 * (demand-index.ts), otherwise in one statement; these properties hold both to the plain filter
 * and sum (`combine`) over the same rows, whatever the rows, cells, tags and window.
 */
import fc from 'fast-check';
import { cellToParent, gridDisk, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combine, type RawCount } from '../privacy/suppression.js';
import { addWeeks } from '../releases/calendar.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { demandNear } from './queries.js';

const CELLS = gridDisk(latLngToCell(51.5235, -0.0574, 8), 3); // 37 cells over several res-7 parents
const TAGS = ['befriending', 'chair-exercise', 'walking-groups'];
const BARRIERS = ['cost', 'timing', 'access', 'language'];
const WEEKS = Array.from({ length: 6 }, (_, i) => addWeeks('2026-09-07', i));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const value = fc.record({ count: fc.nat(40), keySum: fc.nat(255) });
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
/** Up to 40 rows, one per primary key. */
const rows = <T>(row: fc.Arbitrary<T>, key: (r: T) => string) =>
  fc.uniqueArray(row, { maxLength: 40, selector: key });
const place = { tag: pick(TAGS), cell: pick(CELLS), week: pick(WEEKS), value };

const world = fc.record({
  needs: rows(fc.record(place), (r) => `${r.tag}|${r.cell}|${r.week}`),
  barriers: rows(
    fc.record({ ...place, barrier: pick(BARRIERS) }),
    (r) => `${r.tag}|${r.cell}|${r.week}|${r.barrier}`,
  ),
  workers: rows(
    fc.record({ cell: pick(CELLS), week: pick(WEEKS), value }),
    (r) => `${r.cell}|${r.week}`,
  ),
  // Search misses are counted per res-7 cell.
  misses: rows(fc.record(place), (r) => `${r.tag}|${cellToParent(r.cell, 7)}|${r.week}`),
  cells: fc.subarray(CELLS, { minLength: 1 }),
  tags: fc.subarray(TAGS, { minLength: 1 }),
  from: fc.nat(WEEKS.length - 1),
  weeks: fc.nat(WEEKS.length),
  /** Weeks published (0: none): a window within them is summed from the index. */
  published: fc.nat(WEEKS.length),
});

const raw = (c: { value: RawCount }) => c.value;

describe('demandNear', () => {
  it('equals the plain filter and sum over each roll-up', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        await Promise.all(
          ['needCounts', 'needBarrierCounts', 'linkWorkerCounts', 'searchMissCounts'].map((table) =>
            t.db.deleteFrom(table as 'needCounts').execute(),
          ),
        );
        const parents = (cell: string) => ({
          cell7: cellToParent(cell, 7),
          cell6: cellToParent(cell, 6),
        });
        if (w.needs.length)
          await t.db
            .insertInto('needCounts')
            .values(
              w.needs.map((r) => ({
                tagSlug: r.tag,
                cell: r.cell,
                ...parents(r.cell),
                week: r.week,
                ...r.value,
              })),
            )
            .execute();
        if (w.barriers.length)
          await t.db
            .insertInto('needBarrierCounts')
            .values(
              w.barriers.map((r) => ({
                tagSlug: r.tag,
                cell: r.cell,
                cell7: cellToParent(r.cell, 7),
                week: r.week,
                barrier: r.barrier,
                ...r.value,
              })),
            )
            .execute();
        if (w.workers.length)
          await t.db
            .insertInto('linkWorkerCounts')
            .values(
              w.workers.map((r) => ({
                cell: r.cell,
                cell7: cellToParent(r.cell, 7),
                week: r.week,
                ...r.value,
              })),
            )
            .execute();
        if (w.misses.length)
          await t.db
            .insertInto('searchMissCounts')
            .values(
              w.misses.map((r) => {
                const { cell7, cell6 } = parents(r.cell);
                return { tagSlug: r.tag, cell7, cell6, week: r.week, ...r.value };
              }),
            )
            .execute();

        // Publication moves the data version, as a release does after the roll-ups were written.
        await t.db.deleteFrom('needReleases').execute();
        if (w.published)
          await t.db
            .insertInto('needReleases')
            .values(WEEKS.slice(0, w.published).map((week) => ({ week, reason: 'seed' as const })))
            .execute();

        const from = WEEKS[w.from]!;
        const to = addWeeks(from, w.weeks - 1); // weeks = 0: an empty window (to before from)
        const got = await demandNear(t.db, w.cells, w.tags, { from, to, weeks: w.weeks });

        const inWindow = (week: string) => week >= from && week <= to;
        const cells = new Set(w.cells);
        const cells7 = new Set(w.cells.map((c) => cellToParent(c, 7)));
        const tags = new Set(w.tags);
        const asked = (r: { tag: string; cell: string; week: string }) =>
          tags.has(r.tag) && cells.has(r.cell) && inWindow(r.week);
        expect(got.flags).toEqual(combine(w.needs.filter(asked).map(raw)));
        const barriers = BARRIERS.flatMap((barrier) => {
          const hits = w.barriers.filter((r) => r.barrier === barrier && asked(r));
          return hits.length ? [{ barrier, ...combine(hits.map(raw)) }] : [];
        });
        expect([...got.barriers].sort((a, b) => a.barrier.localeCompare(b.barrier))).toEqual(
          barriers.sort((a, b) => a.barrier.localeCompare(b.barrier)),
        );
        expect(got.linkWorkers).toEqual(
          combine(w.workers.filter((r) => cells.has(r.cell) && inWindow(r.week)).map(raw)),
        );
        expect(got.searchMisses).toEqual(
          combine(
            w.misses
              .filter(
                (r) => tags.has(r.tag) && cells7.has(cellToParent(r.cell, 7)) && inWindow(r.week),
              )
              .map(raw),
          ),
        );
      }),
      { numRuns: 60 },
    );
  });
});
