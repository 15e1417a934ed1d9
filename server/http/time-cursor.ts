/** Cursors for newest-first lists keyed by (created_at, id). */
import { decodeCursor, TimeCursor } from './pagination.js';

/** [createdAt ISO, id] from a cursor this list returned; 422 for anything else (never a 500 from SQL). */
export function decodeTimeCursor(cursor: string | undefined): [string, string] | undefined {
  return decodeCursor(cursor, TimeCursor);
}

export const timeKey = (row: { createdAt: Date; id: string }): [string, string] => [
  row.createdAt.toISOString(),
  row.id,
];
