/** GET /api/v1/map/needs?barrier=: counts from need_barrier_counts, suppressed like every map count. */
import { cellToParent, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { clearNeeds, DEMO_BBOX, POINTS, seedTaxonomy } from '../needs/testing.js';

interface Count {
  value: number | null;
  display: string;
}
interface NeedMap {
  features: {
    id: string;
    properties: { cell: string; count: Count; tags: Record<string, Count> };
  }[];
  error?: { details?: Record<string, string> };
}

let t: TestApp;
let lw: SignedIn;
let admin: SignedIn;
let funder: SignedIn;

const map = async (query: string, who: SignedIn) => {
  const res = await t.call('GET', `/api/v1/map/needs?bbox=${DEMO_BBOX}&${query}`, undefined, who);
  return { status: res.status, body: (await res.json()) as NeedMap };
};
const flag = (n: number, item: Record<string, unknown>) =>
  t.call('POST', '/api/v1/needs/batch', { items: Array.from({ length: n }, () => item) }, admin);

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  lw = await t.signIn('link_worker');
  admin = await t.signIn('admin');
  funder = await t.signIn('funder');
  await clearNeeds(t.db);
  expect(
    (await flag(20, { tags: ['befriending'], barriers: ['cost', 'transport'], ...POINTS[0] }))
      .status,
  ).toBe(201);
  expect((await flag(10, { tags: ['befriending'], ...POINTS[0] })).status).toBe(201);
  expect((await flag(4, { tags: ['debt-advice'], barriers: ['cost'], ...POINTS[0] })).status).toBe(
    201,
  );
  // Non-admin reads see published weeks only.
  await t.publish();
});
afterAll(() => t.close());

describe('GET /api/v1/map/needs?barrier=', () => {
  it('counts only flags recording the barrier, per tag, at every resolution', async () => {
    const cell8 = latLngToCell(POINTS[0].lat, POINTS[0].lng, 8);
    for (const [res, cell] of [
      [8, cell8],
      [7, cellToParent(cell8, 7)],
      [6, cellToParent(cell8, 6)],
    ] as const) {
      const { status, body } = await map(`res=${res}&barrier=cost&raw=1`, admin);
      expect(status, `res ${res}`).toBe(200);
      expect(
        body.features.map((f) => f.id),
        `res ${res}`,
      ).toEqual([cell]);
      const [f] = body.features;
      expect(f!.properties.count).toEqual({ value: 24, display: '24' });
      expect(f!.properties.tags).toEqual({
        befriending: { value: 20, display: '20' },
        'debt-advice': { value: 4, display: '4' },
      });
    }
    // Without the barrier every flag counts.
    expect((await map('res=8&raw=1', admin)).body.features[0]!.properties.count.value).toBe(34);
  });

  it('narrows by tag and shows nothing for a barrier nobody recorded', async () => {
    expect(
      (await map('res=8&barrier=cost&tag=money&raw=1', admin)).body.features[0]!.properties.count
        .value,
    ).toBe(4);
    expect(
      (await map('res=8&barrier=transport&raw=1', admin)).body.features[0]!.properties.count.value,
    ).toBe(20);
    expect((await map('res=8&barrier=timing&raw=1', admin)).body.features).toEqual([]);
  });

  it('suppresses through the same path: small counts hidden, the rest rounded', async () => {
    const { body } = await map('res=8&barrier=cost', lw);
    const f = body.features[0]!;
    expect(f.properties.tags['debt-advice']).toEqual({ value: null, display: '<8' });
    expect(f.properties.tags.befriending!.value! % 5).toBe(0);
    expect(f.properties.count.value! % 5).toBe(0);
  });

  it('keeps the funder and raw rules, and names a bad barrier', async () => {
    expect((await map('res=8&barrier=cost', funder)).status).toBe(403);
    expect((await map('res=7&barrier=cost', funder)).status).toBe(200);
    expect((await map('res=8&barrier=cost&raw=1', lw)).status).toBe(403);
    const bad = await map('barrier=weather', lw);
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error?.details ?? {})).toContain('barrier');
  });
});
