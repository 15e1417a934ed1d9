import fc from 'fast-check';
import { cellToParent, latLngToCell } from 'h3-js';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { clearNeeds, DEMO_BBOX, POINTS, seedTaxonomy } from '../needs/testing.js';

interface Count {
  value: number | null;
  display: string;
}
interface NeedMap {
  type: string;
  window: { from: string; to: string; weeks: number };
  features: {
    id: string;
    geometry: { type: string; coordinates: number[][][] };
    properties: { cell: string; count: Count; tags: Record<string, Count> };
  }[];
}

let t: TestApp;
let lw: SignedIn;
let admin: SignedIn;
let funder: SignedIn;
let organiser: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  lw = await t.signIn('link_worker');
  admin = await t.signIn('admin');
  funder = await t.signIn('funder');
  organiser = await t.signIn('organiser');
});
afterAll(() => t.close());

const map = async (query: string, who: SignedIn = lw) => {
  const res = await t.call('GET', `/api/v1/map/needs?${query}`, undefined, who);
  return {
    status: res.status,
    body: (await res.json()) as NeedMap & { error?: { details?: Record<string, string> } },
  };
};
const flag = (n: number, item: Record<string, unknown>, who: SignedIn = admin) =>
  t.call('POST', '/api/v1/needs/batch', { items: Array.from({ length: n }, () => item) }, who);

describe('GET /api/v1/map/needs', () => {
  it('shows admins a new flag at once (raw), and everyone else once its week is published (the cached view moves with a release)', async () => {
    await clearNeeds(t.db);
    expect((await flag(10, { tags: ['befriending'], ...POINTS[1] })).status).toBe(201);
    const first = await map(`bbox=${DEMO_BBOX}&res=8`, admin);
    expect(await map(`bbox=${DEMO_BBOX}&res=8`, admin)).toEqual(first);
    expect((await flag(5, { tags: ['befriending'], ...POINTS[1] })).status).toBe(201);
    // Flag writes do not change the published view...
    expect(await map(`bbox=${DEMO_BBOX}&res=8`, admin)).toEqual(first);
    const after = await map(`bbox=${DEMO_BBOX}&res=8&raw=1`, admin);
    expect(after.body.features.map((f) => f.properties.count.value)).toEqual([15]);
    // ...a release does, though the view was served before: 15 perturbed by at most 2 rounds to 15.
    await t.publish();
    const published = await map(`bbox=${DEMO_BBOX}&res=8`, admin);
    expect(published.body.features.map((f) => f.properties.count.value)).toEqual([15]);
  });

  it('returns H3 hexagons with suppressed counts, per tag too', async () => {
    await clearNeeds(t.db);
    expect((await flag(20, { tags: ['befriending'], ...POINTS[0] })).status).toBe(201);
    expect((await flag(3, { tags: ['debt-advice'], ...POINTS[0] })).status).toBe(201);
    // Only published weeks leave the server: nothing until the week is published.
    expect((await map(`bbox=${DEMO_BBOX}&res=8`)).body.features).toEqual([]);
    await t.publish();
    const { status, body } = await map(`bbox=${DEMO_BBOX}&res=8`);
    expect(status).toBe(200);
    expect(body.type).toBe('FeatureCollection');
    const cell = latLngToCell(POINTS[0].lat, POINTS[0].lng, 8);
    expect(body.features).toHaveLength(1);
    const [f] = body.features;
    expect(f!.properties.cell).toBe(cell);
    expect(f!.geometry.type).toBe('Polygon');
    // GeoJSON order: [lng, lat], closed ring.
    const ring = f!.geometry.coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring[0]![0]).toBeLessThan(0);
    expect(f!.properties.tags.befriending).toEqual({ value: 20, display: '20' });
    expect(f!.properties.tags['debt-advice']).toEqual({ value: null, display: '<8' });
    expect(f!.properties.count.value! % 5).toBe(0);
  });

  it('shows admins exact counts with raw=1, and nobody else', async () => {
    const { body } = await map(`bbox=${DEMO_BBOX}&res=8&raw=1`, admin);
    expect(body.features[0]!.properties.count).toEqual({ value: 23, display: '23' });
    expect(body.features[0]!.properties.tags['debt-advice']).toEqual({ value: 3, display: '3' });
    expect((await map(`bbox=${DEMO_BBOX}&raw=1`, lw)).status).toBe(403);
    expect((await map(`bbox=${DEMO_BBOX}&raw=1`, funder)).status).toBe(403);
  });

  it('a parent tag includes its children; an unknown tag is a 422', async () => {
    const { body } = await map(`bbox=${DEMO_BBOX}&res=8&tag=money&raw=1`, admin);
    expect(body.features[0]!.properties.count.value).toBe(3);
    expect(Object.keys(body.features[0]!.properties.tags)).toEqual(['debt-advice']);
    const unknown = await map(`bbox=${DEMO_BBOX}&tag=nope`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error?.details).toEqual({ tag: 'unknown tag(s): nope' });
  });

  it('groups at res 7 and 6 by parent cell', async () => {
    const r7 = await map(`bbox=${DEMO_BBOX}&res=7&raw=1`, admin);
    expect(r7.body.features.map((f) => f.id)).toEqual([
      cellToParent(latLngToCell(POINTS[0].lat, POINTS[0].lng, 8), 7),
    ]);
    const r6 = await map(`bbox=${DEMO_BBOX}&res=6&raw=1`, admin);
    expect(r6.body.features[0]!.properties.count.value).toBe(23);
  });

  it('limits funders to res 7 or coarser (403 on res 8)', async () => {
    expect((await map(`bbox=${DEMO_BBOX}&res=8`, funder)).status).toBe(403);
    // Without res, funders get their finest allowed resolution.
    const byDefault = await map(`bbox=${DEMO_BBOX}`, funder);
    expect(byDefault.status).toBe(200);
    expect((byDefault.body as unknown as { res: number }).res).toBe(7);
    expect((await map(`bbox=${DEMO_BBOX}&res=7`, funder)).status).toBe(200);
    expect((await map(`bbox=${DEMO_BBOX}&res=6`, funder)).status).toBe(200);
    expect((await map(`bbox=${DEMO_BBOX}&res=8`, organiser)).status).toBe(200);
  });

  it('needs a bbox, refuses one too large for the resolution, and needs a signed-in caller', async () => {
    expect((await map('res=8')).status).toBe(422);
    const huge = await map('bbox=-8,50,1.7,58&res=8');
    expect(huge.status).toBe(422);
    expect(huge.body.error?.details?.bbox).toMatch(/zoom in/);
    expect((await map('bbox=-3,50.5,1.5,53&res=6')).status).toBe(200);
    expect((await t.call('GET', `/api/v1/map/needs?bbox=${DEMO_BBOX}`)).status).toBe(401);
  });

  it('uses whole ISO weeks: any day of a week gives the same window and the same counts', async () => {
    await clearNeeds(t.db);
    const monday = '2026-03-02';
    await flag(12, { tags: ['befriending'], ...POINTS[1], week: '2026-03-04' });
    await flag(9, { tags: ['befriending'], ...POINTS[1], week: '2026-03-09' });
    await t.publish();
    const a = await map(`bbox=${DEMO_BBOX}&from=${monday}&to=2026-03-02`);
    const b = await map(`bbox=${DEMO_BBOX}&from=2026-03-05&to=2026-03-08`);
    expect(a.body.window).toEqual({ from: monday, to: monday, weeks: 1 });
    expect(b.body.features).toEqual(a.body.features);
    const both = await map(`bbox=${DEMO_BBOX}&from=2026-03-03&to=2026-03-15&raw=1`, admin);
    expect(both.body.features[0]!.properties.count.value).toBe(21);
  });

  it('publishes the same value for the same records however the query slices them', async () => {
    await clearNeeds(t.db);
    // All flags in one res-8 cell: the res-8 hexagon, its res-7 and res-6 parents and a tag filter hold the same records.
    await flag(17, { tags: ['swimming'], ...POINTS[4] });
    await t.publish();
    const values = await Promise.all([
      map(`bbox=${DEMO_BBOX}&res=8`),
      map(`bbox=${DEMO_BBOX}&res=7`),
      map(`bbox=${DEMO_BBOX}&res=6`),
      map(`bbox=${DEMO_BBOX}&res=8&tag=swimming`),
      map(`bbox=${DEMO_BBOX}&res=7&tag=physical-activity`),
    ]);
    const shown = values.map((v) => v.body.features[0]!.properties.count);
    for (const s of shown) expect(s).toEqual(shown[0]);
  });
});

describe('no count between 1 and 7 ever leaves the map (property over random flag sets)', () => {
  it('holds for every feature and every tag at every resolution', async () => {
    const item = fc.record({
      tags: fc.subarray(['befriending', 'mens-groups', 'benefits-advice', 'debt-advice'], {
        minLength: 1,
      }),
      point: fc.integer({ min: 0, max: POINTS.length - 1 }),
      copies: fc.integer({ min: 1, max: 25 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(6, 7, 8),
        fc.constantFrom('', '&tag=money', '&tag=befriending'),
        async (items, res, tag) => {
          await clearNeeds(t.db);
          const flags = items.flatMap((i) =>
            Array.from({ length: i.copies }, () => ({ tags: i.tags, ...POINTS[i.point]! })),
          );
          expect(
            (await t.call('POST', '/api/v1/needs/batch', { items: flags }, admin)).status,
          ).toBe(201);
          await t.publish();
          const { status, body } = await map(
            `bbox=${DEMO_BBOX}&res=${res}${tag}`,
            res === 8 ? lw : funder,
          );
          expect(status).toBe(200);
          expect(body.features.length).toBeGreaterThanOrEqual(tag ? 0 : 1);
          for (const f of body.features) {
            for (const c of [f.properties.count, ...Object.values(f.properties.tags)]) {
              if (c.value !== null) {
                expect(c.value === 0 || c.value >= 8).toBe(true);
                expect(c.value % 5).toBe(0);
              } else expect(c.display).toBe('<8');
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('sends a cached view gzipped to clients that take gzip, the same JSON either way', async () => {
    await clearNeeds(t.db);
    // Enough hexagons for a view worth compressing (2 KB and more).
    for (const p of POINTS)
      expect((await flag(9, { tags: ['befriending', 'debt-advice'], ...p })).status).toBe(201);
    await t.publish();
    const url = `/api/v1/map/needs?bbox=${DEMO_BBOX}&res=8`;
    const plain = await t.app.request(url, { headers: lw.headers });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(2_048);
    for (const encoding of ['gzip, deflate, br', 'br;q=1, gzip;q=0.5']) {
      const res = await t.app.request(url, {
        headers: { ...lw.headers, 'accept-encoding': encoding },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBeLessThan(text.length / 3);
      expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    }
    // gzip refused: the text.
    const refused = await t.app.request(url, {
      headers: { ...lw.headers, 'accept-encoding': 'gzip;q=0, identity' },
    });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(await refused.text()).toBe(text);
  });
});
