/**
 * Idempotency-Key on POST /api/v1/needs and /needs/batch (API.md v1.1): a retry with the same key
 * from the same user within 7 days gets the first answer and stores nothing again.
 */
import { randomUUID } from 'node:crypto';
import { foldPendingFlags } from './pending.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addWeeks, londonWeek } from '../releases/calendar.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { IDEMPOTENCY_TTL_MS, onceForKey } from './idempotency.js';
import { clearNeeds, POINTS, seedTaxonomy } from './testing.js';

let t: TestApp;
let lw: SignedIn;
let other: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  lw = await t.signIn('link_worker');
  other = await t.signIn('link_worker');
});
afterAll(() => t.close());
beforeEach(async () => {
  await clearNeeds(t.db);
  await t.db.deleteFrom('needIdempotencyKeys').execute();
});

const flag = { tags: ['befriending'], ...POINTS[0] };
const post = (path: string, body: unknown, who: SignedIn, key?: string) =>
  t.call('POST', path, body, {
    ...who.headers,
    ...(key === undefined ? {} : { 'Idempotency-Key': key }),
  });
const flagCount = async () =>
  (
    await t.db
      .selectFrom('needFlags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('POST /api/v1/needs with Idempotency-Key', () => {
  it('the same key twice stores one flag and answers the same both times', async () => {
    const key = randomUUID();
    const first = await post('/api/v1/needs', flag, lw, key);
    expect(first.status).toBe(201);
    const again = await post('/api/v1/needs', flag, lw, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(Number(await flagCount())).toBe(1);
    await foldPendingFlags(t.db);
    const counts = await t.db.selectFrom('needCounts').select('count').execute();
    expect(counts).toEqual([{ count: 1 }]);
  });

  it('the same key from another user is another flag; another key is another flag', async () => {
    const key = randomUUID();
    const a = (await (await post('/api/v1/needs', flag, lw, key)).json()) as { id: string };
    const b = (await (await post('/api/v1/needs', flag, other, key)).json()) as { id: string };
    expect(a.id).not.toBe(b.id);
    await post('/api/v1/needs', flag, lw, randomUUID());
    expect(Number(await flagCount())).toBe(3);
  });

  it('concurrent requests with the same key store once and all get the same answer', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post('/api/v1/needs', flag, lw, key)),
    );
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(Number(await flagCount())).toBe(1);
  });

  it('a refused flag stores no key: the retry is judged anew', async () => {
    const key = randomUUID();
    const bad = await post('/api/v1/needs', { tags: ['no-such-tag'], ...POINTS[0] }, lw, key);
    expect(bad.status).toBe(422);
    expect((await post('/api/v1/needs', flag, lw, key)).status).toBe(201);
    expect(Number(await flagCount())).toBe(1);
  });

  it('a queued flag for a published week is refused with 422 naming the week; its stored answer survives publication', async () => {
    const lastWeek = addWeeks(londonWeek(new Date()), -1);
    const key = randomUUID();
    const sent = await post('/api/v1/needs', { ...flag, week: lastWeek }, lw, key);
    expect(sent.status).toBe(201);
    await t.publish(lastWeek);
    // The retry of an answered key still gets its answer (it was stored before publication).
    const retry = await post('/api/v1/needs', { ...flag, week: lastWeek }, lw, key);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(await sent.json());
    // Retention: the stored answer no longer names its user once its week is published.
    expect(await t.db.selectFrom('needIdempotencyKeys').select('userId').execute()).toEqual([
      { userId: null },
    ]);
    // A new queued flag for that week is refused, with the reason.
    const late = await post('/api/v1/needs', { ...flag, week: lastWeek }, lw, randomUUID());
    expect(late.status).toBe(422);
    const error = ((await late.json()) as { error: { details: Record<string, string> } }).error;
    expect(error.details.week).toMatch(/already published/);
  });

  it('refuses a short or malformed key with 422 naming the header', async () => {
    const res = await post('/api/v1/needs', flag, lw, 'abc');
    expect(res.status).toBe(422);
    expect(
      ((await res.json()) as { error: { details: Record<string, string> } }).error.details,
    ).toHaveProperty('Idempotency-Key');
    expect(Number(await flagCount())).toBe(0);
  });

  it('a key older than 7 days is forgotten', async () => {
    const key = randomUUID();
    const long = new Date(Date.now() - IDEMPOTENCY_TTL_MS - 60_000);
    await onceForKey(t.db, { userId: lw.userId, route: 'needs', key, now: long }, async () => ({
      body: { old: true },
      week: londonWeek(new Date()),
    }));
    const res = await post('/api/v1/needs', flag, lw, key);
    expect(await res.json()).toHaveProperty('id');
    expect(Number(await flagCount())).toBe(1);
  });
});

describe('POST /api/v1/needs/batch with Idempotency-Key', () => {
  it('the same key twice stores the batch once', async () => {
    const key = randomUUID();
    const body = { items: [flag, { tags: ['housing-advice'], ...POINTS[1] }] };
    const first = await post('/api/v1/needs/batch', body, lw, key);
    const again = await post('/api/v1/needs/batch', body, lw, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual({ created: 2 });
    expect(Number(await flagCount())).toBe(2);
    // The key of a batch is not the key of a single flag (routes are kept apart).
    expect((await post('/api/v1/needs', flag, lw, key)).status).toBe(201);
    expect(Number(await flagCount())).toBe(3);
  });
});
