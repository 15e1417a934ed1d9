import { createRoute, z } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { createRouter, jsonResponse } from '../http/openapi.js';

const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['pglite', 'postgres']) }).openapi('Health');
type Health = z.infer<typeof HealthSchema>;

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

/**
 * Mounted before the middleware chain (no session, no body, no request log line: a load balancer
 * polls it), so it sends the app's security and cache headers itself, from `headers()`.
 */
export function healthRoutes(db: Kysely<DB>, dbKind: 'pglite' | 'postgres', headers: () => Promise<Record<string, string>>) {
  const probe = databaseProbe(db);
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['Meta'],
      summary: 'Liveness and database reachability (probed at most once a second)',
      responses: { 200: jsonResponse(HealthSchema, 'The server is up'), 503: jsonResponse(HealthSchema, 'The database is unreachable') },
    }),
    async (c) => {
      const [ok, sent] = await Promise.all([probe(), headers()]);
      // A plain header record, not c.json's Headers object: the node server writes it as it is.
      const init = { headers: { ...sent, 'content-type': 'application/json' } };
      const answer = (body: Health, status: 200 | 503) => new Response(JSON.stringify(body), { ...init, status }) as unknown as TypedResponse<Health, typeof status, 'json'>;
      return ok ? answer({ status: 'ok', db: dbKind }, 200) : answer({ status: 'degraded', db: dbKind }, 503);
    },
  );
}
