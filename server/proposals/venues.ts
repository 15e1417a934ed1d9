/**
 * Bookable venues near a place, nearest first: the venue picker of the proposal form and the gap
 * check's suggested rooms. Only bookable, non-confidential rooms (which venues a proposal may name
 * at all is venue.ts's rule: never another organisation's confidential location).
 *
 * They come from an in-memory copy of every bookable room, read once per data version (location
 * writes move `data_version`, migration 0600): a few thousand small rows at national-scale bench
 * sizes, scanned in well under a millisecond, instead of a statement reading hundreds of rows per
 * request.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/schema.js';
import { distanceKm } from '../gaps/supply.js';
import { NearParam } from '../geo/params.js';
import { requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import { createDataCache } from '../perf/data-cache.js';

const MAX_VENUES = 50;
const KM_PER_DEGREE_LAT = 111.32;
/** Distances are rounded to 0.1 km before the radius is applied: the box reaches a little further. */
const BOX_MARGIN_KM = 0.1;

const readVenues = (db: Db) =>
  db
    .selectFrom('locations')
    .select([
      'id',
      'name',
      'address',
      'postcode',
      'district',
      'lat',
      'lng',
      'bookingInfo',
      'accessibility',
    ])
    .where('bookable', '=', true)
    .where('confidential', '=', false)
    // By latitude: a lookup reads only the band of rows its box spans.
    .orderBy('lat')
    .orderBy('id')
    .execute();

type VenueRow = Awaited<ReturnType<typeof readVenues>>[number];

const snapshots = createDataCache<VenueRow[]>({
  maxEntries: 1,
  budget: 'own',
  refreshInBackground: true,
});

export async function bookableVenuesNear(
  db: Db,
  near: { lat: number; lng: number },
  radiusKm: number,
  limit = MAX_VENUES,
): Promise<BookableVenue[]> {
  const venues = db.isTransaction
    ? await readVenues(db)
    : await snapshots(db, 'venues', () => readVenues(db));
  const reach = radiusKm + BOX_MARGIN_KM;
  const dLat = reach / KM_PER_DEGREE_LAT;
  const dLng = reach / (KM_PER_DEGREE_LAT * Math.cos((near.lat * Math.PI) / 180));
  // The first row of the band (binary search on the latitude order).
  let lo = 0;
  let hi = venues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (venues[mid]!.lat < near.lat - dLat) lo = mid + 1;
    else hi = mid;
  }
  const found: { venue: VenueRow; distanceKm: number }[] = [];
  for (let i = lo; i < venues.length && venues[i]!.lat <= near.lat + dLat; i++) {
    const v = venues[i]!;
    if (Math.abs(v.lng - near.lng) > dLng) continue;
    const km = Math.round(distanceKm([near.lng, near.lat], [v.lng, v.lat]) * 10) / 10;
    if (km <= radiusKm) found.push({ venue: v, distanceKm: km });
  }
  // Nearest first, by name among equals: names are compared only among the nearest `limit`
  // and those as near as the last of them.
  found.sort((a, b) => a.distanceKm - b.distanceKm);
  const last = found.length > limit ? found[limit - 1]!.distanceKm : Infinity;
  return found
    .filter((f) => f.distanceKm <= last)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.venue.name.localeCompare(b.venue.name))
    .slice(0, limit)
    .map((f) => ({ ...f.venue, distanceKm: f.distanceKm }));
}

const Venue = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
    district: z.string().nullable(),
    lat: z.number(),
    lng: z.number(),
    bookingInfo: z.string().nullable(),
    accessibility: z.array(z.string()),
    distanceKm: z.number(),
  })
  .openapi('BookableVenue');
export type BookableVenue = z.infer<typeof Venue>;

export function venuesRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/venues',
      tags: ['Proposals'],
      summary: 'Bookable, non-confidential venues near a place, nearest first (at most 50)',
      middleware: [requireRole('organiser')] as const,
      request: {
        query: z.object({
          near: NearParam,
          radiusKm: z.coerce.number().positive().max(20).default(1.5),
        }),
      },
      responses: {
        200: jsonResponse(z.object({ items: z.array(Venue) }), 'Venues'),
        ...errorResponses(401, 403, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ items: await bookableVenuesNear(c.var.db, q.near, q.radiusKm) }, 200);
    },
  );
}
