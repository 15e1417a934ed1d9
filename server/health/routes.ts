import { createRoute, z } from '@hono/zod-openapi';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { createRouter, jsonResponse } from '../http/openapi.js';

const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['pglite', 'postgres']) }).openapi('Health');

/**
 * How long one database probe answers for. A load balancer polling health many times a second
 * then costs one `select 1` per second, not one per poll; an outage shows within a second.
 */
export const PROBE_TTL_MS = 1_000;

/** Probes the database at most once per PROBE_TTL_MS; concurrent polls share one probe. */
export function databaseProbe(db: Kysely<DB>, ttlMs = PROBE_TTL_MS) {
  let last: { ok: boolean; at: number } | null = null;
  let inFlight: Promise<boolean> | null = null;
  return async (now = Date.now()): Promise<boolean> => {
    if (last && now - last.at < ttlMs) return last.ok;
    inFlight ??= sql`select 1`
      .execute(db)
      .then(() => true, () => false)
      .then((ok) => {
        last = { ok, at: Date.now() };
        inFlight = null;
        return ok;
      });
    return inFlight;
  };
}

export function healthRoutes(db: Kysely<DB>, dbKind: 'pglite' | 'postgres') {
  const probe = databaseProbe(db);
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['Meta'],
      summary: 'Liveness and database reachability (probed at most once a second)',
      responses: { 200: jsonResponse(HealthSchema, 'The server is up'), 503: jsonResponse(HealthSchema, 'The database is unreachable') },
    }),
    async (c) =>
      (await probe())
        ? c.json({ status: 'ok' as const, db: dbKind }, 200)
        : c.json({ status: 'degraded' as const, db: dbKind }, 503),
  );
}
