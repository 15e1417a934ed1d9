/** Raw roll-up reads for the need map: only need_cell_counts and need_counts, never need_flags. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { NeedWindow } from '../needs/queries.js';

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
export function flagTotals(db: Db, res: MapResolution, cells6: string[], window: NeedWindow): Promise<CellTotal[]> {
  if (!cells6.length) return Promise.resolve([]);
  const col = sql.ref(COLUMN[res]);
  return db.selectFrom('needCellCounts')
    .select([sql<string>`${col}`.as('cell'), sql<number>`sum(count)::int`.as('count'), sql<number>`(sum(key_sum) % 256)::int`.as('keySum')])
    .where('cell6', 'in', cells6)
    .where('week', '>=', window.from).where('week', '<=', window.to)
    .groupBy(col)
    .execute();
}

/** Flags per published cell and tag; `tags` (already expanded) narrows it. */
export function tagTotals(db: Db, res: MapResolution, cells6: string[], window: NeedWindow, tags?: string[]): Promise<CellTagTotal[]> {
  if (!cells6.length || tags?.length === 0) return Promise.resolve([]);
  const col = sql.ref(COLUMN[res]);
  let q = db.selectFrom('needCounts')
    .select([sql<string>`${col}`.as('cell'), 'tagSlug', sql<number>`sum(count)::int`.as('count'), sql<number>`(sum(key_sum) % 256)::int`.as('keySum')])
    .where('cell6', 'in', cells6)
    .where('week', '>=', window.from).where('week', '<=', window.to);
  if (tags) q = q.where('tagSlug', 'in', tags);
  return q.groupBy([col, 'tagSlug']).execute();
}
