/** Where a gap check looks: a point as given, or a postcode resolved to a point (never stored). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { resolvePostcode } from '../postcodes/postcodes.js';

export async function resolveGapCheckPlace(
  db: Kysely<DB>,
  body: { postcode?: string | undefined; lat?: number | undefined; lng?: number | undefined },
): Promise<{ lat: number; lng: number }> {
  if (body.lat !== undefined && body.lng !== undefined) return { lat: body.lat, lng: body.lng };
  // A sector ("E2 7") is accepted too: coarser input is never less private.
  const point = await resolvePostcode(db, body.postcode ?? '', {
    field: 'postcode',
    allowPartial: true,
  });
  return { lat: point.lat, lng: point.lng };
}
