import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDb } from '../../db/testing/test-db.js';
import { createTestApp } from '../testing/test-app.js';
import { requireUser } from './auth.js';
import { AppError } from './errors.js';
import { createRateLimiter, perUserRateLimit } from './rate-limit.js';

describe('database-backed fixed-window rate limiter', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDb();
  });
  afterAll(async () => {
    await database.close();
  });
  const limiterAt = (
    clock: { now: number },
    limit: number,
    windowMs: number,
    name = `t${Math.random()}`,
  ) => createRateLimiter({ name, limit, windowMs, now: () => clock.now });

  it('keeps its windows in an unlogged table: a hit commits without waiting for the WAL flush', async () => {
    const { rows } = await sql<{ persistence: string }>`
      select relpersistence as persistence from pg_class where relname = 'rate_limits'`.execute(
      database.db,
    );
    expect(rows).toEqual([{ persistence: 'u' }]);
  });

  it('allows the limit, refuses the next with the seconds until the window ends, then opens a new window', async () => {
    const clock = { now: 1_000_000 };
    const limiter = limiterAt(clock, 3, 60_000);
    expect((await limiter.hit(database.db, 'a')).allowed).toBe(true);
    clock.now += 10_000;
    expect((await limiter.hit(database.db, 'a')).allowed).toBe(true);
    expect(await limiter.hit(database.db, 'a')).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterSeconds: 0,
    });
    expect(await limiter.hit(database.db, 'a')).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 50,
    });
    expect((await limiter.hit(database.db, 'b')).allowed).toBe(true);
    clock.now = 1_000_000 + 60_000;
    expect(await limiter.hit(database.db, 'a')).toEqual({
      allowed: true,
      remaining: 2,
      retryAfterSeconds: 0,
    });
  });

  it('does not lengthen the window for a caller hammering the limit', async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock, 1, 1000);
    await limiter.hit(database.db, 'k');
    for (let i = 0; i < 50; i++) await limiter.hit(database.db, 'k');
    clock.now = 1000;
    expect((await limiter.hit(database.db, 'k')).allowed).toBe(true);
  });

  it('consume rejects with the 429 and Retry-After; reset forgets the key', async () => {
    const limiter = limiterAt({ now: 0 }, 1, 120_000);
    await limiter.consume(database.db, 'k');
    const refused = await limiter.consume(database.db, 'k').then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).headers).toEqual({ 'Retry-After': '120' });
    await limiter.reset(database.db, 'k');
    await expect(limiter.consume(database.db, 'k')).resolves.toBeUndefined();
  });

  it('check refuses a key at its limit without counting a hit', async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock, 2, 60_000);
    await limiter.check(database.db, 'k');
    await limiter.check(database.db, 'k');
    await limiter.hit(database.db, 'k');
    await limiter.check(database.db, 'k');
    await limiter.hit(database.db, 'k');
    const refused = await limiter.check(database.db, 'k').then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).headers).toEqual({ 'Retry-After': '60' });
    clock.now = 60_000;
    await expect(limiter.check(database.db, 'k')).resolves.toBeUndefined();
  });

  it('two limiters with one name share their windows (two processes); different names do not', async () => {
    const clock = { now: 5_000 };
    const one = limiterAt(clock, 10, 60_000, 'shared-login');
    const other = limiterAt(clock, 10, 60_000, 'shared-login');
    const unrelated = limiterAt(clock, 10, 60_000, 'something-else');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? one : other).hit(database.db, 'someone@example.org'),
      ),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(10);
    expect((await unrelated.hit(database.db, 'someone@example.org')).allowed).toBe(true);
  });

  it('allows exactly the limit per key, whatever arrives together and however it is batched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.boolean(), fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        }),
        async (limit, asks) => {
          const clock = { now: 1_000 };
          const name = `property-${Math.random()}`;
          // Two limiters with one name: two processes counting in the same windows.
          const processes = [
            limiterAt(clock, limit, 60_000, name),
            limiterAt(clock, limit, 60_000, name),
          ];
          // Some hits wait a turn, so batches form and interleave differently each run.
          const answers = await Promise.all(
            asks.map(async ([key, second, later]) => {
              if (later) await new Promise((r) => setTimeout(r, 1));
              return { key, decision: await processes[second ? 1 : 0]!.hit(database.db, key) };
            }),
          );
          for (const key of ['a', 'b', 'c']) {
            const mine = answers.filter((a) => a.key === key).map((a) => a.decision);
            const allowed = mine.filter((d) => d.allowed);
            expect(allowed).toHaveLength(Math.min(limit, mine.length));
            // Each allowed hit took its own slot.
            expect(new Set(allowed.map((d) => d.remaining)).size).toBe(allowed.length);
            for (const d of mine.filter((x) => !x.allowed)) expect(d.retryAfterSeconds).toBe(60);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('deletes expired windows, so a flood of distinct keys does not pile up', async () => {
    const clock = { now: 10_000_000 };
    const limiter = limiterAt(clock, 1, 1000, 'sweep');
    for (let i = 0; i < 20; i++) await limiter.hit(database.db, `old${i}`);
    clock.now += 120_000;
    await limiter.hit(database.db, 'new');
    const left = await database.db
      .selectFrom('rateLimits')
      .select('key')
      .where('name', '=', 'sweep')
      .execute();
    expect(left.map((r) => r.key)).toEqual(['new']);
  });
});

describe('perUserRateLimit on a route', () => {
  it('limits each signed-in user separately and answers 429 with Retry-After', async () => {
    const t = await createTestApp();
    try {
      t.app.post('/api/v1/__test/limited', requireUser, perUserRateLimit(2, 3_600_000), (c) =>
        c.json({ ok: true }),
      );
      const a = await t.signIn('link_worker');
      const b = await t.signIn('link_worker');
      expect((await t.call('POST', '/api/v1/__test/limited', {}, a)).status).toBe(200);
      expect((await t.call('POST', '/api/v1/__test/limited', {}, a)).status).toBe(200);
      const limited = await t.call('POST', '/api/v1/__test/limited', {}, a);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3590);
      expect((await t.call('POST', '/api/v1/__test/limited', {}, b)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
