/**
 * The one pagination helper: keyset cursors over a stable sort key.
 * A route fetches `limit + 1` rows ordered by its key, then calls `toPage`.
 * A cursor comes back from the client, so it is decoded against the exact shape of the list's
 * key (`NameIdCursor`, `TimeCursor`…): anything else — a forged tuple, a string where a number
 * belongs, a control character — is a 422, never a value that reaches SQL and fails there.
 */
import { z } from '@hono/zod-openapi';
import { invalid } from './errors.js';

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ description: 'Page size (max 500)' }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'nextCursor of the previous page' }),
});

export type CursorKey = (string | number)[];

// eslint-disable-next-line no-control-regex -- refusing control characters is the point here
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
/** Text inside a cursor: a name as stored (never a control character, which no name has). */
const CursorText = z.string().max(400).regex(NO_CONTROL_CHARACTERS);
const CursorId = z.string().uuid();

/** [name, id]: lists ordered by name (organisations, areas, services without `near`). */
export const NameIdCursor = z.tuple([CursorText, CursorId]);
/** [distanceKm, id]: services nearest first. */
export const DistanceIdCursor = z.tuple([z.number().finite().min(0).max(20_000), CursorId]);
/** [stale 0|1, name, id]: the directory without `near` (checked listings first). */
export const StaleNameIdCursor = z.tuple([z.number().int().min(0).max(1), CursorText, CursorId]);
/** [stale 0|1, distanceKm, id]: the directory nearest first (checked listings first). */
export const StaleDistanceIdCursor = z.tuple([
  z.number().int().min(0).max(1),
  z.number().finite().min(0).max(20_000),
  CursorId,
]);
/** [createdAt ISO, id]: newest-first lists. */
export const TimeCursor = z.tuple([z.iso.datetime(), CursorId]);
/** [offset]: ranked answers computed whole and sliced (gaps). */
export const OffsetCursor = z.tuple([z.number().int().min(0).max(1_000_000)]);

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor this list returned into its key; 422 naming `cursor` for anything else. */
export function decodeCursor<T extends z.ZodTuple>(
  cursor: string | undefined,
  shape: T,
): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const parsed = shape.safeParse(key);
  if (!parsed.success) throw invalid({ cursor: 'is not a cursor this list returned' });
  return parsed.data;
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

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
