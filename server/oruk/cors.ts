/**
 * The UK profile's CORS rule: any origin may read the ORUK API (browser front ends such as
 * ServiceFinder call it directly). It carries no credentials, so `*` is safe; a preflight
 * answers 204. Mounted before the security headers so their same-origin resource policy is
 * relaxed here, and only here, to `cross-origin`.
 */
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env.js';

const allowAnyOrigin = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  maxAge: 86400,
});

export const orukCors = createMiddleware<AppEnv>(async (c, next) => {
  // A preflight is answered here (204), without going further.
  const preflight = await allowAnyOrigin(c, next);
  if (preflight) return preflight;
  c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
});
