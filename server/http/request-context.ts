import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { AppEnv } from './env.js';
import type { Logger } from './logger.js';

/** Puts the database, config, logger and a request id on the context, and logs one line per request. */
export function requestContext(deps: { db: Kysely<DB>; config: Config; logger: Logger }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // A proxy's id (nginx: proxy_set_header X-Request-Id $request_id) joins its log to ours.
    const incoming = c.req.header('x-request-id');
    const requestId =
      incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : randomUUID();
    c.set('db', deps.db);
    c.set('config', deps.config);
    c.set('logger', deps.logger);
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    // Path only: query strings may hold postcodes or search text.
    deps.logger({
      level: 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      path: loggablePath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: c.get('user')?.id,
    });
  });
}

/**
 * Some paths carry a secret (invite and referral-link tokens: 43 base64url characters). Log
 * them as `:token`; ids (UUIDs, 36 characters) and ordinary segments stay readable.
 */
export function loggablePath(path: string): string {
  return path.replace(/\/[A-Za-z0-9_-]{40,}(?=\/|$)/g, '/:token');
}
