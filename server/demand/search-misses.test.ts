/**
 * Searches that found nothing (issue 22): recorded anonymously, one per person per tag per week,
 * published only with the need releases and through suppressCount, and shown beside flag demand
 * in the gap check and the gap layer, never added into it.
 */
import fc from 'fast-check';
import { cellToParent, latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { addDemand, addService, isSafeCount, suppressedCounts } from '../gaps/testing.js';
import { clearNeeds } from '../needs/testing.js';
import { runGapCheck } from '../gaps/gap-check.js';
import { suppressCount, type RawCount } from '../privacy/suppression.js';
import { addWeeks, londonWeek } from '../releases/calendar.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { recordSearchMiss } from './search-misses.js';

// Bethnal Green; 0.009° of latitude ≈ 1 km.
const here = { lat: 51.5235, lng: -0.0574 };
const cell7 = cellToParent(latLngToCell(here.lat, here.lng, 8), 7);

let t: TestApp;
let lw: SignedIn;
let lw2: SignedIn;
let organiser: SignedIn;
let funder: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  [lw, lw2, organiser, funder] = await Promise.all([
    t.signIn('link_worker'),
    t.signIn('link_worker'),
    t.signIn('organiser'),
    t.signIn('funder'),
  ]);
});
afterAll(() => t.close());
beforeEach(async () => {
  await clearNeeds(t.db);
  await t.db.deleteFrom('searchMissCounts').execute();
  await t.db.deleteFrom('searchMissMarks').execute();
  await t.db.deleteFrom('searchMissSecrets').execute();
  await t.db.deleteFrom('serviceTags').execute();
  await t.db.deleteFrom('serviceLocations').execute();
  await t.db.deleteFrom('services').execute();
});

const search = (who: SignedIn | undefined, query: string) =>
  t.call('GET', `/api/v1/services?${query}`, undefined, who);
const near = `near=${here.lat},${here.lng}&radiusKm=1`;
const counts = () =>
  t.db
    .selectFrom('searchMissCounts')
    .select(['tagSlug', 'cell7', 'week', 'count'])
    .orderBy('tagSlug')
    .execute();

describe('recording a search that found nothing', () => {
  it('counts (tag, res-7 cell, week) once per person per tag per week, and stores no user and no text', async () => {
    const res = await search(lw, `tag=befriending&${near}&q=Bethnal`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    expect(await counts()).toEqual([
      { tagSlug: 'befriending', cell7, week: londonWeek(new Date()), count: 1 },
    ]);
    // The same person again (another text, a nearby point): still one.
    await search(lw, `tag=befriending&near=${here.lat + 0.001},${here.lng}&radiusKm=2`);
    expect((await counts())[0]!.count).toBe(1);
    // Another person: two.
    await search(lw2, `tag=befriending&${near}`);
    expect((await counts())[0]!.count).toBe(2);

    // Nothing stored names the user or holds the query text or a point finer than res 7.
    const dump = JSON.stringify([
      ...(await sql`select * from search_miss_counts`.execute(t.db)).rows,
      ...(await sql`select * from search_miss_marks`.execute(t.db)).rows,
    ]);
    for (const secret of [
      lw.userId,
      lw2.userId,
      'Bethnal',
      String(here.lat),
      latLngToCell(here.lat, here.lng, 8),
    ])
      expect(dump).not.toContain(secret);
    const columns = await sql<{
      table_name: string;
      column_name: string;
    }>`select table_name, column_name from information_schema.columns where table_name like 'search_miss%'`.execute(
      t.db,
    );
    expect(columns.rows.map((c) => c.column_name)).not.toContain('user_id');
  });

  it('is not counted when an active service with the tag is within the radius (whatever else emptied the page), or for a search without a tag', async () => {
    await addService(t.db, {
      name: 'Near Friends',
      tags: ['befriending'],
      lat: here.lat + 0.0027,
      lng: here.lng,
    });
    // Found nothing only because of the day filter: provision exists, so not a miss.
    await search(lw, `tag=befriending&${near}&day=7&from=22:00&to=23:00`);
    await search(lw, near);
    expect(await counts()).toEqual([]);
    // A paused service is no provision (the directory page asks for active services only).
    await addService(t.db, {
      name: 'Paused Walks',
      tags: ['walking-groups'],
      lat: here.lat,
      lng: here.lng,
      status: 'paused',
    });
    await search(lw, `tag=walking-groups&${near}&status=active`);
    expect((await counts()).map((c) => c.tagSlug)).toEqual(['walking-groups']);
  });

  it('a published week takes no more misses', async () => {
    const lastWeek = addWeeks(londonWeek(new Date()), -1);
    await t.publish(lastWeek);
    expect(
      await recordSearchMiss(t.db, {
        userId: lw.userId,
        tags: ['befriending'],
        ...here,
        now: new Date(`${lastWeek}T12:00:00Z`),
      }),
    ).toEqual([]);
    expect(await counts()).toEqual([]);
  });
});

interface GapsAnswer {
  items: { demand: { value: number | null; display: string } }[];
  searchMisses: {
    cell: string;
    res: number;
    tag: string;
    count: { value: number | null; display: string };
  }[];
  publishedThrough: string | null;
}
interface CheckAnswer {
  demand: { value: number | null; display: string };
  searchMisses: { value: number | null; display: string };
  explanation: string;
}

describe('publication', () => {
  it('shows nothing before the week is published, then "<8" beside the flags, never added into them', async () => {
    await search(lw, `tag=befriending&${near}`);
    await search(lw2, `tag=befriending&${near}`);
    const gapsBefore = (await (
      await t.call('GET', '/api/v1/gaps?tag=befriending', undefined, organiser)
    ).json()) as GapsAnswer;
    expect(gapsBefore.searchMisses).toEqual([]);
    const checkBefore = (await (
      await t.call('POST', '/api/v1/gap-check', { tags: ['befriending'], ...here }, organiser)
    ).json()) as CheckAnswer;
    expect(checkBefore.searchMisses).toEqual({ value: 0, display: '0' });

    await t.publish();
    await addDemand(t.db, here, 'befriending', 20, {}, 17, addWeeks(londonWeek(new Date()), -1));
    const gaps = (await (
      await t.call('GET', '/api/v1/gaps?tag=befriending', undefined, funder)
    ).json()) as GapsAnswer;
    expect(gaps.searchMisses).toEqual([
      { cell: cell7, res: 7, tag: 'befriending', count: { value: null, display: '<8' } },
    ]);
    expect(gaps.items[0]!.demand.display).toBe('20');
    const check = (await (
      await t.call('POST', '/api/v1/gap-check', { tags: ['befriending'], ...here }, organiser)
    ).json()) as CheckAnswer;
    expect(check.searchMisses).toEqual({ value: null, display: '<8' });
    expect(check.demand.display).toBe('20'); // flags only: the misses are not in it
    expect(check.explanation).toContain(
      '<8 directory searches for befriending near here found nothing',
    );
    expect(suppressedCounts(gaps).every((c) => isSafeCount(c))).toBe(true);

    // Once published, the week's marks and their secret are gone: nobody can recompute who searched.
    expect(await t.db.selectFrom('searchMissMarks').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('searchMissSecrets').selectAll().execute()).toEqual([]);
  });

  it('admins see exact counts with raw=1; nobody else may', async () => {
    await search(lw, `tag=befriending&${near}`);
    await t.publish();
    const admin = await t.signIn('admin');
    const raw = (await (
      await t.call('GET', '/api/v1/gaps?tag=befriending&raw=1', undefined, admin)
    ).json()) as GapsAnswer;
    expect(raw.searchMisses[0]!.count).toEqual({ value: 1, display: '1' });
    // The gap check reads the same roll-up (inside its one demand statement).
    const check = await runGapCheck(
      t.db,
      t.config,
      { tags: ['befriending'], ...here },
      { raw: true },
    );
    expect(check.searchMisses).toEqual({ value: 1, display: '1' });
    expect((await t.call('GET', '/api/v1/gaps?raw=1', undefined, organiser)).status).toBe(403);
  });
});

describe("attack: a Link Worker reads back other people's searches through their own", () => {
  it('their own searches cannot move a published week, and repeating them adds nothing', async () => {
    await search(lw2, `tag=befriending&${near}`); // someone else's miss
    await t.publish();
    const read = async () =>
      (
        (await (
          await t.call('GET', '/api/v1/gaps?tag=befriending', undefined, lw)
        ).json()) as GapsAnswer
      ).searchMisses;
    const first = await read();
    for (let i = 0; i < 5; i++) await search(lw, `tag=befriending&${near}`);
    // This week is published too (t.publish), so their searches add nothing anywhere: the figure is unchanged.
    expect(await read()).toEqual(first);
    expect((await counts()).map((c) => c.count)).toEqual([1]); // the other person's one search only
  });

  it('property: with their own one search added, a hidden count of 0–4 others always shows "<8"', () => {
    // One search per person per tag per week is all an attacker can add; perturbation (±2, never
    // to 0) then the threshold on the perturbed value leave 1..5 records indistinguishable.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        (hidden, hiddenKeys, ownKey) => {
          const withOwn: RawCount = { count: hidden + 1, keySum: (hiddenKeys + ownKey) % 256 };
          return suppressCount(withOwn, { threshold: 8, secret: 'attack-secret' }).display === '<8';
        },
      ),
      { numRuns: 2000 },
    );
  });
});
