/** Raw roll-up reads for the need map: need_cell_counts, need_counts, need_barrier_counts; never need_flags. */
import { cellToChildren, cellToParent } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { inWeekWindow, type NeedWindow } from '../needs/queries.js';
import { group } from '../group.js';
import { combine } from '../privacy/suppression.js';
import { cellWindowSums, readsTotals, tagWindowSums } from '../releases/totals.js';

export type MapResolution = 6 | 7 | 8;

/** The roll-up column holding a cell's parent at each published resolution. */
const COLUMN = { 8: 'cell', 7: 'cell7', 6: 'cell6' } as const;

export interface CellTotal {
  cell: string;
  count: number;
  keySum: number;
}

export interface CellTagTotal extends CellTotal {
  tagSlug: string;
}

/** Flags per published cell (a flag with several tags counts once), for these cells of `res` and a window. */
export function flagTotals(
  db: Db,
  res: MapResolution,
  cells: readonly string[],
  window: NeedWindow,
  areaId?: string,
): Promise<CellTotal[]> {
  if (!cells.length) return Promise.resolve([]);
  const col = sql.ref(COLUMN[res]);
  let q = db
    .selectFrom('needCellCounts')
    .select([
      sql<string>`${col}`.as('cell'),
      sql<number>`sum(count)::int`.as('count'),
      sql<number>`(sum(key_sum) % 256)::int`.as('keySum'),
    ])
    .where(COLUMN[res], 'in', cells)
    .$call(inWeekWindow(window));
  if (areaId) q = q.where('needCellCounts.cell', 'in', areaCells(db, areaId));
  return q.groupBy(col).execute();
}

/**
 * The res-8 cells of one imported area (the dashboard's area filter): a coarser hexagon then
 * counts only its records inside the area, so its cell key is made from exactly those records.
 */
function areaCells(db: Db, areaId: string) {
  return db.selectFrom('areaCells').select('areaCells.cell').where('areaCells.areaId', '=', areaId);
}

/** Flags per published cell and tag; `tags` (already expanded) narrows it. */
export function tagTotals(
  db: Db,
  res: MapResolution,
  cells: readonly string[],
  window: NeedWindow,
  tags?: string[],
  areaId?: string,
): Promise<CellTagTotal[]> {
  if (!cells.length || tags?.length === 0) return Promise.resolve([]);
  const col = sql.ref(COLUMN[res]);
  let q = db
    .selectFrom('needCounts')
    .select([
      sql<string>`${col}`.as('cell'),
      'tagSlug',
      sql<number>`sum(count)::int`.as('count'),
      sql<number>`(sum(key_sum) % 256)::int`.as('keySum'),
    ])
    .where(COLUMN[res], 'in', cells)
    .$call(inWeekWindow(window));
  if (tags) q = q.where('tagSlug', 'in', tags);
  if (areaId) q = q.where('needCounts.cell', 'in', areaCells(db, areaId));
  return q.groupBy([col, 'tagSlug']).execute();
}

/** cell7 values per query: well under the driver's bind-parameter limit. */
const CELL7_CHUNK = 5000;

/**
 * Flags recording one barrier, per published cell and tag, from need_barrier_counts. That roll-up
 * has no cell6 column, so a res-6 view reads its cells' res-7 children and groups them here
 * (key sums combine mod 256, exactly as the SQL sums do).
 */
export async function barrierTagTotals(
  db: Db,
  res: MapResolution,
  cells: readonly string[],
  window: NeedWindow,
  barrier: string,
  tags?: string[],
  areaId?: string,
): Promise<CellTagTotal[]> {
  if (!cells.length || tags?.length === 0) return [];
  const keys = res === 6 ? cells.flatMap((c) => cellToChildren(c, 7)) : cells;
  const column = res === 8 ? 'cell' : 'cell7';
  const col = sql.ref(column);
  const rows: CellTagTotal[] = [];
  for (let i = 0; i < keys.length; i += CELL7_CHUNK) {
    let q = db
      .selectFrom('needBarrierCounts')
      .select([
        sql<string>`${col}`.as('cell'),
        'tagSlug',
        sql<number>`sum(count)::int`.as('count'),
        sql<number>`(sum(key_sum) % 256)::int`.as('keySum'),
      ])
      .where('barrier', '=', barrier)
      .where(column, 'in', keys.slice(i, i + CELL7_CHUNK))
      .$call(inWeekWindow(window));
    if (tags) q = q.where('tagSlug', 'in', tags);
    if (areaId) q = q.where('needBarrierCounts.cell', 'in', areaCells(db, areaId));
    rows.push(...(await q.groupBy([col, 'tagSlug']).execute()));
  }
  if (res !== 6) return rows;
  const byParent = group(rows, (r) => `${cellToParent(r.cell, 6)} ${r.tagSlug}`);
  return [...byParent].map(([key, parentRows]) => {
    const [cell, tagSlug] = key.split(' ') as [string, string];
    return { cell, tagSlug, ...combine(parentRows) };
  });
}

export interface NeedMapRows {
  /** Flags per cell, or null when the cell totals are combined from tagRows (a tag or barrier filter). */
  totals: CellTotal[] | null;
  tagRows: CellTagTotal[];
}

/**
 * Everything the need map reads for one view (the cells of `res` in view). With a barrier the
 * per-tag barrier roll-up is the only source: it keeps no per-flag total, so a cell's count
 * combines its tags' rows, as it does under a tag filter. Not cached here: the route caches the
 * published answer it serves, never these raw rows.
 */
export async function needMapRows(
  db: Kysely<DB>,
  res: MapResolution,
  cells: readonly string[],
  window: NeedWindow,
  tags: string[] | undefined,
  barrier: string | undefined,
  areaId?: string,
): Promise<NeedMapRows> {
  if (window.to < window.from) return { totals: [], tagRows: [] };
  if (barrier)
    return {
      totals: null,
      tagRows: await barrierTagTotals(db, res, cells, window, barrier, tags, areaId),
    };
  if (await readsTotals(db, window)) {
    // Published weeks only: each sum is two rows of the running totals, whatever the window's length.
    const [totals, tagRows] = await Promise.all([
      tags ? Promise.resolve(null) : cellWindowSums(db, window, { res, cells, areaId }),
      tagWindowSums(db, window, { res, cells, tags, areaId, barriers: false }),
    ]);
    return { totals, tagRows: tagRows.map(({ barriers: _none, ...row }) => row) };
  }
  const [totals, tagRows] = await Promise.all([
    tags ? Promise.resolve(null) : flagTotals(db, res, cells, window, areaId),
    tagTotals(db, res, cells, window, tags, areaId),
  ]);
  return { totals, tagRows };
}
