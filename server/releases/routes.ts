/** /api/v1/releases: which weeks' need figures are published (signed in), and early publication (admin). */
import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole, requireUser } from '../http/auth.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { decodeCursor, PageQuery, toPage } from '../http/pagination.js';
import { addWeeks, scheduledPublication } from './calendar.js';
import { latestPublishedWeek } from './latest.js';
import { listReleases, publishThrough } from './releases.js';
import { PublishBody, Release, Releases } from './schemas.js';

/** [week, revision] of the last release on the previous page. */
const ReleaseCursor = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  z.number().int().min(0).max(1_000_000),
]);

export function releasesRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['Publication'],
        summary: 'Published weeks of need figures, newest first',
        middleware: [requireUser] as const,
        request: { query: PageQuery },
        responses: {
          200: jsonResponse(Releases, 'The latest published week and the releases'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const after = decodeCursor(q.cursor, ReleaseCursor);
        const [latestWeek, rows] = await Promise.all([
          latestPublishedWeek(c.var.db),
          listReleases(c.var.db, q.limit, after),
        ]);
        const page = toPage(rows, q.limit, (r) => [r.week, r.revision]);
        const next = latestWeek ? scheduledPublication(addWeeks(latestWeek, 1)) : null;
        return c.json(
          {
            latestWeek,
            nextScheduled: next ? next.toISOString() : null,
            items: page.items.map((r) => ({
              week: r.week,
              revision: r.revision,
              reason: r.reason as z.infer<typeof Release>['reason'],
              publishedAt: r.publishedAt.toISOString(),
            })),
            nextCursor: page.nextCursor,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['Publication'],
        summary: 'Publish every unpublished week up to one that has ended (admin)',
        middleware: [requireRole('admin')] as const,
        request: { body: jsonBody(PublishBody) },
        responses: {
          200: jsonResponse(
            z.object({ published: z.array(z.string()) }),
            'The weeks published now (none when they already were)',
          ),
          ...errorResponses(400, 401, 403, 422),
        },
      }),
      async (c) => {
        const { through } = c.req.valid('json');
        const published = await publishThrough(c.var.db, { through, by: currentUser(c).id });
        return c.json({ published }, 200);
      },
    );
}
