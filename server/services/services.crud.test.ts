import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import type { ServiceView } from './services.js';
import { serviceBody } from './testing.js';

let t: TestApp;
let admin: SignedIn;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let linkWorker: SignedIn;
let funder: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  admin = await t.signIn('admin');
  organiser = await t.signIn('organiser');
  otherOrganiser = await t.signIn('organiser');
  linkWorker = await t.signIn('link_worker');
  funder = await t.signIn('funder');
});
afterAll(() => t.close());

async function create(who: SignedIn, body: Record<string, unknown> = serviceBody()) {
  const res = await t.call('POST', '/api/v1/services', body, who);
  return {
    res,
    json: (await res.json()) as ServiceView & { error?: { details: Record<string, string> } },
  };
}

describe('services: create, read, change, remove', () => {
  it('an organiser lists a service for their own organisation; it reads back complete', async () => {
    const { res, json } = await create(organiser);
    expect(res.status).toBe(201);
    expect(json).toMatchObject({
      organisationId: organiser.organisationId,
      name: "Men's Shed Bethnal Green",
      tags: ['mens-groups'],
      cost: { kind: 'free', text: null },
      ageMin: 50,
      languages: ['en', 'bn'],
      capacity: 12,
      accepting: 'open',
      status: 'active',
      version: 1,
      stale: false,
    });
    expect(json.locations).toEqual([
      expect.objectContaining({
        name: "St Margaret's Hall",
        postcode: 'E2 9PL',
        lat: 51.5316,
        lng: -0.0517,
        bookable: true,
        confidential: false,
      }),
    ]);
    expect(json.schedules).toEqual([
      expect.objectContaining({
        day: 2,
        start: '10:00',
        end: '12:00',
        frequency: 'weekly',
        locationId: json.locations[0]?.id,
      }),
    ]);
    const cell = await t.db
      .selectFrom('locations')
      .select('cell')
      .where('id', '=', json.locations[0]!.id)
      .executeTakeFirstOrThrow();
    expect(cell.cell).toMatch(/^88[0-9a-f]{13}$/);

    const read = await t.call('GET', `/api/v1/services/${json.id}`, undefined, linkWorker);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(json);
  });

  it('link workers and funders cannot create; signed-out callers get 401', async () => {
    expect((await create(linkWorker)).res.status).toBe(403);
    expect((await create(funder)).res.status).toBe(403);
    expect((await t.call('POST', '/api/v1/services', serviceBody())).status).toBe(401);
    expect((await t.call('GET', '/api/v1/services')).status).toBe(401);
  });

  it('an organiser cannot list a service for another organisation; an admin must name one', async () => {
    expect(
      (await create(organiser, serviceBody({ organisationId: otherOrganiser.organisationId }))).res
        .status,
    ).toBe(403);
    const { res, json } = await create(admin);
    expect(res.status).toBe(422);
    expect(json.error?.details).toEqual({ organisationId: 'is required' });
    expect(
      (await create(admin, serviceBody({ organisationId: otherOrganiser.organisationId }))).res
        .status,
    ).toBe(201);
  });

  it('an organiser cannot change, verify or remove another organisation’s service', async () => {
    const { json: theirs } = await create(otherOrganiser);
    expect(
      (
        await t.call(
          'PATCH',
          `/api/v1/services/${theirs.id}`,
          { name: 'Hijacked', version: 1 },
          organiser,
        )
      ).status,
    ).toBe(403);
    expect(
      (await t.call('POST', `/api/v1/services/${theirs.id}/verify`, {}, organiser)).status,
    ).toBe(403);
    expect(
      (await t.call('DELETE', `/api/v1/services/${theirs.id}`, undefined, organiser)).status,
    ).toBe(403);
    const after = (await (
      await t.call('GET', `/api/v1/services/${theirs.id}`, undefined, admin)
    ).json()) as ServiceView;
    expect(after.name).toBe(theirs.name);
    expect(after.version).toBe(1);
  });

  it('PATCH needs the current version: a stale one is a 409 and changes nothing', async () => {
    const { json: s } = await create(organiser);
    const first = await t.call(
      'PATCH',
      `/api/v1/services/${s.id}`,
      { summary: 'New summary', version: 1 },
      organiser,
    );
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      summary: 'New summary',
      version: 2,
      name: s.name,
      tags: s.tags,
    });
    const stale = await t.call(
      'PATCH',
      `/api/v1/services/${s.id}`,
      { summary: 'Lost update', version: 1 },
      organiser,
    );
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { details: unknown } }).error.details).toEqual({
      currentVersion: 2,
    });
    const missing = await t.call(
      'PATCH',
      '/api/v1/services/00000000-0000-4000-8000-000000000000',
      { version: 1 },
      admin,
    );
    expect(missing.status).toBe(404);
  });

  it('PATCH replaces locations and schedules, keeping a venue by id', async () => {
    const { json: s } = await create(organiser);
    const venue = s.locations[0]!;
    const res = await t.call(
      'PATCH',
      `/api/v1/services/${s.id}`,
      {
        version: 1,
        locations: [
          {
            id: venue.id,
            name: 'St Margaret’s Hall (side door)',
            lat: venue.lat,
            lng: venue.lng,
            postcode: 'E2 9PL',
          },
          { name: 'Refuge', lat: 51.52, lng: -0.06, district: 'Tower Hamlets', confidential: true },
        ],
        schedules: [
          { day: 2, start: '10:00', end: '12:00', locationId: venue.id },
          { day: 4, start: '18:00', end: '19:30', frequency: 'fortnightly', locationIndex: 1 },
        ],
      },
      organiser,
    );
    expect(res.status).toBe(200);
    const v = (await res.json()) as ServiceView;
    expect(v.locations.map((l) => l.id)).toContain(venue.id);
    const refuge = v.locations.find((l) => l.confidential)!;
    expect(refuge).toMatchObject({
      name: 'Confidential location',
      address: null,
      postcode: null,
      lat: null,
      lng: null,
      district: 'Tower Hamlets',
    });
    expect(v.schedules).toEqual([
      expect.objectContaining({ day: 2, locationId: venue.id }),
      expect.objectContaining({ day: 4, frequency: 'fortnightly', locationId: refuge.id }),
    ]);
  });

  it('verify sets lastVerifiedAt and clears the stale badge; DELETE removes the service and its venue', async () => {
    const { json: s } = await create(organiser);
    // Seven months without a check: stale.
    await t.db
      .updateTable('services')
      .set({ lastVerifiedAt: new Date(Date.now() - 213 * 86_400_000) })
      .where('id', '=', s.id)
      .execute();
    expect(
      (
        (await (
          await t.call('GET', `/api/v1/services/${s.id}`, undefined, organiser)
        ).json()) as ServiceView
      ).stale,
    ).toBe(true);
    const verified = (await (
      await t.call('POST', `/api/v1/services/${s.id}/verify`, {}, organiser)
    ).json()) as ServiceView;
    expect(verified.stale).toBe(false);
    expect(Date.now() - Date.parse(verified.lastVerifiedAt!)).toBeLessThan(60_000);
    expect((await t.call('DELETE', `/api/v1/services/${s.id}`, undefined, organiser)).status).toBe(
      204,
    );
    expect((await t.call('GET', `/api/v1/services/${s.id}`, undefined, organiser)).status).toBe(
      404,
    );
    expect(
      await t.db
        .selectFrom('locations')
        .select('id')
        .where('id', '=', s.locations[0]!.id)
        .executeTakeFirst(),
    ).toBeUndefined();
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', s.id)
      .orderBy('createdAt')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'service.created',
      'service.verified',
      'service.deleted',
    ]);
  });
});

describe('services: validation names each field', () => {
  const cases: [string, Record<string, unknown>, Record<string, string | RegExp>][] = [
    ['summary over 280', { summary: 'x'.repeat(281) }, { summary: /at most 280/ }],
    [
      'unknown tags',
      { tags: ['mens-groups', 'no-such-tag', 'nor-this'] },
      { tags: 'unknown tags: no-such-tag, nor-this' },
    ],
    [
      'bad postcode',
      { locations: [{ name: 'Hall', postcode: 'NOT A PC', lat: 51.5, lng: -0.1 }] },
      { 'locations.0.postcode': /UK postcode/ },
    ],
    [
      'outside the UK',
      { locations: [{ name: 'Paris', lat: 48.85, lng: 2.35 }] },
      { 'locations.0.lat': /inside the UK/ },
    ],
    [
      'no point and no postcode',
      { locations: [{ name: 'Hall' }] },
      { 'locations.0.lat': /is required/ },
    ],
    [
      'postcode not in the table',
      { locations: [{ name: 'Hall', postcode: 'ZE2 9AA' }] },
      { 'locations.0.postcode': /not in the postcode table/ },
    ],
    [
      'confidential without district',
      { locations: [{ name: 'Refuge', lat: 51.5, lng: -0.1, confidential: true }] },
      { 'locations.0.district': /required/ },
    ],
    ['age range reversed', { ageMin: 60, ageMax: 18 }, { ageMax: 'must be at least ageMin' }],
    [
      'end before start',
      { schedules: [{ day: 1, start: '12:00', end: '10:00' }] },
      { 'schedules.0.end': 'must be after start' },
    ],
    [
      'day out of range',
      { schedules: [{ day: 8, start: '10:00', end: '11:00' }] },
      { 'schedules.0.day': /1 \(Monday\) to 7/ },
    ],
    [
      'bad time',
      { schedules: [{ day: 1, start: '9am', end: '11:00' }] },
      { 'schedules.0.start': /HH:MM/ },
    ],
    ['course without weeks', { format: 'course' }, { courseWeeks: /required for a course/ }],
    ['other route without contact', { referralRoute: 'other' }, { referralUrl: /URL or an email/ }],
    [
      'privileged field',
      { lastVerifiedAt: '2026-01-01T00:00:00Z', sourceId: 'x' },
      { lastVerifiedAt: /not a field/, sourceId: /not a field/ },
    ],
    [
      'schedule at a missing location',
      { schedules: [{ day: 1, start: '10:00', end: '11:00', locationIndex: 3 }] },
      { 'schedules.0.locationIndex': /does not point/ },
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(name, async () => {
      const { res, json } = await create(organiser, serviceBody(change));
      expect(res.status).toBe(422);
      for (const [field, reason] of Object.entries(expected)) {
        expect(json.error?.details[field], field).toMatch(reason);
      }
    });
  }

  it('a venue given by postcode alone is placed by the postcode lookup', async () => {
    const { res, json } = await create(
      organiser,
      serviceBody({ locations: [{ name: 'Hall', postcode: 'e2 9pl' }], schedules: [] }),
    );
    expect(res.status).toBe(201);
    const [venue] = json.locations;
    expect(venue).toMatchObject({ postcode: 'E2 9PL' });
    expect(venue!.lat).toBeCloseTo(51.53, 1);
    expect(venue!.lng).toBeCloseTo(-0.05, 1);
  });

  it('a rejected write leaves nothing behind', async () => {
    const before = await t.db
      .selectFrom('services')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const { res } = await create(
      organiser,
      serviceBody({ schedules: [{ day: 1, start: '12:00', end: '10:00' }] }),
    );
    expect(res.status).toBe(422);
    const after = await t.db
      .selectFrom('services')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a PATCH is checked against the stored record (ageMin above the stored ageMax)', async () => {
    const { json: s } = await create(organiser, serviceBody({ ageMin: 18, ageMax: 25 }));
    const res = await t.call(
      'PATCH',
      `/api/v1/services/${s.id}`,
      { ageMin: 30, version: 1 },
      organiser,
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({
      ageMax: 'must be at least ageMin',
    });
  });

  it('an organiser cannot reuse another organisation’s venue', async () => {
    const { json: theirs } = await create(otherOrganiser);
    const venue = theirs.locations[0]!;
    const { res, json } = await create(
      organiser,
      serviceBody({
        locations: [{ id: venue.id, name: 'Mine now', lat: 51.5, lng: -0.1 }],
        schedules: [],
      }),
    );
    expect(res.status).toBe(422);
    expect(json.error?.details['locations.0.id']).toBe('is not a location of this organisation');
  });
});

describe('editing a confidential venue', () => {
  it('keeps the stored point and address when the organiser sends the venue back by id', async () => {
    const { json: s } = await create(
      organiser,
      serviceBody({
        locations: [
          {
            name: 'Refuge',
            address: '1 Hidden Row',
            postcode: 'E2 9PL',
            lat: 51.53,
            lng: -0.05,
            confidential: true,
            district: 'Hackney',
          },
        ],
        schedules: [],
      }),
    );
    const venue = s.locations[0]!;
    const res = await t.call(
      'PATCH',
      `/api/v1/services/${s.id}`,
      {
        version: 1,
        locations: [
          { id: venue.id, name: 'Confidential location', district: 'Hackney', confidential: true },
        ],
      },
      organiser,
    );
    expect(res.status).toBe(200);
    const row = await t.db
      .selectFrom('locations')
      .select(['lat', 'lng', 'address', 'postcode'])
      .where('id', '=', venue.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ lat: 51.53, lng: -0.05, address: '1 Hidden Row', postcode: 'E2 9PL' });
  });
});
