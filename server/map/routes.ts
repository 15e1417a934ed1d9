import { createRoute, z } from '@hono/zod-openapi';
import { BARRIERS } from '../../db/schema.js';
import { WindowQuery } from '../gaps/window-schemas.js';
import { FUNDER_MAX_RES, publishOptions } from '../privacy/suppression.js';
import { publishedWindow } from '../releases/releases.js';
import { BboxParam, TagsParam } from '../geo/params.js';
import { currentUser, requireUser } from '../http/auth.js';
import { forbidden, invalid } from '../http/errors.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import {
  sendServedJson,
  servedJson,
  servedJsonBytes,
  type ServedJson,
} from '../http/served-json.js';
import { createDataCache } from '../perf/data-cache.js';
import { expandTags, unknownTags } from '../taxonomy/queries.js';
import { coveringCells, needFeatures } from './need-map.js';
import { needMapRows, type MapResolution } from './queries.js';
import { NeedMapSchema } from './schemas.js';

const NeedMapQuery = WindowQuery.extend({
  bbox: BboxParam,
  res: z
    .enum(['6', '7', '8'])
    .optional()
    .transform((r) => (r === undefined ? undefined : (Number(r) as MapResolution)))
    .openapi({
      type: 'string',
      enum: ['6', '7', '8'],
      description: 'H3 resolution; default 8 (7 for funders)',
    }),
  tag: TagsParam.optional(),
  raw: z.enum(['0', '1']).optional().openapi({ description: 'Admins only: exact counts' }),
  barrier: z.enum(BARRIERS).optional().openapi({
    description:
      'Count only flags recording this barrier (from need_barrier_counts; a flag counts once per selected tag)',
  }),
  areaId: z.string().uuid().optional().openapi({
    description:
      'Only flags inside this imported area (its res-8 cells), as the dashboard filter: a hexagon on the edge counts only its part inside',
  }),
});

export { FUNDER_MAX_RES };

/** Published need-map answers (suppressed, serialised) by request; recomputed after a release or a directory change. */
const publishedMaps = createDataCache<ServedJson>({ share: 0.25, sizeOf: servedJsonBytes });

export function mapRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/needs',
      tags: ['Map'],
      summary: 'Need flags as H3 hexagons with suppressed counts, from published weeks',
      description:
        'Signed-in users. Published weeks only: the window is clamped to the latest published week (`publishedThrough`). Whole ISO weeks only (`from` snaps to its Monday, `to` covers its week; default the last 12 weeks). ' +
        'A parent tag includes its children; barrier= counts only flags recording that barrier.  Funders may ask for res 6 or 7 only (res 8 → 403). Admins may add raw=1 for exact counts. ' +
        `A bbox covering more than ${10_000} hexagons at the chosen res → 422.`,
      middleware: [requireUser] as const,
      request: { query: NeedMapQuery },
      responses: {
        200: jsonResponse(NeedMapSchema, 'GeoJSON FeatureCollection of H3 hexagons'),
        ...errorResponses(401, 403, 422),
      },
    }),
    async (c) => {
      const user = currentUser(c);
      const q = c.req.valid('query');
      const res: MapResolution = q.res ?? (user.role === 'funder' ? FUNDER_MAX_RES : 8);
      if (user.role === 'funder' && res > FUNDER_MAX_RES)
        throw forbidden(`Funders see needs at res ${FUNDER_MAX_RES} or coarser.`);
      const raw = q.raw === '1';
      if (raw && user.role !== 'admin') throw forbidden('Only admins may see exact counts.');
      const db = c.var.db;
      const window = await publishedWindow(db, q, { raw });
      let tags: string[] | undefined;
      if (q.tag?.length) {
        const unknown = await unknownTags(db, q.tag);
        if (unknown.length) throw invalid({ tag: `unknown tag(s): ${unknown.join(', ')}` });
        tags = await expandTags(db, q.tag);
      }
      const cells = coveringCells(q.bbox, res);
      const publish = publishOptions(c.var.config, raw);
      const answer = async () => {
        const { totals, tagRows } = await needMapRows(
          db,
          res,
          cells,
          window,
          tags,
          q.barrier,
          q.areaId,
        );
        const features = needFeatures(q.bbox, totals, tagRows, publish);
        const { publishedThrough, ...span } = window;
        return servedJson(
          JSON.stringify({
            type: 'FeatureCollection' as const,
            res,
            window: span,
            publishedThrough,
            features,
          }),
        );
      };
      const key = JSON.stringify([
        res,
        q.bbox,
        window.from,
        window.to,
        window.publishedThrough,
        tags ?? null,
        q.barrier ?? null,
        publish.threshold,
        q.areaId ?? null,
      ]);
      // Published views cannot change under flag writes: the same view again (people looking at the
      // same area) is served as the text it was until the next release. Raw reads are never cached.
      const body = raw ? await answer() : await publishedMaps(db, key, answer);
      return sendServedJson<z.infer<typeof NeedMapSchema>, 200>(c, body, 200);
    },
  );
}
