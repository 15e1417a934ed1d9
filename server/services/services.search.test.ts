import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import type { ServiceView } from './services.js';
import { serviceBody } from './testing.js';

let t: TestApp;
let organiser: SignedIn;
let reader: SignedIn;
const ids: Record<string, string> = {};

/** Bethnal Green, the centre of the distance searches. */
const HERE = { lat: 51.527, lng: -0.055 };

const at = (lat: number, lng: number, extra: Record<string, unknown> = {}) => ({
  name: 'Venue',
  lat,
  lng,
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  organiser = await t.signIn('organiser');
  reader = await t.signIn('link_worker');
  const fixtures: Record<string, Record<string, unknown>> = {
    shed: {
      name: "Men's Shed",
      tags: ['mens-groups'],
      locations: [at(51.528, -0.056)],
      schedules: [{ day: 2, start: '10:00', end: '12:00' }],
      ageMin: 50,
    },
    lunch: {
      name: 'Lunch Club',
      summary: 'Hot meals for 100% of our members',
      tags: ['lunch-clubs'],
      locations: [at(51.535, -0.05)],
      schedules: [{ day: 3, start: '12:00', end: '14:00' }],
      cost: { kind: 'low_cost', text: '£2' },
      asylumSeekersWelcome: true,
    },
    benefits: {
      name: 'Benefits surgery',
      description: 'Universal Credit and PIP forms',
      tags: ['benefits-advice'],
      locations: [at(51.52, -0.07)],
      noIdNeeded: true,
      nrpfOk: true,
      format: 'booking',
      languages: ['en', 'bn', 'so'],
    },
    far: {
      name: 'Croydon walking group',
      tags: ['mens-groups'],
      locations: [at(51.372, -0.098)],
      schedules: [{ day: 2, start: '09:00', end: '10:00' }],
    },
    refuge: {
      name: 'Safe space support',
      tags: ['befriending'],
      locations: [at(51.5275, -0.0552, { confidential: true, district: 'Tower Hamlets' })],
      accepting: 'waitlist',
    },
    course: {
      name: 'Digital skills course',
      tags: ['digital-skills'],
      format: 'course',
      courseWeeks: 6,
      cost: { kind: 'paid', text: '£30' },
      ageMin: 18,
      ageMax: 25,
      locations: [at(51.53, -0.06)],
      status: 'paused',
    },
  };
  for (const [key, change] of Object.entries(fixtures)) {
    const res = await t.call(
      'POST',
      '/api/v1/services',
      serviceBody({ schedules: [], ageMin: null, ...change }),
      organiser,
    );
    expect(res.status, key).toBe(201);
    ids[key] = ((await res.json()) as ServiceView).id;
  }
});
afterAll(() => t.close());

async function list(query: string): Promise<{ items: ServiceView[]; nextCursor: string | null }> {
  const res = await t.call('GET', `/api/v1/services?${query}`, undefined, reader);
  expect(res.status, query).toBe(200);
  return (await res.json()) as { items: ServiceView[]; nextCursor: string | null };
}
const names = async (query: string) => (await list(query)).items.map((s) => s.name);

describe('directory search and filters', () => {
  it('lists by name without filters', async () => {
    expect(await names('')).toEqual([
      'Benefits surgery',
      'Croydon walking group',
      'Digital skills course',
      'Lunch Club',
      "Men's Shed",
      'Safe space support',
    ]);
  });

  it('q matches name, summary or description, case-insensitively; % is literal', async () => {
    expect(await names('q=SHED')).toEqual(["Men's Shed"]);
    expect(await names('q=universal%20credit')).toEqual(['Benefits surgery']);
    expect(await names(`q=${encodeURIComponent('100%')}`)).toEqual(['Lunch Club']);
    expect(await names(`q=${encodeURIComponent('%')}`)).toEqual(['Lunch Club']);
  });

  it('a parent tag matches its children', async () => {
    expect(await names('tag=loneliness-isolation')).toEqual([
      'Croydon walking group',
      'Lunch Club',
      "Men's Shed",
      'Safe space support',
    ]);
    expect(await names('tag=mens-groups,benefits-advice')).toEqual([
      'Benefits surgery',
      'Croydon walking group',
      "Men's Shed",
    ]);
  });

  it('lists each service as its own view reads (composed from held texts), plus its distance', async () => {
    const res = await t.call(
      'GET',
      `/api/v1/services?near=${HERE.lat},${HERE.lng}&radiusKm=3`,
      undefined,
      reader,
    );
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const page = (await res.json()) as { items: ServiceView[]; nextCursor: string | null };
    expect(page.items.length).toBeGreaterThan(1);
    for (const item of page.items) {
      const one = await t.call('GET', `/api/v1/services/${item.id}`, undefined, reader);
      const { distanceKm, ...view } = item;
      expect(view).toEqual(await one.json());
      expect(distanceKm).toBeGreaterThanOrEqual(0);
    }
    // Without `near`: no distance, and the cursor pages on.
    const first = await list('limit=2');
    expect(first.items.every((s) => !('distanceKm' in s))).toBe(true);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items[0]!.id).not.toBe(first.items[1]!.id);
  });

  it('near orders by distance, gives distanceKm, keeps to the radius and ignores confidential points', async () => {
    const page = await list(`near=${HERE.lat},${HERE.lng}&radiusKm=3`);
    expect(page.items.map((s) => s.name)).toEqual([
      "Men's Shed",
      'Digital skills course',
      'Lunch Club',
      'Benefits surgery',
    ]);
    const d = page.items.map((s) => s.distanceKm!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(d[0]).toBeCloseTo(0.13, 1);
    expect(d.every((x) => x <= 3)).toBe(true);
    // Default radius 2 km; the Croydon group is ~17 km away.
    expect(await names(`near=${HERE.lat},${HERE.lng}`)).not.toContain('Croydon walking group');
    expect(await names(`near=${HERE.lat},${HERE.lng}&radiusKm=20`)).toContain(
      'Croydon walking group',
    );
  });

  it('a confidential location is listed with its district but never its point', async () => {
    const [refuge] = (await list('q=safe%20space')).items;
    expect(refuge!.locations).toEqual([
      expect.objectContaining({
        name: 'Confidential location',
        district: 'Tower Hamlets',
        lat: null,
        lng: null,
        address: null,
        postcode: null,
      }),
    ]);
    expect(await names('bbox=-0.06,51.527,-0.05,51.528')).not.toContain('Safe space support');
  });

  it('bbox, status, day and organisation', async () => {
    expect(await names('bbox=-0.1,51.36,-0.09,51.38')).toEqual(['Croydon walking group']);
    expect(await names('status=paused')).toEqual(['Digital skills course']);
    expect(await names('day=2')).toEqual(['Croydon walking group', "Men's Shed"]);
    expect(await names('day=5')).toEqual([]);
    // A part of the day narrows the day: Tuesday morning after 09:30 keeps the shed (10–12), not Croydon (9–10).
    expect(await names('day=2&from=10:00&to=12:00')).toEqual(["Men's Shed"]);
    expect(await names('day=2&from=17:00&to=23:59')).toEqual([]);
    // Near a place on a Tuesday: nearest first, each with its distance.
    const near = (await list(`near=${HERE.lat},${HERE.lng}&radiusKm=50&day=2`)).items;
    expect(near.map((s) => s.name)).toEqual(["Men's Shed", 'Croydon walking group']);
    expect(near.every((s) => typeof s.distanceKm === 'number')).toBe(true);
    expect((await list(`organisationId=${organiser.organisationId}`)).items).toHaveLength(6);
  });

  it('eligibility, format, cost, accepting and language', async () => {
    expect(await names('age=20')).toEqual([
      'Benefits surgery',
      'Croydon walking group',
      'Digital skills course',
      'Lunch Club',
      'Safe space support',
    ]);
    expect(await names('age=60')).toEqual([
      'Benefits surgery',
      'Croydon walking group',
      'Lunch Club',
      "Men's Shed",
      'Safe space support',
    ]);
    expect(await names('age=55')).not.toContain('Digital skills course');
    expect(await names('asylumSeekersWelcome=true')).toEqual(['Lunch Club']);
    expect(await names('noIdNeeded=1&nrpfOk=true')).toEqual(['Benefits surgery']);
    expect(await names('format=course,booking')).toEqual([
      'Benefits surgery',
      'Digital skills course',
    ]);
    expect(await names('cost=low_cost&cost=paid')).toEqual(['Digital skills course', 'Lunch Club']);
    expect(await names('accepting=waitlist')).toEqual(['Safe space support']);
    expect(await names('language=so')).toEqual(['Benefits surgery']);
  });

  it('a cursor from a name-ordered list is refused by a distance search (and back)', async () => {
    const byName = await list('limit=1');
    const byDistance = await list(`near=${HERE.lat},${HERE.lng}&limit=1`);
    expect(
      (
        await t.call(
          'GET',
          `/api/v1/services?near=${HERE.lat},${HERE.lng}&cursor=${byName.nextCursor}`,
          undefined,
          reader,
        )
      ).status,
    ).toBe(422);
    expect(
      (await t.call('GET', `/api/v1/services?cursor=${byDistance.nextCursor}`, undefined, reader))
        .status,
    ).toBe(422);
  });

  it('rejects bad filters with 422 naming the parameter', async () => {
    for (const [query, field] of [
      ['near=48.8,2.3', 'near'],
      ['day=9', 'day'],
      ['format=party', 'format'],
      ['cursor=nonsense', 'cursor'],
      ['limit=501', 'limit'],
      ['from=10:00', 'day'],
      ['day=2&from=12:00&to=10:00', 'to'],
      ['day=2&from=9am', 'from'],
    ] as const) {
      const res = await t.call('GET', `/api/v1/services?${query}`, undefined, reader);
      expect(res.status, query).toBe(422);
      expect(
        Object.keys(
          ((await res.json()) as { error: { details: Record<string, string> } }).error.details,
        ).join(','),
        query,
      ).toContain(field);
    }
  });
});

describe('cursor pagination is exact', () => {
  async function pageThrough(query: string, size: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await list(`${query}&limit=${size}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(size);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return seen;
  }

  it('returns every matching service exactly once, in order, for any page size (by name and by distance)', async () => {
    // Services sharing a name (and so needing the id tie-break) make the property bite.
    for (let i = 0; i < 6; i++) {
      const res = await t.call(
        'POST',
        '/api/v1/services',
        serviceBody({
          name: 'Coffee morning',
          schedules: [],
          locations: [at(51.527 + i * 0.001, -0.055)],
        }),
        organiser,
      );
      expect(res.status).toBe(201);
    }
    const queries = [
      'status=active',
      `near=${HERE.lat},${HERE.lng}&radiusKm=5`,
      'tag=loneliness-isolation',
    ];
    const expected = await Promise.all(
      queries.map(async (q) => (await list(`${q}&limit=500`)).items.map((s) => s.id)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: queries.length - 1 }),
        fc.integer({ min: 1, max: 7 }),
        async (qi, size) => {
          const ids = await pageThrough(queries[qi]!, size);
          expect(ids).toEqual(expected[qi]);
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      { numRuns: 15 },
    );
  });
});
