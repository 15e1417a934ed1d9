import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createDataCache, readDataVersion, setDataCacheBudget } from './data-cache.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('data cache', () => {
  it('moves the data version on every write to a watched table, and not on reads or other tables', async () => {
    const before = await readDataVersion(t.db);
    await t.db.selectFrom('services').select('id').execute();
    await t.db
      .insertInto('settings')
      .values({ key: 'test.unwatched', value: JSON.stringify(1) })
      .execute();
    // Need roll-ups are no longer watched: flag writes do not move it, a release does (DESIGN.md "Publication").
    await t.db.deleteFrom('needCounts').where('cell', '=', 'nowhere').execute();
    expect(await readDataVersion(t.db)).toBe(before);
    await t.db.insertInto('taxonomy').values({ slug: 'cache-test', name: 'Cache test' }).execute();
    const afterInsert = await readDataVersion(t.db);
    expect(afterInsert).toBeGreaterThan(before);
    // A statement that changes no row still counts: the trigger is per statement.
    await t.db.deleteFrom('needReleases').where('week', '=', '1999-01-04').execute();
    expect(await readDataVersion(t.db)).toBeGreaterThan(afterInsert);
  });

  it('serves a result until the data changes, then computes it again', async () => {
    const cached = createDataCache<number>();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cached(t.db, 'k', compute)).toBe(1);
    expect(await cached(t.db, 'k', compute)).toBe(1);
    expect(await cached(t.db, 'other', compute)).toBe(2);
    await sql`update taxonomy set name = 'Cache test again' where slug = 'cache-test'`.execute(
      t.db,
    );
    expect(await cached(t.db, 'k', compute)).toBe(3);
  });

  it('answers many keys at once, computing only the ones not held, in one call', async () => {
    const cached = createDataCache<string>();
    const calls: string[][] = [];
    const compute = async (keys: string[]) => {
      calls.push(keys);
      // 'gone' is never answered (a row deleted meanwhile): left out and not kept.
      return new Map(keys.filter((k) => k !== 'gone').map((k) => [k, `${k}@${calls.length}`]));
    };
    const first = await cached.many(t.db, ['a', 'b', 'a', 'gone'], compute);
    expect(Object.fromEntries(first)).toEqual({ a: 'a@1', b: 'b@1' });
    const second = await cached.many(t.db, ['b', 'c', 'gone'], compute);
    expect(Object.fromEntries(second)).toEqual({ b: 'b@1', c: 'c@2' });
    expect(calls).toEqual([
      ['a', 'b', 'gone'],
      ['c', 'gone'],
    ]);
    // Single-key reads share the entries.
    expect(await cached(t.db, 'a', async () => 'recomputed')).toBe('a@1');
    await t.db.insertInto('taxonomy').values({ slug: 'cache-many', name: 'Many' }).execute();
    expect(Object.fromEntries(await cached.many(t.db, ['a', 'c'], compute))).toEqual({
      a: 'a@3',
      c: 'c@3',
    });
    await expect(cached.many(t.db, ['x'], () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(Object.fromEntries(await cached.many(t.db, ['x'], compute))).toEqual({ x: 'x@4' });
  });

  it('shares one computation between concurrent requests and forgets failures', async () => {
    const cached = createDataCache<string>();
    let runs = 0;
    const slow = () =>
      new Promise<string>((resolve) => setTimeout(() => resolve(`run ${++runs}`), 20));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => cached(t.db, 'shared', slow)),
    );
    expect(new Set(answers)).toEqual(new Set(['run 1']));
    await expect(cached(t.db, 'fails', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await cached(t.db, 'fails', async () => 'recovered')).toBe('recovered');
  });

  it('serves an aged entry while one refresh runs, when asked to; a new version is waited for', async () => {
    const cached = createDataCache<string>({ maxAgeMs: 30, refreshInBackground: true });
    let runs = 0;
    let release: () => void = () => undefined;
    const compute = () =>
      new Promise<string>((resolve) => {
        const run = `run ${++runs}`;
        if (runs === 2) release = () => resolve(run);
        else resolve(run);
      });
    expect(await cached(t.db, 'snapshot', compute)).toBe('run 1');
    await new Promise((r) => setTimeout(r, 40));
    // Aged, same version: the old value at once, however many ask, and one refresh behind it.
    const aged = await Promise.all(
      Array.from({ length: 5 }, () => cached(t.db, 'snapshot', compute)),
    );
    expect(aged).toEqual(Array(5).fill('run 1'));
    expect(runs).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(await cached(t.db, 'snapshot', compute)).toBe('run 2');
    // A write moves the version: that is waited for, never served from the old entry.
    await sql`update taxonomy set name = 'Cache test, refreshed' where slug = 'cache-test'`.execute(
      t.db,
    );
    expect(await cached(t.db, 'snapshot', compute)).toBe('run 3');
  });

  it('refreshes aged entries in the background one at a time', async () => {
    const cached = createDataCache<string>({ maxAgeMs: 30, refreshInBackground: true });
    let running = 0;
    let most = 0;
    let runs = 0;
    const compute = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      return `run ${++runs}`;
    };
    const keys = ['a', 'b', 'c', 'd'];
    for (const key of keys) await cached(t.db, key, compute);
    most = 0;
    await new Promise((r) => setTimeout(r, 40));
    // Every key aged at once: each answered at once, their refreshes queued behind each other.
    await Promise.all(keys.map((key) => cached(t.db, key, compute)));
    await new Promise((r) => setTimeout(r, 80));
    expect(runs).toBe(8);
    expect(most).toBe(1);
  });

  it('serves many aged keys at once and reads them again together in the background, once', async () => {
    const cached = createDataCache<string>({ maxAgeMs: 30, refreshInBackground: true });
    const calls: string[][] = [];
    let release: () => void = () => undefined;
    const compute = (keys: string[]) =>
      new Promise<Map<string, string>>((resolve) => {
        const n = calls.push(keys);
        const answer = () => resolve(new Map(keys.map((k) => [k, `${k}@${n}`])));
        if (n === 2) release = answer;
        else answer();
      });
    await cached.many(t.db, ['a', 'b', 'gone-later'], async (keys) => {
      calls.push(keys);
      return new Map(keys.map((k) => [k, `${k}@1`]));
    });
    await new Promise((r) => setTimeout(r, 40));
    // Aged, same version: served at once; the aged keys are read again by one call, 'new' now.
    const aged = await cached.many(t.db, ['a', 'b', 'new'], compute);
    expect(Object.fromEntries(aged)).toEqual({ a: 'a@1', b: 'b@1', new: 'new@3' });
    expect(calls.slice(1)).toEqual([['a', 'b'], ['new']]);
    // Asked again while that read runs: no second refresh.
    expect(Object.fromEntries(await cached.many(t.db, ['a', 'b'], compute))).toEqual({
      a: 'a@1',
      b: 'b@1',
    });
    expect(calls).toHaveLength(3);
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(Object.fromEntries(await cached.many(t.db, ['a', 'b'], compute))).toEqual({
      a: 'a@2',
      b: 'b@2',
    });
    // A key the background read no longer finds is dropped, not served again.
    await new Promise((r) => setTimeout(r, 40));
    calls.length = 0;
    const gone = async (keys: string[]) => {
      calls.push(keys);
      return new Map<string, string>();
    };
    expect(Object.fromEntries(await cached.many(t.db, ['gone-later'], gone))).toEqual({
      'gone-later': 'gone-later@1',
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(Object.fromEntries(await cached.many(t.db, ['gone-later'], gone))).toEqual({});
    expect(calls).toEqual([['gone-later'], ['gone-later']]);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cached = createDataCache<string>({ maxEntries: 2 });
    let runs = 0;
    const compute = async () => `run ${++runs}`;
    await cached(t.db, 'a', compute); // run 1
    await cached(t.db, 'b', compute); // run 2
    await cached(t.db, 'a', compute); // hit: a is now the most recent
    await cached(t.db, 'c', compute); // run 3, drops b
    expect(await cached(t.db, 'a', compute)).toBe('run 1');
    expect(await cached(t.db, 'b', compute)).toBe('run 4');
  });

  it('never holds more bytes than its share of the budget, whatever is asked, and keeps the recently used', async () => {
    const db = t.db.withPlugin({
      transformQuery: (a) => a.node,
      transformResult: async (a) => a.result,
    });
    setDataCacheBudget(db, 100_000);
    const cached = createDataCache<string>({ share: 0.5, sizeOf: (v) => v.length });
    expect(cached.usage(db).limit).toBe(50_000);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 300; i++) {
      const size = Math.floor(random() * 12_000);
      const answer = await cached(db, `view ${i % 97}`, async () => 'x'.repeat(size));
      expect(answer.length).toBe(size);
      // Let the size accounting run (it follows the computation).
      await Promise.resolve();
      expect(cached.usage(db).bytes).toBeLessThanOrEqual(50_000);
    }
    // An answer bigger than the cache is served, not kept.
    expect((await cached(db, 'huge', async () => 'y'.repeat(60_000))).length).toBe(60_000);
    await Promise.resolve();
    expect(cached.usage(db).bytes).toBeLessThanOrEqual(50_000);
    let runs = 0;
    await cached(db, 'huge', async () => String(++runs));
    expect(runs).toBe(1);
    // The most recent answers stay.
    await cached(db, 'recent', async () => 'r'.repeat(1_000));
    await Promise.resolve();
    expect(await cached(db, 'recent', async () => 'recomputed')).toBe('r'.repeat(1_000));
  });
});
