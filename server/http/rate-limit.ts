/**
 * A keyed fixed-window rate limiter whose windows live in the database (table `rate_limits`),
 * so every server process on one database sees the same counts (WORKERS=N on PostgreSQL; PGlite
 * runs the same SQL). A window opens at a key's first hit and lasts `windowMs`; one upsert per
 * hit counts it under the row's lock, so concurrent processes never both take the last slot.
 *
 * Build limiters inside a routes factory (not at module scope); give each a `name` so its
 * windows never mix with another limiter's keys. Every call names the database that holds the
 * windows (in a route, `c.var.db`). Hits that arrive together are counted in one statement (see
 * recordHits).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { group } from '../group.js';
import { batchedRead } from '../perf/coalesce.js';
import type { AppEnv } from './env.js';
import { tooManyRequests } from './errors.js';

export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Names this limiter's windows in the shared table ('login', 'flag' …). */
  name?: string;
  /** Clock, for tests. */
  now?: () => number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the key's window ends (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Records a hit for `key` and says whether it was allowed. */
  hit(db: Kysely<DB>, key: string): Promise<RateLimitDecision>;
  /** Like `hit`, but throws the 429 (with Retry-After) when the key is over its limit. Await it. */
  consume(db: Kysely<DB>, key: string): Promise<void>;
  /**
   * The same count as `hit` for a batch of callers, made inside a statement of the caller's own
   * (which also decides, in SQL, which of its callers are counted at all).
   */
  countWithin(): CountWithin;
  /** Forgets a key (e.g. after a successful action that should not count). */
  reset(db: Kysely<DB>, key: string): Promise<void>;
  /** Rejects with the 429 when the key is already at its limit, without recording a hit (count failures only). Await it. */
  check(db: Kysely<DB>, key: string): Promise<void>;
}

/** Expired windows are deleted at most this often per process. */
const SWEEP_EVERY_MS = 60_000;
const lastSweep = new WeakMap<Kysely<DB>, number>();

async function sweep(db: Kysely<DB>, t: number): Promise<void> {
  if ((lastSweep.get(db) ?? 0) >= t - SWEEP_EVERY_MS) return;
  lastSweep.set(db, t);
  await db.deleteFrom('rateLimits').where('windowEnd', '<', t).execute();
}

/** A key's count after a batch of hits, as the counting upsert returns it. */
export interface HitRow {
  key: string;
  hits: number;
  windowEnd: number;
}

/**
 * A batch of hits counted by a statement of the caller's own (the flag writer's insert), so the
 * hit and what it allows commit together, in one round trip. The statement runs `upsert` over
 * the callers it counts as a CTE, admits a caller by `allows`, and returns the upsert's rows;
 * `decide` applies the same rule to those rows for the same callers, in the same order.
 */
export interface CountWithin {
  /** Counts `n` hits per key (a relation with columns key, n) under the rows' locks, in key order. */
  upsert(counts: RawBuilder<{ key: string; n: number }>): RawBuilder<HitRow>;
  /**
   * True for a caller whose key's returned count is `hits`, given its `slot` (1-based, in the
   * callers' order) among the `of` callers of its key that were counted (column references).
   */
  allows(hits: string, of: string, slot: string): RawBuilder<boolean>;
  /** Each counted caller's decision: `callers` are those the statement counted, in slot order. */
  decide<C extends { key: string }>(rows: HitRow[], callers: C[]): Map<C, RateLimitDecision>;
  /** Deletes expired windows now and then (as `hit` does); call after the statement. */
  sweep(db: Kysely<DB>): Promise<void>;
}
let unnamed = 0;

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { limit, windowMs } = options;
  const now = options.now ?? Date.now;
  // Unnamed limiters are numbered in creation order, which is the same in every process that
  // builds the same app; a name is still better (it survives reordering).
  const name = options.name ?? `limiter-${++unnamed}-${limit}-${windowMs}`;

  /**
   * The upsert that counts a batch's hits (rows key, hits, window_end), for `recordHits` and for
   * statements that count their own (`countWithin`), and the rule that reads its rows. Within a
   * batch a key's callers take consecutive slots after its count so far (capped at the limit),
   * so exactly `limit` are allowed per window whatever arrives together, in any process (each
   * batch counts under the rows' locks, taken in key order).
   */
  const countAt = (t: number): CountWithin => ({
    upsert: (counts) => sql<HitRow>`
      insert into rate_limits as r (name, key, window_start, window_end, hits)
      select ${name}, u.key, ${t}::bigint, ${t + windowMs}::bigint, u.n
      from (${counts}) as u
      order by u.key
      on conflict (name, key) do update set
        window_start = case when r.window_end <= ${t}::bigint then ${t}::bigint else r.window_start end,
        window_end = case when r.window_end <= ${t}::bigint then ${t + windowMs}::bigint else r.window_end end,
        hits = case when r.window_end <= ${t}::bigint then excluded.hits
          else least(r.hits + excluded.hits, ${limit}::integer + excluded.hits) end
      returning key, hits, window_end`,
    // decide's rule: the key's count before this batch, then one slot per caller.
    allows: (hits, of, slot) =>
      sql<boolean>`${sql.ref(hits)} - ${sql.ref(of)} + ${sql.ref(slot)} <= ${limit}::integer`,
    decide: (rows, callers) => {
      const byKey = group(callers, (c) => c.key);
      const decisions = new Map<(typeof callers)[number], RateLimitDecision>();
      for (const row of rows) {
        const mine = byKey.get(row.key) ?? [];
        // The key's count before this batch (capped at the limit), then one slot per caller.
        const before = row.hits - mine.length;
        mine.forEach((caller, i) => {
          const hits = before + i + 1;
          decisions.set(
            caller,
            hits > limit
              ? {
                  allowed: false,
                  remaining: 0,
                  retryAfterSeconds: Math.max(1, Math.ceil((Number(row.windowEnd) - t) / 1000)),
                }
              : { allowed: true, remaining: limit - hits, retryAfterSeconds: 0 },
          );
        });
      }
      return decisions;
    },
    sweep: (db) => sweep(db, t),
  });

  /**
   * Counts every caller's hit in one upsert per batch: hits that arrive while one batch is being
   * written wait for the next (batchedRead: never a batch begun before they came), so writers
   * from three accounts do not queue one committed statement each on three row locks.
   */
  const recordHits = async (db: Kysely<DB>, callers: { key: string }[]) => {
    const count = countAt(Math.floor(now()));
    const byKey = group(callers, (c) => c.key);
    const keys = [...byKey.keys()];
    const counts = sql<{ key: string; n: number }>`
      select * from unnest(${keys}::text[], ${keys.map((k) => byKey.get(k)!.length)}::int[]) as u(key, n)`;
    const { rows } = await count.upsert(counts).execute(db);
    await count.sweep(db);
    return count.decide(rows, callers);
  };
  const batched = batchedRead(recordHits);
  const hit = async (db: Kysely<DB>, key: string): Promise<RateLimitDecision> => {
    const caller = { key };
    const decision = await batched(db, caller);
    if (!decision) throw new Error(`rate limit: no count came back for ${name}`);
    return decision;
  };

  return {
    hit,
    countWithin: () => countAt(Math.floor(now())),
    consume(db, key) {
      const decided = hit(db, key).then((decision) => {
        if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
      });
      // A caller that forgets `await` must not crash the process with an unhandled rejection.
      decided.catch(() => {});
      return decided;
    },
    async check(db, key) {
      const t = Math.floor(now());
      const row = await db
        .selectFrom('rateLimits')
        .select(['hits', 'windowEnd'])
        .where('name', '=', name)
        .where('key', '=', key)
        .where('windowEnd', '>', t)
        .executeTakeFirst();
      if (row && row.hits >= limit)
        throw tooManyRequests(Math.max(1, Math.ceil((Number(row.windowEnd) - t) / 1000)));
    },
    async reset(db, key) {
      await db.deleteFrom('rateLimits').where('name', '=', name).where('key', '=', key).execute();
    },
  };
}

/**
 * Route middleware: `middleware: [requireRole('link_worker'), rateLimit({ limit: 120, windowMs: 3_600_000,
 * key: (c) => c.var.user?.id ?? clientAddress(c) })]`. Put it after the role check so the key
 * can use the signed-in user.
 */
export function rateLimit(
  options: RateLimitOptions & { key: (c: Context<AppEnv>) => string },
): MiddlewareHandler<AppEnv> {
  const limiter = createRateLimiter(options);
  return async (c, next) => {
    await limiter.consume(c.var.db, options.key(c));
    await next();
  };
}

/**
 * Per signed-in user (the caller's address when signed out), e.g. need flagging:
 * `middleware: [requireRole('link_worker'), perUserRateLimit(120, 60 * 60_000)] as const`.
 * Call it inside the routes factory so each app has its own windows.
 */
export function perUserRateLimit(
  limit: number,
  windowMs: number,
  name?: string,
): MiddlewareHandler<AppEnv> {
  return rateLimit({
    limit,
    windowMs,
    name,
    key: (c) => {
      const user = c.get('user');
      return user ? `user:${user.id}` : `addr:${clientAddress(c)}`;
    },
  });
}

/**
 * The caller's address for rate-limit keys. Behind a reverse proxy (config.trustProxy) the
 * right-most X-Forwarded-For entry is the one our proxy added; otherwise the socket address.
 * Under `app.request()` in tests there is no socket, so every call shares one key.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('config').trustProxy) {
    const forwarded = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = forwarded?.[forwarded.length - 1];
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}
