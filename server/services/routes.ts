import { createRoute, z } from '@hono/zod-openapi';
import { SERVICE_STATUSES } from '../../db/schema.js';
import { BboxParam, TagsParam } from '../geo/params.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import { decodeCursor, PageQuery, pageSchema, toPage } from '../http/pagination.js';
import { expandTags } from '../taxonomy/queries.js';
import { findServicePoints, findServices, loadServiceChildren } from './queries.js';
import { toServiceViews } from './services.js';

const LocationView = z.object({
  id: z.string().uuid(), name: z.string(), address: z.string().nullable(), postcode: z.string().nullable(),
  district: z.string().nullable(), lat: z.number().nullable(), lng: z.number().nullable(), bookable: z.boolean(), confidential: z.boolean(),
});
const ScheduleView = z.object({
  day: z.number().int().min(1).max(7), start: z.string(), end: z.string(),
  frequency: z.enum(['weekly', 'fortnightly', 'monthly']), locationId: z.string().uuid().nullable(),
});
export const ServiceViewSchema = z
  .object({
    id: z.string().uuid(), organisationId: z.string().uuid(), name: z.string(), summary: z.string(), description: z.string(),
    status: z.enum(SERVICE_STATUSES), tags: z.array(z.string()),
    cost: z.object({ kind: z.enum(['free', 'low_cost', 'paid']), text: z.string().nullable() }),
    languages: z.array(z.string()), accessibility: z.array(z.string()), ageMin: z.number().nullable(), ageMax: z.number().nullable(),
    referralRoute: z.string(), capacity: z.number().nullable(), accepting: z.enum(['open', 'waitlist', 'full']),
    lastVerifiedAt: z.string().nullable(), stale: z.boolean(),
    locations: z.array(LocationView), schedules: z.array(ScheduleView), distanceKm: z.number().optional(), version: z.number().int(),
  })
  .openapi('Service');

const ListQuery = PageQuery.extend({
  tag: TagsParam.optional(),
  bbox: BboxParam.optional(),
  status: z.enum(SERVICE_STATUSES).optional(),
});

const GeoJsonQuery = z.object({ bbox: BboxParam.optional(), tag: TagsParam.optional() });

/** At most this many points per map request: a bbox covers what is visible. */
const MAX_MAP_POINTS = 5000;

export function servicesRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/services',
        tags: ['Directory'],
        summary: 'Search the directory',
        request: { query: ListQuery },
        responses: { 200: jsonResponse(pageSchema(ServiceViewSchema), 'A page of services'), ...errorResponses(422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const db = c.var.db;
        const rows = await findServices(db, {
          tags: q.tag ? await expandTags(db, q.tag) : undefined,
          bbox: q.bbox,
          status: q.status,
          limit: q.limit,
          after: decodeCursor(q.cursor, 2),
        });
        const page = toPage(rows, q.limit, (s) => [s.name, s.id]);
        const children = await loadServiceChildren(db, page.items.map((s) => s.id));
        return c.json({ items: toServiceViews(page.items, children), nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services.geojson',
        tags: ['Directory'],
        summary: 'Service locations as a GeoJSON FeatureCollection (confidential locations omitted)',
        request: { query: GeoJsonQuery },
        responses: { 200: jsonResponse(z.any(), 'GeoJSON FeatureCollection of points'), ...errorResponses(422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const db = c.var.db;
        const tags = q.tag ? await expandTags(db, q.tag) : undefined;
        const points = await findServicePoints(db, q.bbox, tags, MAX_MAP_POINTS);
        const body = {
          type: 'FeatureCollection' as const,
          features: points.map((p) => ({
            type: 'Feature' as const,
            id: `${p.serviceId}:${p.locationId}`,
            geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
            properties: {
              serviceId: p.serviceId, locationId: p.locationId, name: p.name, summary: p.summary, status: p.status,
              cost: p.costKind, accepting: p.accepting, locationName: p.locationName, bookable: p.bookable, tags: p.tags,
            },
          })),
        };
        return c.json(body, 200);
      },
    );
}
