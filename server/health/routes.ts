import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { createRouter, jsonResponse } from '../http/openapi.js';

const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['pglite', 'postgres']) }).openapi('Health');

export function healthRoutes(dbKind: 'pglite' | 'postgres') {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['Meta'],
      summary: 'Liveness and database reachability',
      responses: { 200: jsonResponse(HealthSchema, 'The server is up'), 503: jsonResponse(HealthSchema, 'The database is unreachable') },
    }),
    async (c) => {
      try {
        await sql`select 1`.execute(c.var.db);
        return c.json({ status: 'ok' as const, db: dbKind }, 200);
      } catch {
        return c.json({ status: 'degraded' as const, db: dbKind }, 503);
      }
    },
  );
}
