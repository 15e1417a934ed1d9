import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy, POINTS } from '../needs/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { addWeeks, latestDueWeek, londonWeek } from './calendar.js';
import { startPublicationJobs } from './jobs.js';

let t: TestApp;
let lw: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  lw = await t.signIn('link_worker');
  // An ended week with a flag: due for publication (or published by the time it is due).
  const week = addWeeks(londonWeek(new Date()), -2);
  const res = await t.call(
    'POST',
    '/api/v1/needs',
    { tags: ['befriending'], ...POINTS[0], week },
    lw,
  );
  expect(res.status).toBe(201);
});
afterAll(() => t.close());

const releases = async () =>
  (await t.db.selectFrom('needReleases').select('week').execute()).map((r) => String(r.week));

describe('the publication jobs a server starts', () => {
  it('stop before their first run without running it', async () => {
    const jobs = startPublicationJobs(t.db, () => {}, { firstRunAfterMs: 60_000 });
    await jobs.stop();
    expect(await releases()).toEqual([]);
  });

  it('first run a moment after the start, not at once, and publish what is due then', async () => {
    const logged: string[] = [];
    const started = Date.now();
    const jobs = startPublicationJobs(t.db, (line) => logged.push(line.msg), {
      firstRunAfterMs: 400,
    });
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(await releases()).toEqual([]);
      while (!logged.includes('need figures published')) {
        expect(Date.now() - started).toBeLessThan(20_000);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(await releases()).toContain(latestDueWeek(new Date()));
    } finally {
      await jobs.stop();
    }
  });
});
