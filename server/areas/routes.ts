import { createRoute, z } from '@hono/zod-openapi';
import { recordAudit } from '../audit/audit.js';
import { asGeoJson, geoJsonResponse } from '../geo/geojson.js';
import { BboxParam } from '../geo/params.js';
import { currentUser, requireRole, requireUser } from '../http/auth.js';
import { conflict, forbidden, invalid, notFound } from '../http/errors.js';
import { group } from '../group.js';
import { createRouter, errorResponses, jsonResponse, UuidParam } from '../http/openapi.js';
import { decodeCursor, NameIdCursor, PageQuery, pageSchema, toPage } from '../http/pagination.js';
import {
  combine,
  publishOptions,
  suppressCount,
  type PublishedCount,
} from '../privacy/suppression.js';
import { publishedWindow } from '../releases/releases.js';
import { rankGaps } from '../gaps/gaps.js';
import { WindowQuery } from '../gaps/window-schemas.js';
import { coverSteps } from './coverage.js';
import { parseSteps } from './geojson.js';
import { runInSlices, type Progress } from './slices.js';
import {
  AreaDetailSchema,
  AreaItem,
  AreaShapesSchema,
  AreaSummarySchema,
  FeatureCollectionBody,
  ImportQuery,
  ImportResultSchema,
  ImportStatus,
  Kind,
  RawFlag,
} from './schemas.js';
import {
  areaNeedRows,
  areaServiceCount,
  areaShapes,
  findArea,
  listAreas,
  replaceAreas,
} from './queries.js';

/** Boundary layer responses are capped; a bbox narrows them. */
const MAX_SHAPES = 2000;
const IDLE: ImportStatus = { running: false, phase: null, done: 0, total: 0, startedAt: null };

export function areasRoutes() {
  // One boundary import at a time per server: each holds a whole file and its cells in memory.
  let status: ImportStatus = IDLE;
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/areas/import',
        tags: ['Areas'],
        summary: 'Import boundaries (replaces areas with the same code)',
        description:
          "The work is bounded before it starts (features, coordinates, and H3 cells estimated from each feature's bounding box), runs in short slices so the server keeps answering, and reports its progress at `GET /areas/import/status`. One import at a time (409 while another runs).",
        middleware: [requireRole('admin')] as const,
        request: {
          query: ImportQuery,
          body: {
            content: { 'application/json': { schema: FeatureCollectionBody } },
            required: true,
          },
        },
        responses: {
          200: jsonResponse(ImportResultSchema, 'Imported'),
          ...errorResponses(400, 401, 403, 409, 413, 422),
        },
      }),
      async (c) => {
        if (status.running)
          throw conflict('Another boundary import is running; try again when it has finished.', {
            status,
          });
        const q = c.req.valid('query');
        const body = c.req.valid('json');
        status = {
          running: true,
          phase: 'reading',
          done: 0,
          total: body.features.length,
          startedAt: new Date().toISOString(),
        };
        const report = (p: Progress) => {
          status = { ...status, ...p };
        };
        try {
          const parsed = await runInSlices(parseSteps(body, q), report);
          if (Object.keys(parsed.errors).length)
            throw invalid(parsed.errors, 'The boundary file cannot be imported.');
          const cells = await runInSlices(coverSteps(parsed.areas.map((a) => a.geometry)), report);
          const total = cells.reduce((n, list) => n + list.length, 0);
          const areas = parsed.areas.map((a, i) => ({ ...a, cells: cells[i]! }));
          const user = currentUser(c);
          report({ phase: 'writing', done: 0, total: areas.length });
          const imported = await c.var.db.transaction().execute(async (trx) => {
            const n = await replaceAreas(trx, parsed.kind, areas, (done) =>
              report({ phase: 'writing', done, total: areas.length }),
            );
            await recordAudit(trx, {
              userId: user.id,
              action: 'areas.imported',
              entity: 'area',
              entityId: null,
              details: { kind: parsed.kind, imported: n, skipped: parsed.skipped, cells: total },
            });
            return n;
          });
          return c.json({ imported, skipped: parsed.skipped }, 200);
        } finally {
          status = IDLE;
        }
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/areas/import/status',
        tags: ['Areas'],
        summary: 'Progress of the running boundary import (admin)',
        middleware: [requireRole('admin')] as const,
        responses: {
          200: jsonResponse(ImportStatus, 'What the running import is doing, or running: false'),
          ...errorResponses(401, 403),
        },
      }),
      (c) => c.json(status, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/areas',
        tags: ['Areas'],
        summary: 'Imported areas',
        middleware: [requireUser] as const,
        request: { query: PageQuery.extend({ kind: Kind.optional() }) },
        responses: {
          200: jsonResponse(pageSchema(AreaItem), 'A page of areas'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listAreas(c.var.db, {
          kind: q.kind,
          limit: q.limit,
          after: decodeCursor(q.cursor, NameIdCursor),
        });
        return c.json(
          toPage(rows, q.limit, (a) => [a.name, a.id]),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/areas.geojson',
        tags: ['Areas'],
        summary: 'Area boundaries for the map (GeoJSON FeatureCollection)',
        middleware: [requireUser] as const,
        request: { query: z.object({ kind: Kind.optional(), bbox: BboxParam.optional() }) },
        responses: {
          200: geoJsonResponse(AreaShapesSchema, 'GeoJSON FeatureCollection of area polygons'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await areaShapes(c.var.db, { kind: q.kind, bbox: q.bbox, limit: MAX_SHAPES });
        return asGeoJson(
          c.json(
            {
              type: 'FeatureCollection' as const,
              features: rows.map((a) => ({
                type: 'Feature' as const,
                id: a.id,
                geometry: a.geometry,
                properties: { id: a.id, code: a.code, name: a.name, kind: a.kind },
              })),
            },
            200,
          ),
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/areas/{id}',
        tags: ['Areas'],
        summary: 'One area with its boundary',
        middleware: [requireUser] as const,
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(AreaDetailSchema, 'The area'),
          ...errorResponses(401, 404, 422),
        },
      }),
      async (c) => {
        const area = await findArea(c.var.db, c.req.valid('param').id);
        if (!area) throw notFound('Area');
        return c.json(area, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/areas/{id}/summary',
        tags: ['Areas'],
        summary: 'Suppressed need counts, services and top gaps in an area',
        middleware: [requireUser] as const,
        request: { params: UuidParam, query: WindowQuery.extend({ raw: RawFlag }) },
        responses: {
          200: jsonResponse(AreaSummarySchema, 'Area summary from published weeks'),
          ...errorResponses(401, 403, 404, 422),
        },
      }),
      async (c) => {
        const db = c.var.db;
        const config = c.var.config;
        const q = c.req.valid('query');
        const raw = q.raw === '1';
        if (raw && currentUser(c).role !== 'admin') throw forbidden('Exact counts are for admins.');
        const area = await findArea(db, c.req.valid('param').id);
        if (!area) throw notFound('Area');
        const { publishedThrough, ...window } = await publishedWindow(db, q, { raw });
        const publish = publishOptions(config, raw);
        const byTag = group(
          window.weeks ? await areaNeedRows(db, area.id, window) : [],
          (r) => r.tagSlug,
        );
        const needs: Record<string, PublishedCount> = {};
        for (const [tag, rows] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
          const total = combine(rows);
          if (total.count > 0) needs[tag] = suppressCount(total, publish);
        }
        const [services, gaps] = await Promise.all([
          areaServiceCount(db, area.id),
          rankGaps(
            db,
            config,
            { by: 'area', areaId: area.id, window, raw },
            { offset: 0, limit: 10 },
          ),
        ]);
        return c.json(
          {
            area: { id: area.id, code: area.code, name: area.name, kind: area.kind },
            needs,
            services,
            gaps: gaps.items,
            window,
            publishedThrough,
          },
          200,
        );
      },
    );
}
