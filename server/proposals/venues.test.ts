/** The venue picker of a proposal, and a proposal opened from a gap check keeps that check (radius, sessions, venue). */
import fc from 'fast-check';
import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../fixtures/demo/random.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { distanceKm } from '../gaps/supply.js';
import { bookableVenuesNear } from './venues.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let organiser: SignedIn;
let linkWorker: SignedIn;
const venues: Record<string, string> = {};

async function location(
  name: string,
  lat: number,
  lng: number,
  extra: { bookable?: boolean; confidential?: boolean } = {},
) {
  const row = await t.db
    .insertInto('locations')
    .values({
      name,
      lat,
      lng,
      cell: latLngToCell(lat, lng, 8),
      address: `${name} Street`,
      postcode: 'E2 6HG',
      bookable: extra.bookable ?? true,
      confidential: extra.confidential ?? false,
      bookingInfo: 'Call the office',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  venues[name] = row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  organiser = await t.signIn('organiser');
  linkWorker = await t.signIn('link_worker');
  await location('Oxford House', 51.5276, -0.0556);
  await location('Far Hall', 51.5276, -0.0156);
  await location('Not for hire', 51.5277, -0.0555, { bookable: false });
  await location('Safe house', 51.5275, -0.0554, { confidential: true });
  await location('Second Room', 51.53, -0.06);
});
afterAll(() => t.close());

describe('GET /api/v1/venues', () => {
  it('lists bookable, non-confidential venues within the radius, nearest first', async () => {
    const res = await t.call(
      'GET',
      '/api/v1/venues?near=51.5273,-0.0553&radiusKm=1.5',
      undefined,
      organiser,
    );
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { name: string; distanceKm: number }[] };
    expect(items.map((v) => v.name)).toEqual(['Oxford House', 'Second Room']);
    const wider = (await (
      await t.call('GET', '/api/v1/venues?near=51.5273,-0.0553&radiusKm=5', undefined, organiser)
    ).json()) as { items: { name: string }[] };
    expect(wider.items.map((v) => v.name)).toContain('Far Hall');
    expect((await t.call('GET', '/api/v1/venues?near=40,10', undefined, organiser)).status).toBe(
      422,
    );
    expect(
      (await t.call('GET', '/api/v1/venues?near=51.5273,-0.0553', undefined, linkWorker)).status,
    ).toBe(403);
  });

  it('sees a room made bookable, confidential or moved at once', async () => {
    const names = async () =>
      (
        (await (
          await t.call(
            'GET',
            '/api/v1/venues?near=51.5273,-0.0553&radiusKm=1.5',
            undefined,
            organiser,
          )
        ).json()) as { items: { name: string }[] }
      ).items.map((v) => v.name);
    expect(await names()).toEqual(['Oxford House', 'Second Room']);
    const set = (name: string, values: Record<string, unknown>) =>
      t.db.updateTable('locations').set(values).where('id', '=', venues[name]!).execute();
    await set('Not for hire', { bookable: true });
    // Both 0.0 km away: by name.
    expect(await names()).toEqual(['Not for hire', 'Oxford House', 'Second Room']);
    await set('Oxford House', { confidential: true });
    expect(await names()).toEqual(['Not for hire', 'Second Room']);
    await set('Far Hall', { lat: 51.5274, lng: -0.0553 });
    expect(await names()).toEqual(['Far Hall', 'Not for hire', 'Second Room']);
    // Back as the other tests expect them.
    await set('Not for hire', { bookable: false });
    await set('Oxford House', { confidential: false });
    await set('Far Hall', { lat: 51.5276, lng: -0.0156 });
  });
});

describe('bookableVenuesNear', () => {
  it('is the plain filter and sort over every bookable room, wherever and however far one asks', async () => {
    const rng = createRng(3);
    for (let i = 0; i < 40; i++)
      await location(
        `Room ${rng.pick(['A', 'B', 'C'])}${i}`,
        51.5 + rng.next() * 0.06,
        -0.08 + rng.next() * 0.09,
        {
          bookable: rng.chance(0.8),
          confidential: rng.chance(0.1),
        },
      );
    const rooms = await t.db
      .selectFrom('locations')
      .selectAll()
      .where('bookable', '=', true)
      .where('confidential', '=', false)
      .execute();
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 51.49, max: 51.57, noNaN: true }),
        fc.double({ min: -0.09, max: 0.02, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        async (lat, lng, radiusKm, limit) => {
          const expected = rooms
            .map((r) => ({
              id: r.id,
              distanceKm: Math.round(distanceKm([lng, lat], [r.lng, r.lat]) * 10) / 10,
              name: r.name,
            }))
            .filter((r) => r.distanceKm <= radiusKm)
            .sort((a, b) => a.distanceKm - b.distanceKm || a.name.localeCompare(b.name))
            .slice(0, limit);
          const got = await bookableVenuesNear(t.db, { lat, lng }, radiusKm, limit);
          expect(got.map((v) => [v.distanceKm, v.name])).toEqual(
            expected.map((v) => [v.distanceKm, v.name]),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a proposal opened from a gap check', () => {
  const fromCheck = {
    title: 'Thursday evening shed',
    tags: ['mens-groups'],
    lat: 51.5273,
    lng: -0.0553,
    radiusKm: 3,
    schedule: [
      { day: 4, start: '18:00', end: '20:00' },
      { day: 6, start: '10:00', end: '12:00' },
    ],
  };

  it('keeps the check with the same radius and sessions, and the chosen bookable venue', async () => {
    const check = (await (
      await t.call(
        'POST',
        '/api/v1/gap-check',
        {
          tags: fromCheck.tags,
          lat: fromCheck.lat,
          lng: fromCheck.lng,
          radiusKm: 3,
          schedule: fromCheck.schedule,
        },
        organiser,
      )
    ).json()) as { verdict: string; radiusKm: number; venues: unknown[] };
    const res = await t.call(
      'POST',
      '/api/v1/proposals',
      { ...fromCheck, venueLocationId: venues['Oxford House'] },
      organiser,
    );
    expect(res.status).toBe(201);
    const p = (await res.json()) as {
      gapCheck: { verdict: string; radiusKm: number; venues: unknown[] };
      schedule: unknown[];
      venueLocationId: string;
    };
    expect(p.gapCheck.radiusKm).toBe(3);
    expect(p.gapCheck.verdict).toBe(check.verdict);
    expect(p.gapCheck.venues).toEqual(check.venues);
    expect(p.schedule).toEqual(fromCheck.schedule);
    expect(p.venueLocationId).toBe(venues['Oxford House']);
  });

  it("refuses another organisation's confidential location, naming the field", async () => {
    const res = await t.call(
      'POST',
      '/api/v1/proposals',
      { ...fromCheck, venueLocationId: venues['Safe house'] },
      organiser,
    );
    expect(res.status).toBe(422);
    expect(
      ((await res.json()) as { error: { details: Record<string, string> } }).error.details
        .venueLocationId,
    ).toMatch(/confidential/);
  });
});
