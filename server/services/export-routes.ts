/** Directory exports: GeoJSON for the map, CSV, a service's iCalendar and its chat-sized card. */
import { createRoute, z } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify/sync';
import { BboxParam, TagsParam } from '../geo/params.js';
import { createRouter, errorResponses, jsonResponse, UuidParam } from '../http/openapi.js';
import { expandTags } from '../taxonomy/queries.js';
import { requireDirectoryReader } from './access.js';
import { CSV_COLUMNS, csvRow, serviceCalendar, shareText } from './exports.js';
import { findServicePoints, findServices, loadServiceChildren } from './queries.js';
import { ServiceListQuery } from './schemas.js';
import { toServiceViews } from './services.js';
import { loadServiceView } from './views.js';

const tags = ['Directory'];
const GeoJsonQuery = z.object({ bbox: BboxParam.optional(), tag: TagsParam.optional() });
const CsvQuery = ServiceListQuery.omit({ limit: true, cursor: true, near: true, radiusKm: true });

/** At most this many points per map request: a bbox covers what is visible. */
const MAX_MAP_POINTS = 5000;
/** The CSV is read in pages of this size, up to MAX_CSV_ROWS services. */
const CSV_BATCH = 500;
const MAX_CSV_ROWS = 50_000;

const text = (description: string, type: string) => ({ content: { [type]: { schema: z.string() } }, description });

export function serviceExportRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/services.geojson', tags, middleware: [requireDirectoryReader] as const,
        summary: 'Service locations as a GeoJSON FeatureCollection (confidential locations omitted)',
        request: { query: GeoJsonQuery },
        responses: { 200: jsonResponse(z.any(), 'GeoJSON FeatureCollection of points'), ...errorResponses(401, 422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const db = c.var.db;
        const points = await findServicePoints(db, q.bbox, q.tag ? await expandTags(db, q.tag) : undefined, MAX_MAP_POINTS);
        return c.json({
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
        }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services.csv', tags, middleware: [requireDirectoryReader] as const,
        summary: 'The directory as CSV (same filters as the list; confidential locations show only their district)',
        request: { query: CsvQuery },
        responses: { 200: text('CSV, one row per service', 'text/csv'), ...errorResponses(401, 422) },
      }),
      async (c) => {
        const { tag, ...filters } = c.req.valid('query');
        const db = c.var.db;
        const expanded = tag ? await expandTags(db, tag) : undefined;
        const rows: (string | number | null)[][] = [];
        let after: [string, string] | undefined;
        // Keyset pages through the whole selection, so memory per batch stays bounded.
        while (rows.length < MAX_CSV_ROWS) {
          const batch = await findServices(db, { ...filters, tags: expanded, limit: CSV_BATCH, after });
          const page = batch.slice(0, CSV_BATCH);
          const views = toServiceViews(page, await loadServiceChildren(db, page.map((s) => s.id)));
          rows.push(...views.map(csvRow));
          const last = page[page.length - 1];
          if (batch.length <= CSV_BATCH || !last) break;
          after = [last.name, last.id];
        }
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', 'attachment; filename="gapmap-directory.csv"');
        return c.body(stringify(rows, { header: true, columns: [...CSV_COLUMNS], cast: { boolean: (b) => (b ? 'yes' : 'no') } }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services/{id}/calendar.ics', tags, middleware: [requireDirectoryReader] as const,
        summary: "A service's schedule as iCalendar (Europe/London, weekly / fortnightly / monthly rules)",
        request: { params: UuidParam },
        responses: { 200: text('iCalendar', 'text/calendar'), ...errorResponses(401, 404, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const db = c.var.db;
        const view = await loadServiceView(db, id);
        // Same order as the view's schedules: the write date anchors a schedule without valid-from.
        const anchors = await db.selectFrom('schedules').select('createdAt').where('serviceId', '=', id)
          .orderBy('day').orderBy('startTime').orderBy('id').execute();
        const body = serviceCalendar(view, anchors.map((a) => a.createdAt.toISOString().slice(0, 10)), `${c.var.config.publicUrl}/services/${id}`);
        c.header('Content-Type', 'text/calendar; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="service-${id}.ics"`);
        return c.body(body, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services/{id}/share.txt', tags, middleware: [requireDirectoryReader] as const,
        summary: '"Copy for a message": the service as a short plain-text card',
        request: { params: UuidParam },
        responses: { 200: text('Plain text sized for a chat message', 'text/plain'), ...errorResponses(401, 404, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const db = c.var.db;
        const view = await loadServiceView(db, id);
        const org = await db
          .selectFrom('organisations')
          .leftJoin('users', 'users.id', 'organisations.keyContactUserId')
          .select(['organisations.name', 'organisations.email', 'organisations.phone', 'users.name as contactName'])
          .where('organisations.id', '=', view.organisationId)
          .executeTakeFirstOrThrow();
        const body = shareText(view, { organisation: org.name, name: org.contactName, email: org.email, phone: org.phone }, `${c.var.config.publicUrl}/services/${id}`);
        c.header('Content-Type', 'text/plain; charset=utf-8');
        return c.body(body, 200);
      },
    );
}
