/** Where a gap check looks: a point as given, or a postcode resolved to a point (never stored). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { invalid } from '../http/errors.js';

export async function resolveGapCheckPlace(
  _db: Kysely<DB>,
  body: { postcode?: string | undefined; lat?: number | undefined; lng?: number | undefined },
): Promise<{ lat: number; lng: number }> {
  if (body.lat !== undefined && body.lng !== undefined) return { lat: body.lat, lng: body.lng };
  throw invalid({ postcode: 'postcode lookup is not available yet; give lat and lng' });
}
