/**
 * The gap check's demand over a published window, summed in memory: per (window, tag), each
 * res-8 cell's flags and barrier figures and each res-7 cell's search misses; per window, each
 * cell's Link Worker-weeks. A check then adds up the ~60 cells of its catchment instead of running
 * a statement that reads every (cell, week) of them from four roll-ups (≈ 3 ms of the database's
 * CPU per check at 10M flags, planned anew each time).
 *
 * Published weeks never change but at a release, which moves the data version: each index is kept
 * per data version (createDataCache, bounded by bytes like every cache) and built with one read
 * per roll-up: for every tag by the publication jobs after a release (warmGapCheck, in every
 * process, within one job interval), or by the first check of a tag that comes before them. A
 * window reaching into weeks still being written (an admin's raw read) is summed by the statement
 * in queries.ts instead.
 *
 * These are raw figures, held on the server like the roll-ups they come from: every figure the
 * check returns still goes through suppressCount at the caller.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';
import { inWeekWindow } from '../needs/queries.js';
import { createDataCache } from '../perf/data-cache.js';
import type { RawCount } from '../privacy/suppression.js';
import type { WeekWindow } from './window.js';

/** One tag's published demand over one window. */
interface TagWindow {
  /** Every barrier recorded for the tag in the window, in the order of each cell's figures. */
  barriers: string[];
  /**
   * Per res-8 cell: flags count and key sum, then each barrier's count and key sum (a key sum of
   * -1: no row for that barrier in this cell, so the barrier is not reported from it).
   */
  cells: Map<string, Int32Array>;
  /** Per res-7 cell: search misses' count and key sum. */
  misses: Map<string, Int32Array>;
}

/** Map entry, key string and typed array header: about 160 bytes a cell, plus its figures. */
const tagWindowBytes = (w: TagWindow) =>
  256 + w.cells.size * (160 + 8 * (1 + w.barriers.length)) + w.misses.size * 170;
const cellsBytes = (m: Map<string, Int32Array>) => 64 + m.size * 170;

const tagWindows = createDataCache<TagWindow>({
  share: 0.08,
  sizeOf: tagWindowBytes,
  refreshInBackground: true,
});
const workerWindows = createDataCache<Map<string, Int32Array>>({
  share: 0.02,
  sizeOf: cellsBytes,
  refreshInBackground: true,
});

const sums = [
  sql<number>`sum(count)::int`.as('count'),
  sql<number>`(sum(key_sum) % 256)::int`.as('keySum'),
] as const;

async function readTagWindow(db: Db, tag: string, window: WeekWindow): Promise<TagWindow> {
  const [flags, barrierRows, missRows] = await Promise.all([
    db
      .selectFrom('needCounts')
      .select(['cell', ...sums])
      .where('tagSlug', '=', tag)
      .$call(inWeekWindow(window))
      .groupBy('cell')
      .execute(),
    db
      .selectFrom('needBarrierCounts')
      .select(['cell', 'barrier', ...sums])
      .where('tagSlug', '=', tag)
      .$call(inWeekWindow(window))
      .groupBy(['cell', 'barrier'])
      .execute(),
    db
      .selectFrom('searchMissCounts')
      .select(['cell7', ...sums])
      .where('tagSlug', '=', tag)
      .$call(inWeekWindow(window))
      .groupBy('cell7')
      .execute(),
  ]);
  const barriers = [...new Set(barrierRows.map((r) => r.barrier))].sort();
  const slot = new Map(barriers.map((b, i) => [b, 2 + 2 * i]));
  const cells = new Map<string, Int32Array>();
  const cellOf = (cell: string) => {
    let figures = cells.get(cell);
    if (!figures) {
      figures = new Int32Array(2 + 2 * barriers.length).fill(-1);
      figures[0] = 0;
      figures[1] = 0;
      cells.set(cell, figures);
    }
    return figures;
  };
  for (const r of flags) {
    const figures = cellOf(r.cell);
    figures[0] = r.count;
    figures[1] = r.keySum;
  }
  for (const r of barrierRows) {
    const figures = cellOf(r.cell);
    const at = slot.get(r.barrier)!;
    figures[at] = r.count;
    figures[at + 1] = r.keySum;
  }
  const misses = new Map(missRows.map((r) => [r.cell7, Int32Array.of(r.count, r.keySum)]));
  return { barriers, cells, misses };
}

async function readWorkerWindow(db: Db, window: WeekWindow): Promise<Map<string, Int32Array>> {
  const rows = await db
    .selectFrom('linkWorkerCounts')
    .select(['cell', ...sums])
    .$call(inWeekWindow(window))
    .groupBy('cell')
    .execute();
  return new Map(rows.map((r) => [r.cell, Int32Array.of(r.count, r.keySum)]));
}

// Inside a transaction (a proposal opening) its own reads, never kept.
const tagWindow = (db: Db, tag: string, window: WeekWindow) =>
  db.isTransaction
    ? readTagWindow(db, tag, window)
    : tagWindows(db, `${window.from}|${window.to}|${tag}`, () => readTagWindow(db, tag, window));
const workerWindow = (db: Db, window: WeekWindow) =>
  db.isTransaction
    ? readWorkerWindow(db, window)
    : workerWindows(db, `${window.from}|${window.to}`, () => readWorkerWindow(db, window));

/**
 * Builds (or finds current) the index of these tags over a published window, one tag after
 * another: run in the background after a release, so the first checks do not wait for it.
 */
export async function warmDemandIndex(db: Db, tags: string[], window: WeekWindow): Promise<void> {
  await workerWindow(db, window);
  for (const tag of tags) await tagWindow(db, tag, window);
}

export interface NearDemand {
  flags: RawCount;
  barriers: (RawCount & { barrier: string })[];
  linkWorkers: RawCount;
  searchMisses: RawCount;
}

/**
 * Raw totals over a published window for these tags around these cells (`cells7`: the res-7
 * cells covering them, where search misses are counted), as the statement in queries.ts sums them.
 */
export async function indexedDemandNear(
  db: Db,
  cells: string[],
  cells7: string[],
  tags: string[],
  window: WeekWindow,
): Promise<NearDemand> {
  const [perTag, workers] = await Promise.all([
    Promise.all([...new Set(tags)].map((tag) => tagWindow(db, tag, window))),
    workerWindow(db, window),
  ]);
  const flags = { count: 0, keySum: 0 };
  const barriers = new Map<string, RawCount>();
  const searchMisses = { count: 0, keySum: 0 };
  const uniqueCells = [...new Set(cells)];
  for (const w of perTag) {
    for (const cell of uniqueCells) {
      const figures = w.cells.get(cell);
      if (!figures) continue;
      add(flags, figures, 0);
      for (let i = 0; i < w.barriers.length; i++) {
        const at = 2 + 2 * i;
        if (figures[at + 1]! < 0) continue;
        const name = w.barriers[i]!;
        let total = barriers.get(name);
        if (!total) barriers.set(name, (total = { count: 0, keySum: 0 }));
        add(total, figures, at);
      }
    }
    for (const cell7 of new Set(cells7)) {
      const figures = w.misses.get(cell7);
      if (figures) add(searchMisses, figures, 0);
    }
  }
  const linkWorkers = { count: 0, keySum: 0 };
  for (const cell of uniqueCells) {
    const figures = workers.get(cell);
    if (figures) add(linkWorkers, figures, 0);
  }
  return {
    flags,
    barriers: [...barriers].map(([barrier, total]) => ({ barrier, ...total })),
    linkWorkers,
    searchMisses,
  };
}

/** Adds the count and key sum at `at` into `total` (key sums add modulo 256, as `combine`). */
function add(total: RawCount, figures: Int32Array, at: number): void {
  total.count += figures[at]!;
  total.keySum = (total.keySum + figures[at + 1]!) % 256;
}
