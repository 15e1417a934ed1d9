/** Secure headers, body limits and the API's cache policy. */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env.js';
import { AppError } from './errors.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
/** Routes that accept large uploads (boundary files, ORUK feeds, postcode directories, batches). */
const LARGE_BODY_ROUTES = [/^\/api\/v1\/areas\/import$/, /^\/api\/v1\/import\//, /^\/api\/v1\/postcodes\/import$/];

const tooLarge = (limit: number) => () => {
  throw new AppError(413, 'payload_too_large', `The request body is larger than ${Math.round(limit / 1024)} KB.`);
};
const smallBodies = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError: tooLarge(DEFAULT_BODY_LIMIT) });
const largeBodies = bodyLimit({ maxSize: IMPORT_BODY_LIMIT, onError: tooLarge(IMPORT_BODY_LIMIT) });

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

export const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) => {
  // Reads carry no body; skipping them also spares building a full Request for every GET.
  if (NO_BODY.has(c.req.method)) return next();
  return LARGE_BODY_ROUTES.some((r) => r.test(c.req.path)) ? largeBodies(c, next) : smallBodies(c, next);
};

/** CSP allowing the app, MapLibre's blob workers and inline styles; a configured tile host may be added. */
export function securityHeaders(extraConnectSrc: string[] = []): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      imgSrc: ["'self'", 'data:', 'blob:', ...extraConnectSrc],
      styleSrc: ["'self'", "'unsafe-inline'"],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...extraConnectSrc],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  });
}

/** API responses are never cached by browsers or proxies (they may carry personal session data). */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
};

/**
 * The headers `securityHeaders` adds, plus the API's no-store, as a plain record computed once by
 * running that same middleware: for a route that answers before the middleware chain (health,
 * polled by load balancers) and must still send exactly what every other response sends.
 */
export async function staticApiHeaders(security: MiddlewareHandler<AppEnv>): Promise<Record<string, string>> {
  const probe = new Hono<AppEnv>().use(security).get('/', (c) => c.body(null, 204));
  const res = await probe.request('/');
  return { ...Object.fromEntries(res.headers), 'cache-control': 'no-store' };
}
