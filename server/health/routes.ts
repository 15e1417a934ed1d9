import { createRoute, z } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import { sql, type Kysely } from 'kysely';
import { pendingMigrations } from '../../db/migrate.js';
import type { DbKind } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { createRouter, jsonResponse } from '../http/openapi.js';
import { PROBE_HEADERS } from '../http/security.js';

const HealthSchema = z
  .object({ status: z.enum(['ok', 'degraded']), db: z.enum(['pglite', 'postgres']) })
  .openapi('Health');
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
      .then(
        () => true,
        () => false,
      )
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
 * polls it), so it sends its headers itself (PROBE_HEADERS). Both possible answers are made once.
 */
export function healthRoutes(db: Kysely<DB>, dbKind: DbKind) {
  const probe = databaseProbe(db);
  // A plain header record, not c.json's Headers object: the node server writes it as it is.
  const answer = (body: Health, status: 200 | 503) => {
    const text = JSON.stringify(body);
    const init = { headers: PROBE_HEADERS, status };
    return () =>
      new Response(text, init) as unknown as TypedResponse<Health, typeof status, 'json'>;
  };
  const ok = answer({ status: 'ok', db: dbKind }, 200);
  const degraded = answer({ status: 'degraded', db: dbKind }, 503);
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['Meta'],
      summary: 'Liveness and database reachability (probed at most once a second)',
      responses: {
        200: jsonResponse(HealthSchema, 'The server is up'),
        503: jsonResponse(HealthSchema, 'The database is unreachable'),
      },
    }),
    async () => ((await probe()) ? ok() : degraded()),
  );
}

const ReadySchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    pid: z.number().int(),
    reason: z.string().optional(),
  })
  .openapi('Ready');
type Ready = z.infer<typeof ReadySchema>;

/**
 * Readiness for a load balancer or an orchestrator: 200 when the database answers and every
 * migration this code knows has run (`pid` names the process that answered, useful with
 * WORKERS=N), else 503. Like health, probed at most once a second and mounted before the chain.
 */
export function readyRoutes(db: Kysely<DB>, ttlMs = PROBE_TTL_MS) {
  let last: { answer: Ready; at: number } | null = null;
  let inFlight: Promise<Ready> | null = null;
  const check = async (): Promise<Ready> => {
    if (last && Date.now() - last.at < ttlMs) return last.answer;
    inFlight ??= pendingMigrations(db)
      .then((pending): Ready =>
        pending.length
          ? { status: 'not_ready', pid: process.pid, reason: 'database migrations are not current' }
          : { status: 'ready', pid: process.pid },
      )
      .catch((): Ready => ({
        status: 'not_ready',
        pid: process.pid,
        reason: 'database unreachable',
      }))
      .then((answer) => {
        last = { answer, at: Date.now() };
        inFlight = null;
        return answer;
      });
    return inFlight;
  };
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['Meta'],
      summary:
        'Readiness: the database answers and its migrations are current (pid: the answering process)',
      responses: {
        200: jsonResponse(ReadySchema, 'Ready to serve'),
        503: jsonResponse(ReadySchema, 'Not ready (database unreachable or migrations pending)'),
      },
    }),
    async () => {
      const answer = await check();
      const status = answer.status === 'ready' ? 200 : 503;
      return new Response(JSON.stringify(answer), {
        status,
        headers: PROBE_HEADERS,
      }) as unknown as TypedResponse<Ready, typeof status, 'json'>;
    },
  );
}
