/** services.geojson filters for the map workspace: day/time of sessions and "answers a barrier". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { serviceBody } from './testing.js';

let t: TestApp;
let reader: SignedIn;

const venue = (lat: number, lng: number, extra: Record<string, unknown> = {}) => ({
  name: 'Venue',
  lat,
  lng,
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  const organiser = await t.signIn('organiser');
  reader = await t.signIn('link_worker');
  const fixtures: Record<string, unknown>[] = [
    // Monday morning, paid, English only, no step-free access: answers no barrier.
    {
      name: 'Monday coffee',
      cost: { kind: 'paid', text: '£3' },
      languages: ['en'],
      accessibility: [],
      locations: [venue(51.53, -0.05)],
      schedules: [{ day: 1, start: '10:00', end: '12:00' }],
    },
    // Free, Tuesday evening, Bengali, step-free venue.
    {
      name: 'Evening supper',
      cost: { kind: 'free', text: null },
      languages: ['en', 'bn'],
      locations: [venue(51.531, -0.051, { accessibility: ['step_free'] })],
      schedules: [{ day: 2, start: '18:00', end: '20:00' }],
    },
    // Saturday session, paid, English only.
    {
      name: 'Saturday walk',
      cost: { kind: 'paid', text: '£1' },
      languages: ['en'],
      accessibility: [],
      locations: [venue(51.532, -0.052)],
      schedules: [{ day: 6, start: '09:00', end: '10:00' }],
    },
  ];
  for (const change of fixtures) {
    const res = await t.call(
      'POST',
      '/api/v1/services',
      serviceBody({ ageMin: null, ...change }),
      organiser,
    );
    expect(res.status, String(change.name)).toBe(201);
  }
});
afterAll(() => t.close());

async function mapped(query: string): Promise<string[]> {
  const res = await t.call('GET', `/api/v1/services.geojson?${query}`, undefined, reader);
  expect(res.status, query).toBe(200);
  const body = (await res.json()) as { features: { properties: { name: string } }[] };
  return body.features.map((f) => f.properties.name).sort();
}

describe('services.geojson day and time', () => {
  it('shows a Monday 10:00–12:00 session for a Monday window it overlaps, and not for another day or a later window', async () => {
    expect(await mapped('day=1&from=09:00&to=11:00')).toEqual(['Monday coffee']);
    expect(await mapped('day=1')).toEqual(['Monday coffee']);
    expect(await mapped('day=2')).toEqual(['Evening supper']);
    expect(await mapped('day=1&from=13:00')).toEqual([]);
    expect(await mapped('day=1&to=10:00')).toEqual([]);
    expect(await mapped('day=1&from=11:59&to=12:30')).toEqual(['Monday coffee']);
    expect(await mapped('')).toEqual(['Evening supper', 'Monday coffee', 'Saturday walk']);
  });

  it('rejects bad day/time with 422 naming the field', async () => {
    for (const [query, field] of [
      ['day=8', 'day'],
      ['day=1&from=9am', 'from'],
      ['day=1&to=25:00', 'to'],
      ['from=09:00', 'day'],
      ['day=1&from=12:00&to=11:00', 'to'],
      ['answers=transport', 'answers'],
    ] as const) {
      const res = await t.call('GET', `/api/v1/services.geojson?${query}`, undefined, reader);
      expect(res.status, query).toBe(422);
      const details = ((await res.json()) as { error: { details: Record<string, string> } }).error
        .details;
      expect(Object.keys(details), query).toContain(field);
    }
  });
});

describe("services.geojson answers a barrier (the gap engine's judgement)", () => {
  it('cost → free, access → step-free, timing → evening or weekend, language → not only English', async () => {
    expect(await mapped('answers=cost')).toEqual(['Evening supper']);
    expect(await mapped('answers=access')).toEqual(['Evening supper']);
    expect(await mapped('answers=timing')).toEqual(['Evening supper', 'Saturday walk']);
    expect(await mapped('answers=language')).toEqual(['Evening supper']);
  });

  it('combines with day and a named language', async () => {
    expect(await mapped('answers=timing&day=6')).toEqual(['Saturday walk']);
    expect(await mapped('language=bn')).toEqual(['Evening supper']);
    expect(await mapped('language=so')).toEqual([]);
  });
});

describe('services.geojson, served again from its cache', () => {
  it('answers the same view from its cache until the directory changes, then shows the change at once', async () => {
    const bbox = 'bbox=-0.06,51.52,-0.04,51.54';
    const first = await mapped(bbox);
    const again = await t.call('GET', `/api/v1/services.geojson?${bbox}`, undefined, reader);
    expect(again.headers.get('content-type')).toBe('application/geo+json');
    expect(
      ((await again.json()) as { features: { properties: { name: string } }[] }).features
        .map((f) => f.properties.name)
        .sort(),
    ).toEqual(first);
    const organiser = await t.signIn('organiser');
    const created = await t.call(
      'POST',
      '/api/v1/services',
      serviceBody({ name: 'Pop-up lunch', locations: [venue(51.533, -0.05)] }),
      organiser,
    );
    expect(created.status).toBe(201);
    expect(await mapped(bbox)).toEqual([...first, 'Pop-up lunch'].sort());
  });
});
