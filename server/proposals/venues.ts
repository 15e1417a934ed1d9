/**
 * Bookable venues for a proposal: the venue picker of the proposal form lists the bookable,
 * non-confidential rooms near the proposed place, nearest first. (Which venues a proposal may
 * name at all is venue.ts's rule: never another organisation's confidential location.)
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/schema.js';
import { distanceKm } from '../gaps/supply.js';
import { NearParam } from '../geo/params.js';
import { requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';

const MAX_VENUES = 50;
const KM_PER_DEGREE_LAT = 111.32;

export async function bookableVenuesNear(
  db: Db,
  near: { lat: number; lng: number },
  radiusKm: number,
) {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const dLng = radiusKm / (KM_PER_DEGREE_LAT * Math.cos((near.lat * Math.PI) / 180));
  const rows = await db
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
    .where('lat', '>=', near.lat - dLat)
    .where('lat', '<=', near.lat + dLat)
    .where('lng', '>=', near.lng - dLng)
    .where('lng', '<=', near.lng + dLng)
    .execute();
  return rows
    .map((v) => ({
      ...v,
      distanceKm: Math.round(distanceKm([near.lng, near.lat], [v.lng, v.lat]) * 10) / 10,
    }))
    .filter((v) => v.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.name.localeCompare(b.name))
    .slice(0, MAX_VENUES);
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
