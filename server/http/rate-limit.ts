/**
 * A small keyed sliding-window rate limiter.
 *
 * State lives in this process's memory, which is right for one server process. A multi-process
 * deployment (several processes behind a load balancer, see DESIGN.md "Runs on") would move
 * the windows to the database or Redis so every process sees the same counts.
 *
 * Build limiters inside a routes factory (not at module scope), so each app — and each test's
 * app — has its own windows.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.js';
import { tooManyRequests } from './errors.js';

export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Keys kept before old windows are swept; bounds memory under a flood of distinct keys. */
  maxKeys?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the oldest hit in the window leaves it (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Records a hit for `key` if it is allowed, and says whether it was. */
  hit(key: string): RateLimitDecision;
  /** Like `hit`, but throws the 429 (with Retry-After) when the key is over its limit. */
  consume(key: string): void;
  /** Forgets a key (e.g. after a successful action that should not count). */
  reset(key: string): void;
  /** Throws the 429 when the key is already over its limit, without recording a hit (count failures only). */
  check(key: string): void;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { limit, windowMs } = options;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const hits = new Map<string, number[]>();

  const sweep = (t: number) => {
    for (const [key, times] of hits) {
      if ((times[times.length - 1] ?? 0) <= t - windowMs) hits.delete(key);
    }
  };

  const over = (key: string): RateLimitDecision | null => {
    const t = now();
    const times = (hits.get(key) ?? []).filter((at) => at > t - windowMs);
    if (times.length < limit) return null;
    const oldest = times[0] ?? t;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - t) / 1000)) };
  };

  const hit = (key: string): RateLimitDecision => {
    const t = now();
    if (hits.size >= maxKeys && !hits.has(key)) sweep(t);
    const times = (hits.get(key) ?? []).filter((at) => at > t - windowMs);
    if (times.length >= limit) {
      hits.set(key, times);
      const oldest = times[0] ?? t;
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - t) / 1000)) };
    }
    times.push(t);
    hits.set(key, times);
    return { allowed: true, remaining: limit - times.length, retryAfterSeconds: 0 };
  };

  return {
    hit,
    consume(key) {
      const decision = hit(key);
      if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
    },
    check(key) {
      const refused = over(key);
      if (refused) throw tooManyRequests(refused.retryAfterSeconds);
    },
    reset(key) {
      hits.delete(key);
    },
  };
}

/**
 * Route middleware: `middleware: [requireRole('link_worker'), rateLimit({ limit: 120, windowMs: 3_600_000,
 * key: (c) => c.var.user?.id ?? clientAddress(c) })]`. Put it after the role check so the key
 * can use the signed-in user.
 */
export function rateLimit(options: RateLimitOptions & { key: (c: Context<AppEnv>) => string }): MiddlewareHandler<AppEnv> {
  const limiter = createRateLimiter(options);
  return async (c, next) => {
    limiter.consume(options.key(c));
    await next();
  };
}

/**
 * Per signed-in user (the caller's address when signed out), e.g. need flagging:
 * `middleware: [requireRole('link_worker'), perUserRateLimit(120, 60 * 60_000)] as const`.
 * Call it inside the routes factory so each app has its own windows.
 */
export function perUserRateLimit(limit: number, windowMs: number): MiddlewareHandler<AppEnv> {
  return rateLimit({ limit, windowMs, key: (c) => {
    const user = c.get('user');
    return user ? `user:${user.id}` : `addr:${clientAddress(c)}`;
  } });
}

/**
 * The caller's address for rate-limit keys. Behind a reverse proxy (config.trustProxy) the
 * right-most X-Forwarded-For entry is the one our proxy added; otherwise the socket address.
 * Under `app.request()` in tests there is no socket, so every call shares one key.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('config').trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean);
    const last = forwarded?.[forwarded.length - 1];
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}
