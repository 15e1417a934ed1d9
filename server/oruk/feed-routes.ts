/**
 * /api/v1/import/feeds (admin): ORUK feeds registered for scheduled harvesting, a harvest on
 * demand, and each feed's run reports.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole } from '../http/auth.js';
import { conflict, notFound } from '../http/errors.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { harvestRuns, startHarvest } from './harvest.js';
import { Feed, FeedInput, FeedPatch, Run } from './feed-schemas.js';

const tags = ['Open Referral UK'];

import type { Db } from '../../db/schema.js';

async function feedView(db: Db, id: string) {
  const f = await db.selectFrom('orukFeeds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!f) throw notFound('Feed');
  const [lastRun] = await harvestRuns(db, id, 1);
  return {
    id: f.id,
    url: f.url,
    name: f.name,
    intervalMinutes: f.intervalMinutes,
    enabled: f.enabled,
    nextRunAt: f.nextRunAt.toISOString(),
    harvestedThrough: f.harvestedThrough?.toISOString() ?? null,
    running: f.runningSince !== null,
    resumePage: f.resumePage,
    lastRun: lastRun ?? null,
  };
}

export function orukFeedRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/feeds',
        tags,
        middleware: [requireRole('admin')] as const,
        summary: 'ORUK feeds harvested on a schedule, each with its last run',
        responses: {
          200: jsonResponse(z.object({ items: z.array(Feed) }), 'The feeds'),
          ...errorResponses(401, 403),
        },
      }),
      async (c) => {
        const db = c.var.db;
        const ids = await db
          .selectFrom('orukFeeds')
          .select('id')
          .orderBy('name')
          .orderBy('id')
          .execute();
        return c.json({ items: await Promise.all(ids.map((f) => feedView(db, f.id))) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/feeds',
        tags,
        middleware: [requireRole('admin')] as const,
        summary: 'Register an ORUK feed for scheduled harvesting (its first run is due at once)',
        request: { body: jsonBody(FeedInput) },
        responses: { 201: jsonResponse(Feed, 'The feed'), ...errorResponses(401, 403, 409, 422) },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const db = c.var.db;
        const url = input.url.replace(/\/+$/, '');
        if (await db.selectFrom('orukFeeds').select('id').where('url', '=', url).executeTakeFirst())
          throw conflict('This feed is registered already.');
        const row = await db
          .insertInto('orukFeeds')
          .values({
            url,
            name: input.name ?? new URL(url).host,
            intervalMinutes: input.intervalMinutes,
            createdBy: currentUser(c).id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return c.json(await feedView(db, row.id), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/feeds/{id}',
        tags,
        middleware: [requireRole('admin')] as const,
        summary: 'Rename a feed, change its interval, pause or resume it',
        request: { params: UuidParam, body: jsonBody(FeedPatch) },
        responses: { 200: jsonResponse(Feed, 'The feed'), ...errorResponses(401, 403, 404, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const patch = c.req.valid('json');
        const db = c.var.db;
        await feedView(db, id);
        if (Object.keys(patch).length)
          await db.updateTable('orukFeeds').set(patch).where('id', '=', id).execute();
        return c.json(await feedView(db, id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/feeds/{id}',
        tags,
        middleware: [requireRole('admin')] as const,
        summary: 'Stop harvesting a feed (what it brought stays in the directory)',
        request: { params: UuidParam },
        responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 422) },
      }),
      async (c) => {
        const { numDeletedRows } = await c.var.db
          .deleteFrom('orukFeeds')
          .where('id', '=', c.req.valid('param').id)
          .executeTakeFirst();
        if (!numDeletedRows) throw notFound('Feed');
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/feeds/{id}/harvest',
        tags,
        middleware: [requireRole('admin')] as const,
        summary:
          'Start harvesting a feed now (it runs on after the answer: follow it in /feeds/{id}/runs)',
        request: { params: UuidParam },
        responses: {
          202: jsonResponse(Run, 'The run, as it starts (status running)'),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) => {
        const { run, done } = await startHarvest(c.var.db, c.req.valid('param').id);
        // The outcome is in the run's report; a fault is logged by the error it leaves there.
        done.catch(() => undefined);
        return c.json(run, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/feeds/{id}/runs',
        tags,
        middleware: [requireRole('admin')] as const,
        summary: 'A feed’s last 50 run reports, newest first',
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(z.object({ items: z.array(Run) }), 'Run reports'),
          ...errorResponses(401, 403, 404, 422),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await feedView(c.var.db, id);
        return c.json({ items: await harvestRuns(c.var.db, id, 50) }, 200);
      },
    );
}
