import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createDataCache, readDataVersion } from './data-cache.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('data cache', () => {
  it('moves the data version on every write to a watched table, and not on reads or other tables', async () => {
    const before = await readDataVersion(t.db);
    await t.db.selectFrom('services').select('id').execute();
    await t.db.insertInto('settings').values({ key: 'test.unwatched', value: JSON.stringify(1) }).execute();
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
    await sql`update taxonomy set name = 'Cache test again' where slug = 'cache-test'`.execute(t.db);
    expect(await cached(t.db, 'k', compute)).toBe(3);
  });

  it('shares one computation between concurrent requests and forgets failures', async () => {
    const cached = createDataCache<string>();
    let runs = 0;
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(`run ${++runs}`), 20));
    const answers = await Promise.all(Array.from({ length: 10 }, () => cached(t.db, 'shared', slow)));
    expect(new Set(answers)).toEqual(new Set(['run 1']));
    await expect(cached(t.db, 'fails', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cached(t.db, 'fails', async () => 'recovered')).toBe('recovered');
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
});
