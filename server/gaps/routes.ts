import { createRoute } from '@hono/zod-openapi';
import { currentUser, requireRole, requireUser } from '../http/auth.js';
import { forbidden } from '../http/errors.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { decodeCursor, encodeCursor, OffsetCursor } from '../http/pagination.js';
import { runGapCheck } from './gap-check.js';
import { rankGaps } from './gaps.js';
import { resolveGapCheckPlace } from './place.js';
import { GapCheckBody, GapCheckResultSchema, GapsPageSchema, GapsQuery } from './schemas.js';
import { publishedWindow } from '../releases/releases.js';
import { publishedSearchMissUnits } from '../demand/search-misses.js';
import { publishOptions } from '../privacy/suppression.js';
import { expandTags } from '../taxonomy/queries.js';

export function gapsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/gaps',
        tags: ['Gaps'],
        summary: 'Ranked gaps (E2SFCA on the H3 grid; suppressed demand)',
        middleware: [requireUser] as const,
        request: { query: GapsQuery },
        responses: {
          200: jsonResponse(GapsPageSchema, 'Ranked gaps from published weeks'),
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
        const { items, total } = await rankGaps(
          c.var.db,
          c.var.config,
          { by, tags: q.tag, window, areaKind: q.kind, areaId: q.areaId, raw },
          { offset, limit: q.limit },
        );
        const nextCursor = offset + q.limit < total ? encodeCursor([offset + q.limit]) : null;
        // The second demand signal (first page only): its own list, never added into `demand`.
        const searchMisses =
          offset > 0
            ? []
            : await publishedSearchMissUnits(
                c.var.db,
                {
                  window,
                  tags: q.tag ? await expandTags(c.var.db, q.tag) : undefined,
                  areaId: q.areaId,
                  limit: q.limit,
                },
                publishOptions(c.var.config, raw),
              );
        return c.json({ items, nextCursor, publishedThrough, window, searchMisses }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/gap-check',
        tags: ['Gaps'],
        summary: 'Check for a gap before launching a group',
        middleware: [requireRole('organiser', 'link_worker')] as const,
        request: { body: jsonBody(GapCheckBody) },
        responses: {
          200: jsonResponse(
            GapCheckResultSchema,
            'Verdict, similar services, demand, barriers, venues',
          ),
          ...errorResponses(400, 401, 403, 422),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const place = await resolveGapCheckPlace(c.var.db, body);
        const result = await runGapCheck(c.var.db, c.var.config, { ...body, ...place });
        return c.json(result, 200);
      },
    );
}
