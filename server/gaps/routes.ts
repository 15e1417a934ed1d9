import { createRoute, z } from '@hono/zod-openapi';
import { AREA_KINDS } from '../../db/schema.js';
import { TagsParam } from '../geo/params.js';
import { currentUser, requireRole, requireUser } from '../http/auth.js';
import { forbidden } from '../http/errors.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { decodeCursor, encodeCursor, OffsetCursor } from '../http/pagination.js';
import { DEFAULT_RADIUS_KM, runGapCheck } from './gap-check.js';
import { rankGaps } from './gaps.js';
import { resolveGapCheckPlace } from './place.js';
import { WindowQuery, WindowSchema } from './schemas.js';
import { SuppressedCountSchema } from '../privacy/suppression.js';
import { publishedWindow } from '../releases/releases.js';
import { publishedSearchMissUnits } from '../demand/search-misses.js';
import { publishOptions } from '../privacy/suppression.js';
import { expandTags } from '../taxonomy/queries.js';

const GapItem = z
  .object({
    cell: z.string().optional().openapi({ description: 'H3 index (res 8, or res 7 for funders and by=cell7)' }),
    res: z.number().optional(),
    areaId: z.string().uuid().optional(),
    place: z.string(),
    tag: z.string(),
    demand: SuppressedCountSchema,
    supply: z.number().openapi({ description: 'Places within reach: Σ capacity × barrier fit of services whose catchment touches the unit' }),
    score: z.number().nullable().openapi({ description: 'Published demand × share unmet after E2SFCA allocation (higher = bigger gap); null for a "<8" unit, which carries no derived figure and ranks after every numbered unit' }),
    reason: z.string(),
  })
  .openapi('Gap');

const SearchMissUnit = z
  .object({ cell: z.string().openapi({ description: 'H3 res-7 index' }), res: z.literal(7), tag: z.string(), count: SuppressedCountSchema })
  .openapi('SearchMissUnit');

const GapsQuery = WindowQuery.extend({
  by: z.enum(['cell', 'cell7', 'area']).default('cell').openapi({ description: 'cell (res 8; res 7 for funders), cell7 or area' }),
  tag: TagsParam.optional(),
  kind: z.enum(AREA_KINDS).optional().openapi({ description: 'Area kind for by=area (default: wards if imported, else neighbourhoods…)' }),
  areaId: z.string().uuid().optional().openapi({ description: 'Only need inside this imported area' }),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(200).optional(),
  raw: z.enum(['0', '1']).optional().openapi({ description: 'Admins only: 1 shows exact demand' }),
});

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const Session = z
  .object({ day: z.number().int().min(1).max(7).openapi({ description: 'ISO day, Monday = 1' }), start: HHMM, end: HHMM })
  .refine((s) => s.start < s.end, { message: 'must end after it starts', path: ['end'] });
export const GapCheckBody = z
  .object({
    tags: z.array(z.string().min(1).max(80)).min(1).max(20),
    postcode: z.string().max(16).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    radiusKm: z.number().positive().max(5).default(DEFAULT_RADIUS_KM),
    schedule: z.array(Session).max(14).optional(),
  })
  .refine((b) => b.postcode !== undefined || (b.lat !== undefined && b.lng !== undefined), {
    message: 'give a postcode or both lat and lng',
    path: ['postcode'],
  })
  .openapi('GapCheckRequest');

export function gapsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/gaps', tags: ['Gaps'], summary: 'Ranked gaps (E2SFCA on the H3 grid; suppressed demand)',
        middleware: [requireUser] as const,
        request: { query: GapsQuery },
        responses: {
          200: jsonResponse(z.object({
            items: z.array(GapItem), nextCursor: z.string().nullable(), publishedThrough: z.string().nullable(), window: WindowSchema,
            searchMisses: z.array(SearchMissUnit).openapi({ description: 'Searches that found nothing (signed-in directory searches for a tag near a place with no active service within the radius), per res-7 cell and tag, from the same published weeks; a separate signal, never added into demand. First page only.' }),
          }), 'Ranked gaps from published weeks'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const user = currentUser(c);
        const raw = q.raw === '1';
        if (raw && user.role !== 'admin') throw forbidden('Exact counts are for admins.');
        // Funders never see single res-8 cells: their cell ranking is over res-7 parents.
        const by = q.by === 'cell' && user.role === 'funder' ? 'cell7' : q.by;
        const [offset] = decodeCursor(q.cursor, OffsetCursor) ?? [0];
        const { publishedThrough, ...window } = await publishedWindow(c.var.db, q, { raw });
        const { items, total } = await rankGaps(c.var.db, c.var.config, { by, tags: q.tag, window, areaKind: q.kind, areaId: q.areaId, raw }, { offset, limit: q.limit });
        const nextCursor = offset + q.limit < total ? encodeCursor([offset + q.limit]) : null;
        // The second demand signal (first page only): its own list, never added into `demand`.
        const searchMisses = offset > 0 ? [] : await publishedSearchMissUnits(c.var.db, {
          window, tags: q.tag ? await expandTags(c.var.db, q.tag) : undefined, areaId: q.areaId, limit: q.limit,
        }, publishOptions(c.var.config, raw));
        return c.json({ items, nextCursor, publishedThrough, window, searchMisses }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post', path: '/gap-check', tags: ['Gaps'], summary: 'Check for a gap before launching a group',
        middleware: [requireRole('organiser', 'link_worker')] as const,
        request: { body: jsonBody(GapCheckBody) },
        responses: { 200: jsonResponse(z.any(), 'Verdict, similar services, demand, barriers, venues'), ...errorResponses(400, 401, 403, 422) },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const place = await resolveGapCheckPlace(c.var.db, body);
        const result = await runGapCheck(c.var.db, c.var.config, { ...body, ...place });
        return c.json(result, 200);
      },
    );
}
