/**
 * The funder dashboard's routes (funder, admin): monthly trends and downloads of suppressed
 * tables. Funders see coarse units only (res-7 cells or areas), never single res-8 cells.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { toCsv } from '../http/csv.js';
import type { Context } from 'hono';
import { AREA_KINDS } from '../../db/schema.js';
import { TagsParam } from '../geo/params.js';
import { rankGaps } from '../gaps/gaps.js';
import { WindowQuery } from '../gaps/window-schemas.js';
import { publishOptions, type SuppressionOptions } from '../privacy/suppression.js';
import { publishedWindow } from '../releases/releases.js';
import { currentUser, requireRole } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { forbidden } from '../http/errors.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import { expandTags, taxonomyNames } from '../taxonomy/queries.js';
import { weeklyTagTotals } from './queries.js';
import { TrendsResponse } from './schemas.js';
import { NEED_CSV_COLUMNS, needCsvRecords, needGeoJson, needTable } from './tables.js';
import { monthlyTrends, monthsBetween } from './trends.js';

const tags = ['Dashboard'];
const RawFlag = z
  .enum(['0', '1'])
  .optional()
  .openapi({ description: 'Admins only: 1 shows exact counts' });
/** A year of months by default: the dashboard shows seasonal change, not last week. */
const TREND_DEFAULT_WEEKS = 52;

const TrendsQuery = WindowQuery.extend({
  level: z
    .enum(['group', 'tag'])
    .default('group')
    .openapi({ description: 'group: one series per top-level tag; tag: one per tag' }),
  areaId: z.string().uuid().optional().openapi({ description: 'Only flags in this imported area' }),
  tag: TagsParam.optional(),
  raw: RawFlag,
});

const TableQuery = WindowQuery.extend({
  by: z
    .enum(['area', 'cell7'])
    .default('area')
    .openapi({ description: 'area (imported boundaries) or cell7 (H3 resolution 7)' }),
  kind: z
    .enum(AREA_KINDS)
    .optional()
    .openapi({ description: 'Area kind for by=area (default: the most local imported)' }),
  areaId: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Only need inside this imported area (as the dashboard filter)' }),
  tag: TagsParam.optional(),
  raw: RawFlag,
});

const text = (description: string, type: string) => ({
  content: { [type]: { schema: z.string() } },
  description,
});

function publishing(c: Context<AppEnv>, raw: string | undefined): SuppressionOptions {
  const exact = raw === '1';
  if (exact && currentUser(c).role !== 'admin') throw forbidden('Exact counts are for admins.');
  return publishOptions(c.var.config, exact);
}

/** A download names the window it covers and says which weeks are published (header X-Published-Through). */
function download(
  c: Context<AppEnv>,
  body: string,
  type: string,
  filename: string,
  publishedThrough: string | null,
) {
  return c.body(body, 200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${filename}"`,
    'X-Published-Through': publishedThrough ?? 'none',
  });
}

const fileDate = (window: { from: string; to: string }) => `${window.from}_${window.to}`;

/** The trend chart's series: one per tag or top-level group, a published count per month. */
async function trendsFor(c: Context<AppEnv>, q: z.infer<typeof TrendsQuery>) {
  const publish = publishing(c, q.raw);
  const db = c.var.db;
  const { publishedThrough, ...window } = await publishedWindow(db, q, {
    raw: publish.raw ?? false,
    defaultWeeks: TREND_DEFAULT_WEEKS,
  });
  const [taxonomy, tagFilter] = await Promise.all([
    taxonomyNames(db),
    q.tag ? expandTags(db, q.tag) : undefined,
  ]);
  const rows = window.weeks
    ? await weeklyTagTotals(db, window, { tags: tagFilter, areaId: q.areaId })
    : [];
  const parentOf = new Map(taxonomy.map((t) => [t.slug, t.parentSlug]));
  const nameOf = new Map(taxonomy.map((t) => [t.slug, t.name]));
  const keyOf = q.level === 'group' ? (t: string) => parentOf.get(t) ?? t : (t: string) => t;
  const months = window.weeks ? monthsBetween(window.from, window.to) : [];
  const series = monthlyTrends(rows, months, keyOf, publish).map((s) => ({
    ...s,
    name: nameOf.get(s.key) ?? s.key,
  }));
  return { window, publishedThrough, months, series };
}

export function dashboardRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/dashboard/trends',
        tags,
        summary: 'Flags per tag or tag group per month, suppressed (funder, admin)',
        middleware: [requireRole('funder')] as const,
        request: { query: TrendsQuery },
        responses: {
          200: jsonResponse(TrendsResponse, 'One series per tag or group, largest first'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        return c.json({ ...(await trendsFor(c, q)), level: q.level }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/dashboard/trends.csv',
        tags,
        summary:
          "The trend chart's figures (flags per tag or group per month, suppressed), as CSV (funder, admin)",
        middleware: [requireRole('funder')] as const,
        request: { query: TrendsQuery },
        responses: {
          200: text('CSV, one row per series and month', 'text/csv'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const { window, publishedThrough, series } = await trendsFor(c, q);
        const rows = series.flatMap((s) =>
          s.points.map((p) => [p.month, s.key, s.name, p.count.value, p.count.display]),
        );
        const csv = toCsv([['month', 'key', 'need', 'count', 'count_display'], ...rows]);
        return download(
          c,
          csv,
          'text/csv; charset=utf-8',
          `gapmap-trends-by-${q.level}-${fileDate(window)}.csv`,
          publishedThrough,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/dashboard/needs.csv',
        tags,
        summary: 'Suppressed need counts per area or res-7 cell and tag, as CSV (funder, admin)',
        middleware: [requireRole('funder')] as const,
        request: { query: TableQuery },
        responses: {
          200: text('CSV, one row per unit and tag', 'text/csv'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const publish = publishing(c, q.raw);
        const { publishedThrough, ...window } = await publishedWindow(c.var.db, q, {
          raw: publish.raw ?? false,
        });
        const table = await needTable(
          c.var.db,
          {
            by: q.by,
            window,
            tags: q.tag && (await expandTags(c.var.db, q.tag)),
            areaKind: q.kind,
            areaId: q.areaId,
          },
          publish,
        );
        const csv = toCsv([[...NEED_CSV_COLUMNS], ...needCsvRecords(table)]);
        return download(
          c,
          csv,
          'text/csv; charset=utf-8',
          `gapmap-needs-by-${q.by}-${fileDate(window)}.csv`,
          publishedThrough,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/dashboard/needs.geojson',
        tags,
        summary: 'Suppressed need counts per area or res-7 cell, as GeoJSON (funder, admin)',
        middleware: [requireRole('funder')] as const,
        request: { query: TableQuery },
        responses: {
          200: text(
            'GeoJSON FeatureCollection; per tag, properties need_<tag> (suppressed count, null when suppressed) and need_<tag>_display',
            'application/geo+json',
          ),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const publish = publishing(c, q.raw);
        const { publishedThrough, ...window } = await publishedWindow(c.var.db, q, {
          raw: publish.raw ?? false,
        });
        const table = await needTable(
          c.var.db,
          {
            by: q.by,
            window,
            tags: q.tag && (await expandTags(c.var.db, q.tag)),
            areaKind: q.kind,
            areaId: q.areaId,
          },
          publish,
        );
        const body = JSON.stringify(
          needGeoJson(table, (unit) => table.areas.get(unit)?.geometry ?? null, publishedThrough),
        );
        return download(
          c,
          body,
          'application/geo+json',
          `gapmap-needs-by-${q.by}-${fileDate(window)}.geojson`,
          publishedThrough,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/dashboard/gaps.csv',
        tags,
        summary: 'The ranked gap table per area or res-7 cell, as CSV (funder, admin)',
        middleware: [requireRole('funder')] as const,
        request: { query: TableQuery },
        responses: {
          200: text('CSV, one row per unit and tag, highest gap first', 'text/csv'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const raw = publishing(c, q.raw).raw ?? false;
        const { publishedThrough, ...window } = await publishedWindow(c.var.db, q, { raw });
        const { items: gaps } = await rankGaps(c.var.db, c.var.config, {
          by: q.by,
          tags: q.tag,
          window,
          areaKind: q.kind,
          areaId: q.areaId,
          raw,
        });
        const nameOf = new Map((await taxonomyNames(c.var.db)).map((t) => [t.slug, t.name]));
        const rows = gaps.map((g, i) => [
          i + 1,
          g.areaId ?? g.cell ?? '',
          g.place,
          g.tag,
          g.demand.value,
          g.demand.display,
          g.supply,
          g.score,
          g.reason,
          nameOf.get(g.tag) ?? g.tag,
        ]);
        const csv = toCsv([
          [
            'rank',
            'unit',
            'place',
            'tag',
            'demand',
            'demand_display',
            'supply',
            'score',
            'reason',
            'need',
          ],
          ...rows,
        ]);
        return download(
          c,
          csv,
          'text/csv; charset=utf-8',
          `gapmap-gaps-by-${q.by}-${fileDate(window)}.csv`,
          publishedThrough,
        );
      },
    );
}
