import fc from 'fast-check';
import { cellToParent, getResolution, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAreas } from '../../fixtures/demo/areas.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { addDemand, addService, isSafeCount, suppressedCounts } from './testing.js';

// Points inside the demo neighbourhoods (fixtures/demo/areas.ts).
const bow = { lat: 51.531, lng: -0.024 };
const whitechapel = { lat: 51.5155, lng: -0.067 };
const poplar = { lat: 51.511, lng: -0.018 };

let t: TestApp;
let admin: SignedIn;
let linkWorker: SignedIn;
let funder: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  await t.db.transaction().execute((trx) => seedAreas(trx));
  [admin, linkWorker, funder] = await Promise.all([
    t.signIn('admin'),
    t.signIn('link_worker'),
    t.signIn('funder'),
  ]);
  // Bow: 30 flags for benefits advice and nothing nearby. Whitechapel: 30 flags and a free service
  // with 40 places in the same cell (A = 40/30 ≥ 1: no unmet demand). Poplar: 20 flags for debt
  // advice next to a service that is full (no supply).
  await addDemand(t.db, bow, 'benefits-advice', 30, { transport: 5 });
  await addDemand(t.db, whitechapel, 'benefits-advice', 30);
  await addService(t.db, {
    name: 'Whitechapel Welfare Rights',
    tags: ['benefits-advice'],
    ...whitechapel,
    capacity: 40,
    sessions: [{ day: 1, start: '10:00', end: '16:00' }],
  });
  await addDemand(t.db, poplar, 'debt-advice', 20, { timing: 12 });
  await addService(t.db, {
    name: 'Poplar Debt Clinic',
    tags: ['debt-advice'],
    ...poplar,
    accepting: 'full',
    sessions: [{ day: 3, start: '10:00', end: '12:00' }],
  });
  // Gaps read published weeks only: publish this week (roll-ups added later stand for new releases).
  await t.publish();
});
afterAll(() => t.close());

type Gap = {
  cell?: string;
  res?: number;
  areaId?: string;
  place: string;
  tag: string;
  demand: { value: number | null; display: string };
  supply: number;
  score: number;
  reason: string;
};
const gaps = async (query: string, who: SignedIn = linkWorker) => {
  const res = await t.call('GET', `/api/v1/gaps${query}`, undefined, who);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: Gap[]; nextCursor: string | null };
  expect(suppressedCounts(body).every((c) => isSafeCount(c))).toBe(true);
  return body;
};

describe('GET /api/v1/gaps', () => {
  it('ranks unserved demand first, with a plain-English reason', async () => {
    const { items } = await gaps('?by=cell&tag=benefits-advice');
    expect(items.map((g) => g.cell)).toEqual([
      latLngToCell(bow.lat, bow.lng, 8),
      latLngToCell(whitechapel.lat, whitechapel.lng, 8),
    ]);
    const [first, second] = items as [Gap, Gap];
    expect(first.demand.display).toBe('30');
    expect(first.score).toBe(30); // published demand × share unmet (1)
    expect(first.supply).toBe(0);
    expect(first.reason).toMatch(
      /^30 flags for benefits advice in Bow in 12 weeks; nearest active service \d\.\d km, daytime only$/,
    );
    expect(second.score).toBe(0); // 40 places for 30 flags
    expect(second.supply).toBe(40);
  });

  it('treats a full service as no supply', async () => {
    const { items } = await gaps('?tag=debt-advice');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ place: 'Poplar', score: 20, supply: 0 });
    expect(items[0]!.reason).toMatch(/nearest active service 0(\.\d)? km, full, daytime only$/);
  });

  it('a parent tag ranks each of its tags', async () => {
    const { items } = await gaps('?tag=money');
    expect(new Set(items.map((g) => g.tag))).toEqual(new Set(['benefits-advice', 'debt-advice']));
    expect(items[0]!.score).toBeGreaterThanOrEqual(items[items.length - 1]!.score);
  });

  it('gives funders res-7 cells, never single res-8 cells', async () => {
    const { items } = await gaps('?by=cell&tag=benefits-advice', funder);
    expect(items.length).toBeGreaterThan(0);
    for (const g of items) {
      expect(getResolution(g.cell!)).toBe(7);
      expect(g.res).toBe(7);
    }
    expect(items.map((g) => g.cell)).toContain(cellToParent(latLngToCell(bow.lat, bow.lng, 8), 7));
  });

  it('ranks areas by=area', async () => {
    const { items } = await gaps('?by=area&tag=benefits-advice');
    const bowArea = await t.db
      .selectFrom('areas')
      .select('id')
      .where('name', '=', 'Bow')
      .executeTakeFirstOrThrow();
    expect(items[0]).toMatchObject({ areaId: bowArea.id, place: 'Bow', score: 30 });
  });

  it('pages with limit and cursor', async () => {
    const first = await gaps('?limit=1');
    expect(first.items).toHaveLength(1);
    const second = await gaps(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0]).not.toEqual(first.items[0]);
  });

  it('answers from a cached ranking until the data changes, then shows the change at once', async () => {
    const mileEnd = { lat: 51.5246, lng: -0.0332 };
    const before = await gaps('?by=cell&tag=food-bank&limit=200');
    await addDemand(t.db, mileEnd, 'food-bank', 25);
    const withDemand = await gaps('?by=cell&tag=food-bank&limit=200');
    const cell = latLngToCell(mileEnd.lat, mileEnd.lng, 8);
    expect(before.items.find((g) => g.cell === cell)).toBeUndefined();
    expect(withDemand.items.find((g) => g.cell === cell)).toMatchObject({ supply: 0, score: 25 });
    // A new service beside it: the cached ranking must not hide it.
    await addService(t.db, {
      name: 'Mile End Pantry',
      tags: ['food-bank'],
      ...mileEnd,
      capacity: 50,
      sessions: [{ day: 2, start: '18:00', end: '20:00' }],
    });
    const served = await gaps('?by=cell&tag=food-bank&limit=200');
    expect(served.items.find((g) => g.cell === cell)).toMatchObject({ supply: 50, score: 0 });
  });

  it('shows exact demand to admins with raw=1 only; requires sign-in', async () => {
    expect((await t.call('GET', '/api/v1/gaps?raw=1', undefined, linkWorker)).status).toBe(403);
    expect((await t.call('GET', '/api/v1/gaps')).status).toBe(401);
    const raw = await t.call('GET', '/api/v1/gaps?raw=1&tag=debt-advice', undefined, admin);
    expect(((await raw.json()) as { items: Gap[] }).items[0]!.demand).toEqual({
      value: 20,
      display: '20',
    });
    expect(
      (await t.call('GET', '/api/v1/gaps?from=2026-05-01&to=2026-01-01', undefined, admin)).status,
    ).toBe(422);
  });
});

describe('suppression holds on every count (property over random roll-ups)', () => {
  it('never publishes 1–7 from /gaps, by cell or area, or from area summaries', async () => {
    const around = [
      bow,
      whitechapel,
      poplar,
      { lat: 51.524, lng: -0.05 },
      { lat: 51.498, lng: -0.017 },
    ];
    const areas = await t.db.selectFrom('areas').select('id').execute();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            at: fc.constantFrom(...around),
            tag: fc.constantFrom('befriending', 'crafts', 'swimming'),
            n: fc.integer({ min: 1, max: 25 }),
            key: fc.nat(255),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (flags) => {
          await t.db
            .deleteFrom('needCounts')
            .where('tagSlug', 'in', ['befriending', 'crafts', 'swimming'])
            .execute();
          for (const f of flags) await addDemand(t.db, f.at, f.tag, f.n, {}, f.key);
          await gaps('?by=cell&tag=befriending,crafts,swimming&limit=200');
          await gaps('?by=area&tag=befriending,crafts,swimming&limit=200');
          await gaps('?by=cell&tag=befriending,crafts,swimming&limit=200', funder);
          for (const a of areas) {
            const summary = await (
              await t.call('GET', `/api/v1/areas/${a.id}/summary`, undefined, funder)
            ).json();
            expect(suppressedCounts(summary).every((c) => isSafeCount(c))).toBe(true);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
