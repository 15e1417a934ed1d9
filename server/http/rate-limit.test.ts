import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.js';
import { requireUser } from './auth.js';
import { AppError } from './errors.js';
import { createRateLimiter, perUserRateLimit } from './rate-limit.js';

describe('sliding-window rate limiter', () => {
  it('allows the limit, refuses the next with the seconds until a slot frees, then slides', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect(limiter.hit('a').allowed).toBe(true);
    now += 10_000;
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a')).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    expect(limiter.hit('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 50 });
    expect(limiter.hit('b').allowed).toBe(true);
    // The first hit leaves the window 60 s after it was made: one slot frees, not all.
    now = 1_000_000 + 60_001;
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
  });

  it('does not count refused hits, so a caller hammering the limit is not locked out for ever', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, now: () => now });
    limiter.hit('k');
    for (let i = 0; i < 50; i++) limiter.hit('k');
    now = 1001;
    expect(limiter.hit('k').allowed).toBe(true);
  });

  it('consume throws the 429 with Retry-After', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 120_000, now: () => 0 });
    limiter.consume('k');
    try {
      limiter.consume('k');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(429);
      expect((e as AppError).headers).toEqual({ 'Retry-After': '120' });
    }
  });

  it('sweeps expired keys when full, bounding memory', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, now: () => now, maxKeys: 10 });
    for (let i = 0; i < 10; i++) limiter.hit(`old${i}`);
    now = 5000;
    for (let i = 0; i < 10; i++) expect(limiter.hit(`new${i}`).allowed).toBe(true);
    // The old keys were swept, so they start afresh.
    expect(limiter.hit('old0').allowed).toBe(true);
  });
});

describe('perUserRateLimit on a route', () => {
  it('limits each signed-in user separately and answers 429 with Retry-After', async () => {
    const t = await createTestApp();
    try {
      t.app.post('/api/v1/__test/limited', requireUser, perUserRateLimit(2, 3_600_000), (c) => c.json({ ok: true }));
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
