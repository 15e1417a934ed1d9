/** Raw roll-up reads for the need map: need_cell_counts, need_counts, need_barrier_counts; never need_flags. */
import { cellToChildren, cellToParent } from 'h3-js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { NeedWindow } from '../needs/queries.js';
import { group } from '../group.js';
import { createDataCache } from '../perf/data-cache.js';
import { combine } from '../privacy/suppression.js';

type Db = Kysely<DB> | Transaction<DB>;

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

/** Flags per published cell (a flag with several tags counts once), within res-6 cells and a window. */
export function flagTotals(db: Db, res: MapResolution, cells6: string[], window: NeedWindow, areaId?: string): Promise<CellTotal[]> {
  if (!cells6.length) return Promise.resolve([]);
  const col = sql.ref(COLUMN[res]);
  let q = db.selectFrom('needCellCounts')
    .select([sql<string>`${col}`.as('cell'), sql<number>`sum(count)::int`.as('count'), sql<number>`(sum(key_sum) % 256)::int`.as('keySum')])
    .where('cell6', 'in', cells6)
    .where('week', '>=', window.from).where('week', '<=', window.to);
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
export function tagTotals(db: Db, res: MapResolution, cells6: string[], window: NeedWindow, tags?: string[], areaId?: string): Promise<CellTagTotal[]> {
  if (!cells6.length || tags?.length === 0) return Promise.resolve([]);
  const col = sql.ref(COLUMN[res]);
  let q = db.selectFrom('needCounts')
    .select([sql<string>`${col}`.as('cell'), 'tagSlug', sql<number>`sum(count)::int`.as('count'), sql<number>`(sum(key_sum) % 256)::int`.as('keySum')])
    .where('cell6', 'in', cells6)
    .where('week', '>=', window.from).where('week', '<=', window.to);
  if (tags) q = q.where('tagSlug', 'in', tags);
  if (areaId) q = q.where('needCounts.cell', 'in', areaCells(db, areaId));
  return q.groupBy([col, 'tagSlug']).execute();
}

/** cell7 values per query: well under the driver's bind-parameter limit. */
const CELL7_CHUNK = 5000;

/**
 * Flags recording one barrier, per published cell and tag, from need_barrier_counts. That roll-up
 * has no cell6 column, so the res-6 cover is widened to its res-7 children, and res 6 is
 * grouped here from res 7 (key sums combine mod 256, exactly as the SQL sums do).
 */
export async function barrierTagTotals(
  db: Db, res: MapResolution, cells6: string[], window: NeedWindow, barrier: string, tags?: string[], areaId?: string,
): Promise<CellTagTotal[]> {
  if (!cells6.length || tags?.length === 0) return [];
  const cells7 = cells6.flatMap((c) => cellToChildren(c, 7));
  const col = sql.ref(res === 8 ? 'cell' : 'cell7');
  const rows: CellTagTotal[] = [];
  for (let i = 0; i < cells7.length; i += CELL7_CHUNK) {
    let q = db.selectFrom('needBarrierCounts')
      .select([sql<string>`${col}`.as('cell'), 'tagSlug', sql<number>`sum(count)::int`.as('count'), sql<number>`(sum(key_sum) % 256)::int`.as('keySum')])
      .where('barrier', '=', barrier)
      .where('cell7', 'in', cells7.slice(i, i + CELL7_CHUNK))
      .where('week', '>=', window.from).where('week', '<=', window.to);
    if (tags) q = q.where('tagSlug', 'in', tags);
    if (areaId) q = q.where('needBarrierCounts.cell', 'in', areaCells(db, areaId));
    rows.push(...await q.groupBy([col, 'tagSlug']).execute());
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

/** The map's roll-up sums by covering cells, window and filters; a pan inside the same cover reuses them. */
const mapRowsCache = createDataCache<NeedMapRows>({ maxEntries: 32 });

/**
 * Everything the need map reads for one view, cached until the data version moves. With a barrier
 * the per-tag barrier roll-up is the only source: it keeps no per-flag total, so a cell's count
 * combines its tags' rows, as it does under a tag filter.
 */
export function needMapRows(
  db: Kysely<DB>, res: MapResolution, cells6: string[], window: NeedWindow, tags: string[] | undefined, barrier: string | undefined,
  options: { cached: boolean; areaId?: string | undefined } = { cached: true },
): Promise<NeedMapRows> {
  const areaId = options.areaId;
  const read = async (): Promise<NeedMapRows> => {
    if (window.to < window.from) return { totals: [], tagRows: [] };
    if (barrier) return { totals: null, tagRows: await barrierTagTotals(db, res, cells6, window, barrier, tags, areaId) };
    const [totals, tagRows] = await Promise.all([
      tags ? Promise.resolve(null) : flagTotals(db, res, cells6, window, areaId),
      tagTotals(db, res, cells6, window, tags, areaId),
    ]);
    return { totals, tagRows };
  };
  // Unpublished weeks (admins' raw reads) change under flag writes, which no longer move the data version.
  if (!options.cached) return read();
  const key = JSON.stringify([res, [...cells6].sort(), window.from, window.to, tags ?? null, barrier ?? null, areaId ?? null]);
  return mapRowsCache(db, key, read);
}
