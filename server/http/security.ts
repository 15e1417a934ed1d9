/** Secure headers, body limits and the API's cache policy. */
import { createHash } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env.js';
import { AppError } from './errors.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
/** Pages outside /api take small urlencoded forms at most (the referral link's one button). */
export const PAGE_BODY_LIMIT = 16 * 1024;
/** Routes that accept large uploads (boundary files, ORUK feeds, postcode directories, batches). */
const LARGE_BODY_ROUTES = [
  /^\/api\/v1\/areas\/import$/,
  /^\/api\/v1\/import\//,
  /^\/api\/v1\/postcodes\/import$/,
];

// The unread rest of a refused body is still on the connection: close it, or the client's next
// request on that keep-alive connection would be read from the middle of the old body.
const tooLarge = (limit: number) => () => {
  throw new AppError(
    413,
    'payload_too_large',
    `The request body is larger than ${Math.round(limit / 1024)} KB.`,
    undefined,
    { Connection: 'close' },
  );
};
/**
 * A declared length is judged from its header, as hono's bodyLimit does; only a chunked body goes
 * through bodyLimit, which counts it as read. (bodyLimit first asks `c.req.raw.body`, which makes
 * @hono/node-server build a full web Request — a ReadableStream, an AbortSignal — for every POST
 * whose body the route then reads through its fast path anyway: a tenth of a flag's CPU.)
 */
const limitOf = (maxSize: number): MiddlewareHandler<AppEnv> => {
  const counted = bodyLimit({ maxSize, onError: tooLarge(maxSize) });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return counted(c, next);
    return Number.parseInt(length, 10) > maxSize ? tooLarge(maxSize)() : next();
  };
};
const pageBodies = limitOf(PAGE_BODY_LIMIT);
const smallBodies = limitOf(DEFAULT_BODY_LIMIT);
const largeBodies = limitOf(IMPORT_BODY_LIMIT);

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route's body is bounded — pages, `/r/` links and static files as well as the API — before
 * any handler reads it (Content-Length is checked up front; a chunked body is counted as read).
 */
export const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) => {
  // Reads carry no body; skipping them also spares building a full Request for every GET.
  if (NO_BODY.has(c.req.method)) return next();
  if (!c.req.path.startsWith('/api/')) return pageBodies(c, next);
  return LARGE_BODY_ROUTES.some((r) => r.test(c.req.path))
    ? largeBodies(c, next)
    : smallBodies(c, next);
};

/** CSP allowing the app, MapLibre's blob workers and inline styles; a configured tile host may be added. */
function globalSecureHeaders(extraConnectSrc: string[]): MiddlewareHandler<AppEnv> {
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

/** The headers a middleware adds to an empty answer, as a plain record (computed once). */
async function headersOf(middleware: MiddlewareHandler<AppEnv>): Promise<Record<string, string>> {
  const probe = new Hono<AppEnv>().use(middleware).get('/', (c) => c.body(null, 204));
  return Object.fromEntries((await probe.request('/')).headers);
}

/**
 * The global security headers as defaults: a header the route set itself (the docs page's CSP,
 * the referral link's `no-referrer`) wins over the global value, so per-route policy is possible.
 */
export function securityHeaders(extraConnectSrc: string[] = []): MiddlewareHandler<AppEnv> {
  const defaults = headersOf(globalSecureHeaders(extraConnectSrc));
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(await defaults)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  };
}

/**
 * A CSP for an HTML page whose inline scripts are allowed by their SHA-256 hashes (the API docs
 * page boots Scalar with one): no 'unsafe-inline', and any script injected later stays blocked.
 */
export function cspForInlineScripts(html: string): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** API responses are never cached by browsers or proxies (they may carry personal session data). */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
};

/**
 * What the health and readiness probes send. They answer before the middleware chain (a load
 * balancer polls them many times a second) with a few bytes of JSON and never a document, so they
 * carry the headers a JSON API needs (OWASP REST Security Cheat Sheet) instead of the app's
 * document policy: a CSP that allows nothing and forbids framing, nosniff, HSTS, no framing, the
 * same-origin resource policy and no-store. A third of the bytes; nothing a browser could render.
 */
export const PROBE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
  'content-type': 'application/json',
};
