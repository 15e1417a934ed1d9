/** Directory exports: GeoJSON for the map, CSV, a service's iCalendar and its chat-sized card. */
import { createRoute, z } from '@hono/zod-openapi';
import { GEOJSON_TYPE, geoJsonResponse } from '../geo/geojson.js';
import { toCsv } from '../http/csv.js';
import { BboxParam, TagsParam } from '../geo/params.js';
import { createRouter, errorResponses, UuidParam } from '../http/openapi.js';
import { ANSWERABLE_BARRIERS } from '../gaps/engine.js';
import { schedulesOf } from '../gaps/queries.js';
import { serviceAnswers } from '../gaps/supply.js';
import { expandTags } from '../taxonomy/queries.js';
import { requireDirectoryReader } from './access.js';
import { calendarOf, CSV_COLUMNS, csvRow, serviceCalendar, shareText } from './exports.js';
import { findServicePoints, findServices, loadServiceChildren } from './queries.js';
import { ServiceListQuery, ServicePointsSchema, sessionTimes } from './schemas.js';
import { toServiceViews } from './services.js';
import { loadServiceView, loadServiceViews } from './views.js';
import { shareLink } from './share-page.js';
import { notFound } from '../http/errors.js';
import {
  sendServedJson,
  servedJson,
  servedJsonBytes,
  type ServedJson,
} from '../http/served-json.js';
import { createDataCache } from '../perf/data-cache.js';
import type { AppEnv } from '../http/env.js';
import type { Context } from 'hono';

const tags = ['Directory'];
const Time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time "HH:MM"');
const GeoJsonQuery = z
  .object({
    bbox: BboxParam.optional(),
    tag: TagsParam.optional(),
    day: z.coerce
      .number()
      .int()
      .min(1, 'must be 1 (Monday) to 7 (Sunday)')
      .max(7, 'must be 1 (Monday) to 7 (Sunday)')
      .optional()
      .openapi({ description: 'Has a session on this ISO day (Mon=1)' }),
    from: Time.optional().openapi({ description: 'With day: a session ending after this time' }),
    to: Time.optional().openapi({ description: 'With day: a session starting before this time' }),
    answers: z.enum(ANSWERABLE_BARRIERS).optional().openapi({
      description:
        'Answers this barrier, as the gap engine judges it: cost → free, access → step-free, timing → an evening (from 17:00) or weekend session, language → offered in a language other than English',
    }),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language code such as "en" or "bn"')
      .optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.from || q.to) && q.day === undefined)
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'is required with from/to' });
    if (q.from && q.to && q.from >= q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });
const CsvQuery = ServiceListQuery.omit({ limit: true, cursor: true, near: true, radiusKm: true });

/** At most this many points per map request: a bbox covers what is visible. */
const MAX_MAP_POINTS = 5000;
/** The CSV is read in pages of this size, up to MAX_CSV_ROWS services. */
const CSV_BATCH = 500;
const MAX_CSV_ROWS = 50_000;

const text = (description: string, type: string) => ({
  content: { [type]: { schema: z.string() } },
  description,
});

/** At most this many services in one calendar feed (a whole directory's sessions). */
const MAX_CALENDAR_SERVICES = 5000;

/** The active services of the directory (or of one organisation) as one subscribable calendar. */
async function calendarFeed(
  c: Context<AppEnv>,
  name: string,
  organisationId: string | null,
  filename: string,
) {
  const db = c.var.db;
  let q = db.selectFrom('services').select('id').where('status', '=', 'active');
  if (organisationId) q = q.where('organisationId', '=', organisationId);
  const ids = (await q.orderBy('name').orderBy('id').limit(MAX_CALENDAR_SERVICES).execute()).map(
    (r) => r.id,
  );
  const views = await loadServiceViews(db, ids);
  const anchors = new Map<string, string[]>();
  if (ids.length) {
    // Same order as the views' schedules: the write date anchors a schedule without valid-from.
    const rows = await db
      .selectFrom('schedules')
      .select(['serviceId', 'createdAt'])
      .where('serviceId', 'in', ids)
      .orderBy('day')
      .orderBy('startTime')
      .orderBy('id')
      .execute();
    for (const r of rows)
      anchors.set(r.serviceId, [
        ...(anchors.get(r.serviceId) ?? []),
        r.createdAt.toISOString().slice(0, 10),
      ]);
  }
  const body = calendarOf(
    name,
    views.map((v) => ({
      view: v,
      anchors: anchors.get(v.id) ?? [],
      detailUrl: `${c.var.config.publicUrl}/services/${v.id}`,
    })),
  );
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  // Inline, not an attachment: calendar apps subscribe to this address (webcal://).
  c.header('Content-Disposition', `inline; filename="${filename}"`);
  return c.body(body, 200);
}

/** Served map points per query, until the directory changes. */
const servedPoints = createDataCache<ServedJson>({ share: 0.05, sizeOf: servedJsonBytes });

/** The service locations in view as a GeoJSON FeatureCollection (confidential ones never). */
async function pointsOf(
  db: AppEnv['Variables']['db'],
  q: z.infer<typeof GeoJsonQuery>,
): Promise<z.infer<typeof ServicePointsSchema>> {
  const found = await findServicePoints(
    db,
    {
      bbox: q.bbox,
      tags: q.tag ? await expandTags(db, q.tag) : undefined,
      day: q.day,
      timeFrom: q.from,
      timeTo: q.to,
      language: q.language,
    },
    MAX_MAP_POINTS,
  );
  // The gap engine's own judgement of which barriers a location answers, so the map shows
  // exactly the supply the gap scores credit. It runs on the capped points: a view past
  // MAX_MAP_POINTS is already partial, as it is without the filter.
  const { answers } = q;
  const schedules = answers
    ? await schedulesOf(
        db,
        found.map((p) => p.serviceId),
      )
    : [];
  const points = answers ? found.filter((p) => serviceAnswers(p, schedules).has(answers)) : found;
  return {
    type: 'FeatureCollection' as const,
    features: points.map((p) => ({
      type: 'Feature' as const,
      id: `${p.serviceId}:${p.locationId}`,
      geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
      properties: {
        serviceId: p.serviceId,
        locationId: p.locationId,
        name: p.name,
        summary: p.summary,
        status: p.status,
        cost: p.costKind,
        accepting: p.accepting,
        locationName: p.locationName,
        bookable: p.bookable,
        tags: p.tags,
      },
    })),
  };
}

export function serviceExportRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/services.geojson',
        tags,
        middleware: [requireDirectoryReader] as const,
        summary:
          'Service locations as a GeoJSON FeatureCollection (confidential locations omitted)',
        request: { query: GeoJsonQuery },
        responses: {
          200: geoJsonResponse(ServicePointsSchema, 'GeoJSON FeatureCollection of points'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const db = c.var.db;
        // The same view (the borough on opening the map) is asked again and again: kept as
        // served until the directory changes (every table it reads moves data_version).
        const body = await servedPoints(db, JSON.stringify(q), async () =>
          servedJson(JSON.stringify(await pointsOf(db, q))),
        );
        return sendServedJson<z.infer<typeof ServicePointsSchema>, 200>(c, body, 200, GEOJSON_TYPE);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services.csv',
        tags,
        middleware: [requireDirectoryReader] as const,
        summary:
          'The directory as CSV (same filters as the list; confidential locations show only their district)',
        request: { query: CsvQuery },
        responses: {
          200: text('CSV, one row per service', 'text/csv'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const { tag, from, to, ...filters } = c.req.valid('query');
        const db = c.var.db;
        Object.assign(filters, sessionTimes(filters.day, from, to));
        const expanded = tag ? await expandTags(db, tag) : undefined;
        const rows: (string | number | null)[][] = [];
        let after: [number, string, string] | undefined;
        // One "now" for every batch, so a listing cannot turn stale between two of them.
        const now = new Date();
        // Keyset pages through the whole selection, so memory per batch stays bounded.
        while (rows.length < MAX_CSV_ROWS) {
          const batch = await findServices(db, {
            ...filters,
            tags: expanded,
            limit: CSV_BATCH,
            after,
            now,
          });
          const page = batch.slice(0, CSV_BATCH);
          const views = toServiceViews(
            page,
            await loadServiceChildren(
              db,
              page.map((s) => s.id),
            ),
          );
          rows.push(...views.map(csvRow));
          const last = page[page.length - 1];
          if (batch.length <= CSV_BATCH || !last) break;
          after = [last.staleRank, last.name, last.id];
        }
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', 'attachment; filename="gapmap-directory.csv"');
        return c.body(
          toCsv(rows, {
            header: true,
            columns: [...CSV_COLUMNS],
            cast: { boolean: (b) => (b ? 'yes' : 'no') },
          }),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services/{id}/calendar.ics',
        tags,
        middleware: [requireDirectoryReader] as const,
        summary:
          "A service's schedule as iCalendar (Europe/London, weekly / fortnightly / monthly rules)",
        request: { params: UuidParam },
        responses: { 200: text('iCalendar', 'text/calendar'), ...errorResponses(401, 404, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const db = c.var.db;
        const view = await loadServiceView(db, id);
        // Same order as the view's schedules: the write date anchors a schedule without valid-from.
        const anchors = await db
          .selectFrom('schedules')
          .select('createdAt')
          .where('serviceId', '=', id)
          .orderBy('day')
          .orderBy('startTime')
          .orderBy('id')
          .execute();
        const body = serviceCalendar(
          view,
          anchors.map((a) => a.createdAt.toISOString().slice(0, 10)),
          `${c.var.config.publicUrl}/services/${id}`,
        );
        c.header('Content-Type', 'text/calendar; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="service-${id}.ics"`);
        return c.body(body, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services.ics',
        tags,
        middleware: [requireDirectoryReader] as const,
        operationId: 'getDirectoryCalendar',
        summary: 'Every active service’s sessions as one iCalendar feed (subscribe with webcal://)',
        responses: { 200: text('iCalendar', 'text/calendar'), ...errorResponses(401) },
      }),
      (c) => calendarFeed(c, 'Gapmap directory', null, 'gapmap-directory.ics'),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/organisations/{id}/calendar.ics',
        tags,
        middleware: [requireDirectoryReader] as const,
        operationId: 'getOrganisationCalendar',
        summary:
          'An organisation’s active services’ sessions as one iCalendar feed (subscribe with webcal://)',
        request: { params: UuidParam },
        responses: { 200: text('iCalendar', 'text/calendar'), ...errorResponses(401, 404, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const org = await c.var.db
          .selectFrom('organisations')
          .select('name')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!org) throw notFound('Organisation');
        return calendarFeed(c, org.name, id, `organisation-${id}.ics`);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services/{id}/share.txt',
        tags,
        middleware: [requireDirectoryReader] as const,
        summary: '"Copy for a message": the service as a short plain-text card',
        request: { params: UuidParam },
        responses: {
          200: text('Plain text sized for a chat message', 'text/plain'),
          ...errorResponses(401, 404, 422),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const db = c.var.db;
        const view = await loadServiceView(db, id);
        const org = await db
          .selectFrom('organisations')
          .leftJoin('users', 'users.id', 'organisations.keyContactUserId')
          .select([
            'organisations.name',
            'organisations.email',
            'organisations.phone',
            'users.name as contactName',
          ])
          .where('organisations.id', '=', view.organisationId)
          .executeTakeFirstOrThrow();
        const body = shareText(
          view,
          { organisation: org.name, name: org.contactName, email: org.email, phone: org.phone },
          shareLink(c.var.config.publicUrl, id),
        );
        c.header('Content-Type', 'text/plain; charset=utf-8');
        return c.body(body, 200);
      },
    );
}
