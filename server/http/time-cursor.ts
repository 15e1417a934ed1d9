/** Cursors for newest-first lists keyed by (created_at, id). */
import { z } from '@hono/zod-openapi';
import { invalid } from './errors.js';
import { decodeCursor } from './pagination.js';

const Key = z.tuple([z.iso.datetime(), z.string().uuid()]);

/** [createdAt ISO, id] from a cursor this list returned; 422 for anything else (never a 500 from SQL). */
export function decodeTimeCursor(cursor: string | undefined): [string, string] | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const parsed = Key.safeParse(key);
  if (!parsed.success) throw invalid({ cursor: 'is not a cursor this list returned' });
  return parsed.data;
}

export const timeKey = (row: { createdAt: Date; id: string }): [string, string] => [row.createdAt.toISOString(), row.id];
