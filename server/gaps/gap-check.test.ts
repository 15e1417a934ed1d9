import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { hc } from 'hono/client';
import { runGapCheck } from './gap-check.js';
import type { gapsRoutes } from './routes.js';
import type { GapCheckRequest } from './schemas.js';
import { addDemand, addService, isSafeCount, suppressedCounts, thisWeek } from './testing.js';
import { latLngToCell } from 'h3-js';
import { clearNeeds } from '../needs/testing.js';

// Bethnal Green; 0.0027° of latitude ≈ 300 m, 0.009° ≈ 1 km.
const here = { lat: 51.5235, lng: -0.0574 };
const north300m = { lat: here.lat + 0.0027, lng: here.lng };

let t: TestApp;
let organiser: SignedIn;
let linkWorker: SignedIn;
let funder: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  [organiser, linkWorker, funder] = await Promise.all([
    t.signIn('organiser'),
    t.signIn('link_worker'),
    t.signIn('funder'),
  ]);
});
afterAll(() => t.close());

/** POST /gap-check through the app, typed by the route's own schemas (no hand-written answer type). */
const check = async (body: GapCheckRequest, who: SignedIn = organiser) => {
  const client = hc<ReturnType<typeof gapsRoutes>>('http://localhost/api/v1', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => t.app.request(input, init),
    headers: who.headers,
  });
  const res = await client['gap-check'].$post({ json: body });
  expect(res.status).toBe(200);
  if (res.status !== 200) throw new Error('unreachable: the status is checked above'); // narrows the answer's type
  const result = await res.json();
  expect(suppressedCounts(result).every((c) => isSafeCount(c))).toBe(true);
  return result;
};

describe('POST /api/v1/gap-check verdicts (hand-computed)', () => {
  it('no similar service within the radius → likely_gap', async () => {
    await addDemand(t.db, here, 'befriending', 20, { cost: 12 });
    // A befriending service 3 km away is outside the default 1.5 km radius.
    await addService(t.db, {
      name: 'Far Friends',
      tags: ['befriending'],
      lat: here.lat + 0.027,
      lng: here.lng,
    });
    await t.publish();
    const r = await check({ tags: ['befriending'], ...here });
    expect(r.verdict).toBe('likely_gap');
    expect(r.similar).toEqual([]);
    expect(r.demand.display).toBe('20'); // 20 flags, perturbed by at most ±2, rounded to 5
    expect(r.topBarriers[0]).toMatchObject({ barrier: 'cost' });
    expect(r.explanation).toMatch(/^Likely gap: no active service for befriending within 1.5 km/);
  });

  it('same tag, same day and overlapping hours 300 m away → already_served, suggesting partnership', async () => {
    await addDemand(t.db, here, 'mens-groups', 14, { timing: 9 });
    await t.publish();
    const { serviceId } = await addService(t.db, {
      name: 'Tuesday Men’s Shed',
      tags: ['mens-groups'],
      ...north300m,
      cost: 'free',
      sessions: [{ day: 2, start: '18:00', end: '20:30' }],
    });
    const r = await check({
      tags: ['mens-groups'],
      ...here,
      schedule: [{ day: 2, start: '19:00', end: '21:00' }],
    });
    expect(r.verdict).toBe('already_served');
    expect(r.similar).toHaveLength(1);
    expect(r.similar[0]).toMatchObject({
      service: { id: serviceId },
      distanceKm: 0.3,
      scheduleOverlap: true,
      misses: [],
    });
    expect(r.explanation).toMatch(/consider partnering with Tuesday Men’s Shed/);
    // A different day: the same group exists but runs at other times → partly_served.
    const otherDay = await check({
      tags: ['mens-groups'],
      ...here,
      schedule: [{ day: 4, start: '19:00', end: '21:00' }],
    });
    expect(otherDay.verdict).toBe('partly_served');
    expect(otherDay.similar[0]!.misses).toContain('runs at other times');
  });

  it('a similar service exists but is paid and the flags say cost → partly_served', async () => {
    await addDemand(t.db, here, 'lunch-clubs', 16, { cost: 10 });
    await t.publish();
    await addService(t.db, {
      name: 'Bistro Lunch Club',
      tags: ['lunch-clubs'],
      ...north300m,
      cost: 'paid',
      sessions: [{ day: 3, start: '12:00', end: '14:00' }],
    });
    const r = await check({ tags: ['lunch-clubs'], ...here });
    expect(r.verdict).toBe('partly_served');
    expect(r.similar[0]!.misses).toEqual(['paid']);
    expect(r.explanation).toMatch(
      /^Partly served: the nearest similar service, Bistro Lunch Club \(0.3 km\), is paid/,
    );
  });

  it('a full service nearby does not serve: partly_served with "full"', async () => {
    await addService(t.db, {
      name: 'Packed Walks',
      tags: ['walking-groups'],
      ...north300m,
      accepting: 'full',
    });
    const r = await check({ tags: ['walking-groups'], ...here });
    expect(r.verdict).toBe('partly_served');
    expect(r.similar[0]!.misses).toContain('full');
  });
});

describe('what else a gap check returns', () => {
  it('lists bookable venues (never confidential ones) and counts a confidential service without its point', async () => {
    const hall = await addService(t.db, {
      name: 'Hall Chair Exercise',
      tags: ['chair-exercise'],
      lat: here.lat - 0.002,
      lng: here.lng,
      bookable: true,
    });
    await addService(t.db, {
      name: 'Safe Space',
      tags: ['peer-support'],
      lat: here.lat + 0.001,
      lng: here.lng,
      bookable: true,
      confidential: true,
    });
    const r = await check({ tags: ['peer-support'], ...here });
    expect(r.venues.map((v) => v.location.id)).toContain(hall.locationId);
    expect(r.venues.map((v) => v.location.name)).not.toContain('Safe Space venue');
    expect(r.similar).toHaveLength(1);
    expect(r.similar[0]!.service.locations[0]).toMatchObject({ lat: null, address: null });
  });

  it('counts active Link Workers in the catchment as a suppressed number', async () => {
    const cell = latLngToCell(here.lat, here.lng, 8);
    const workers = await Promise.all([1, 2, 3].map(() => t.signIn('link_worker')));
    // Activity becomes a published per-cell count at publication (link_worker_counts): start from
    // an unpublished slate so this week's activity is published here.
    await clearNeeds(t.db);
    await t.db
      .insertInto('linkWorkerActivity')
      .values(workers.map((w) => ({ userId: w.userId, cell, week: thisWeek(), flags: 2 })))
      .execute();
    expect((await check({ tags: ['chair-exercise'], ...here })).activeLinkWorkers).toEqual({
      value: 0,
      display: '0',
    });
    await t.publish();
    const r = await check({ tags: ['chair-exercise'], ...here });
    expect(r.activeLinkWorkers).toEqual({ value: null, display: '<8' });
    const raw = await runGapCheck(
      t.db,
      t.config,
      { tags: ['chair-exercise'], ...here },
      { raw: true },
    );
    expect(raw.activeLinkWorkers).toEqual({ value: 3, display: '3' });
  });

  it('takes a postcode instead of a point (resolved through the postcode table, never stored)', async () => {
    const before = await t.db.selectFrom('postcodes').select('key').execute();
    const r = await check({ tags: ['chair-exercise'], postcode: 'e2 7dg' });
    expect(r.verdict).toBeDefined();
    expect(await t.db.selectFrom('postcodes').select('key').execute()).toHaveLength(before.length);
    expect(JSON.stringify(t.logs)).not.toMatch(/E2 ?7DG/i);
  });

  it('lets link workers run it; funders may not; 422s name the field', async () => {
    expect(
      (await t.call('POST', '/api/v1/gap-check', { tags: ['chair-exercise'], ...here }, linkWorker))
        .status,
    ).toBe(200);
    expect(
      (await t.call('POST', '/api/v1/gap-check', { tags: ['chair-exercise'], ...here }, funder))
        .status,
    ).toBe(403);
    expect(
      (await t.call('POST', '/api/v1/gap-check', { tags: ['chair-exercise'], ...here })).status,
    ).toBe(401);
    const noPlace = await t.call(
      'POST',
      '/api/v1/gap-check',
      { tags: ['chair-exercise'] },
      organiser,
    );
    expect(noPlace.status).toBe(422);
    expect(
      ((await noPlace.json()) as { error: { details: Record<string, string> } }).error.details,
    ).toHaveProperty('postcode');
    const unknown = await t.call(
      'POST',
      '/api/v1/gap-check',
      { tags: ['no-such-tag'], ...here },
      organiser,
    );
    expect(
      ((await unknown.json()) as { error: { details: Record<string, string> } }).error.details.tags,
    ).toMatch(/unknown tag: no-such-tag/);
    const badTime = await t.call(
      'POST',
      '/api/v1/gap-check',
      { tags: ['chair-exercise'], ...here, schedule: [{ day: 2, start: '20:00', end: '19:00' }] },
      organiser,
    );
    expect(
      ((await badTime.json()) as { error: { details: Record<string, string> } }).error.details,
    ).toHaveProperty(['schedule.0.end']);
    const badPostcode = await t.call(
      'POST',
      '/api/v1/gap-check',
      { tags: ['chair-exercise'], postcode: 'NOT A CODE' },
      organiser,
    );
    expect(
      ((await badPostcode.json()) as { error: { details: Record<string, string> } }).error.details
        .postcode,
    ).toMatch(/not a valid UK postcode/);
    const abroad = await t.call(
      'POST',
      '/api/v1/gap-check',
      { tags: ['chair-exercise'], lat: 48.85, lng: 2.35 },
      organiser,
    );
    expect(abroad.status).toBe(422);
  });
});
