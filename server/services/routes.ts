/** The directory's HTTP routes: search, read, create, change, remove and verify services. */
import { createRoute, type z } from '@hono/zod-openapi';
import { sendServedJson } from '../http/served-json.js';
import { currentUser, requireRole } from '../http/auth.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import {
  decodeCursor,
  pageSchema,
  StaleDistanceIdCursor,
  StaleNameIdCursor,
  toPage,
} from '../http/pagination.js';
import { expandTags } from '../taxonomy/queries.js';
import { requireDirectoryReader } from './access.js';
import { serviceExportRoutes } from './export-routes.js';
import { findServices } from './queries.js';
import {
  ServiceCreate,
  ServiceListQuery,
  ServicePatch,
  ServiceViewSchema,
  sessionTimes,
} from './schemas.js';
import { roundKm } from './services.js';
import { loadServiceView, serviceViewsJson } from './views.js';
import { countSearchMiss } from '../demand/search-misses.js';
import { createService, deleteService, updateService, verifyService } from './writes.js';

const tags = ['Directory'];

const ServicePage = pageSchema(ServiceViewSchema);
type ServicePage = z.infer<typeof ServicePage>;
const ITEMS_OPEN = Buffer.from('{"items":');

export function servicesRoutes() {
  const app = createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/services',
        tags,
        middleware: [requireDirectoryReader] as const,
        summary:
          'Search the directory (text, tags, distance, area, day, eligibility, format, cost, language)',
        request: { query: ServiceListQuery },
        responses: {
          200: jsonResponse(ServicePage, 'A page of services; nearest first with `near`'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const { limit, cursor, tag, near, radiusKm, from, to, ...filters } = c.req.valid('query');
        const db = c.var.db;
        const times = sessionTimes(filters.day, from, to);
        // The cursor carries the sort key: checked before stale, then distance when searching near
        // a point, name otherwise.
        const after = near
          ? decodeCursor(cursor, StaleDistanceIdCursor)
          : decodeCursor(cursor, StaleNameIdCursor);
        const rows = await findServices(db, {
          ...filters,
          ...times,
          tags: tag ? await expandTags(db, tag) : undefined,
          near: near ? { ...near, radiusKm } : undefined,
          limit,
          after,
        });
        const page = toPage(rows, limit, (s) => [
          s.staleRank,
          near ? (s.distanceKm ?? 0) : s.name,
          s.id,
        ]);
        const user = c.var.user;
        if (user && near && tag?.length && !cursor && !page.items.length)
          await countSearchMiss(db, user.id, tag, { ...near, radiusKm });
        // The page is composed from the per-service cache's JSON bytes, never parsed and
        // serialised again; a search near a point adds each one's distance.
        const distanceOf = new Map(page.items.map((s) => [s.id, s.distanceKm]));
        const items = await serviceViewsJson(
          db,
          page.items.map((s) => s.id),
          (id) => {
            const km = distanceOf.get(id);
            return km === undefined ? '' : `,"distanceKm":${JSON.stringify(roundKm(km))}`;
          },
        );
        const bytes = Buffer.concat([
          ITEMS_OPEN,
          items,
          Buffer.from(`,"nextCursor":${JSON.stringify(page.nextCursor)}}`),
        ]);
        return sendServedJson<ServicePage, 200>(c, { bytes, gzip: null }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/services',
        tags,
        middleware: [requireRole('organiser')] as const,
        summary: 'List a new service (organisers for their own organisation; admins for any)',
        request: { body: jsonBody(ServiceCreate) },
        responses: {
          201: jsonResponse(ServiceViewSchema, 'The new service'),
          ...errorResponses(400, 401, 403, 422),
        },
      }),
      async (c) => {
        const id = await createService(c.var.db, currentUser(c), c.req.valid('json'));
        return c.json(await loadServiceView(c.var.db, id), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services/{id}',
        tags,
        middleware: [requireDirectoryReader] as const,
        summary: 'One service',
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(ServiceViewSchema, 'The service'),
          ...errorResponses(401, 404, 422),
        },
      }),
      async (c) => c.json(await loadServiceView(c.var.db, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/services/{id}',
        tags,
        middleware: [requireRole('organiser')] as const,
        summary:
          'Change a service; send the version you read (a stale one is a 409). Lists given replace the stored ones.',
        request: { params: UuidParam, body: jsonBody(ServicePatch) },
        responses: {
          200: jsonResponse(ServiceViewSchema, 'The changed service'),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await updateService(c.var.db, currentUser(c), id, c.req.valid('json'));
        return c.json(await loadServiceView(c.var.db, id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/services/{id}',
        tags,
        middleware: [requireRole('organiser')] as const,
        summary: 'Remove a service',
        request: { params: UuidParam },
        responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404) },
      }),
      async (c) => {
        await deleteService(c.var.db, currentUser(c), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/services/{id}/verify',
        tags,
        middleware: [requireRole('organiser')] as const,
        summary: '"Still right": confirm the listing is current (clears the stale badge)',
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(ServiceViewSchema, 'The verified service'),
          ...errorResponses(401, 403, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await verifyService(c.var.db, currentUser(c), id);
        return c.json(await loadServiceView(c.var.db, id), 200);
      },
    );
  app.route('/', serviceExportRoutes());
  return app;
}
