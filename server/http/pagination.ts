/**
 * The one pagination helper: keyset cursors over a stable sort key.
 * A route fetches `limit + 1` rows ordered by its key, then calls `toPage`.
 */
import { z } from '@hono/zod-openapi';
import { invalid } from './errors.js';

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Page size (max 500)' }),
  cursor: z.string().max(500).optional().openapi({ description: 'nextCursor of the previous page' }),
});

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor of `arity` string/number parts; 422 on anything else. */
export function decodeCursor(cursor: string | undefined, arity: number): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key;
    }
  } catch {
    // fall through to the 422
  }
  throw invalid({ cursor: 'is not a cursor this list returned' });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
