/**
 * A boundary import is bounded before it works and keeps the server answering while it does:
 * country-sized boxes (a 1 KB file that once took 13 s and 1.4 GB) are refused at once from their
 * bounding boxes; features outside the UK and self-intersecting polygons are 422s naming the
 * feature; a large honest file runs in slices, reports its progress, and `/api/health` answers
 * in well under a second throughout.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { MAX_CELLS_PER_FEATURE } from './geojson.js';

let t: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const box = (code: string, minLng: number, minLat: number, maxLng: number, maxLat: number) => ({
  type: 'Feature',
  properties: { WD24CD: code, WD24NM: `Ward ${code}` },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [minLng, minLat],
        [maxLng, minLat],
        [maxLng, maxLat],
        [minLng, maxLat],
        [minLng, minLat],
      ],
    ],
  },
});
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const importAreas = (body: unknown) => t.call('POST', '/api/v1/areas/import', body, admin);
const errorsOf = async (res: Response) =>
  ((await res.json()) as { error: { details: Record<string, string> } }).error.details;
const areaCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('areas')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('boundary import bounds', () => {
  it('refuses four UK-sized boxes from their bounding boxes, in well under a second', async () => {
    const started = performance.now();
    const res = await importAreas(
      collection([1, 2, 3, 4].map((i) => box(`E0500000${i}`, -8.6, 49.9, 1.7, 60.8))),
    );
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(res.status).toBe(422);
    const details = await errorsOf(res);
    expect(details['features[0].geometry']).toMatch(new RegExp(`at most ${MAX_CELLS_PER_FEATURE}`));
    expect(await areaCount()).toBe(0);
  });

  it('refuses a feature outside the UK and a self-intersecting polygon, naming each', async () => {
    const bowtie = {
      ...box('E05000010', -0.05, 51.52, -0.04, 51.53),
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-0.05, 51.52],
            [-0.04, 51.53],
            [-0.04, 51.52],
            [-0.05, 51.53],
            [-0.05, 51.52],
          ],
        ],
      },
    };
    const res = await importAreas(
      collection([
        box('E05000011', 10, 10, 10.01, 10.01),
        bowtie,
        box('E05000012', -0.03, 51.52, -0.02, 51.53),
      ]),
    );
    expect(res.status).toBe(422);
    const details = await errorsOf(res);
    expect(details['features[0].geometry']).toMatch(/outside the UK/);
    expect(details['features[1].geometry']).toMatch(/crosses itself near \[-0\.045/);
    expect(details['features[2].geometry']).toBeUndefined();
    expect(await areaCount()).toBe(0);
  });

  it('runs a large honest file in slices: progress is reported and /api/health stays under a second', async () => {
    // 1,600 small wards on a grid over east London: each smaller than an H3 cell, the costly case.
    const features = [];
    for (let x = 0; x < 40; x++)
      for (let y = 0; y < 40; y++)
        features.push(
          box(
            `E${String(x * 40 + y).padStart(8, '0')}`,
            -0.15 + x * 0.004,
            51.45 + y * 0.004,
            -0.146 + x * 0.004,
            51.454 + y * 0.004,
          ),
        );
    const started = performance.now();
    let finished = false;
    const answer = importAreas(collection(features)).finally(() => {
      finished = true;
    });
    const health: number[] = [];
    const seen: { phase: string | null; done: number }[] = [];
    while (!finished) {
      const before = performance.now();
      expect((await t.call('GET', '/api/health')).status).toBe(200);
      health.push(performance.now() - before);
      const status = (await (
        await t.call('GET', '/api/v1/areas/import/status', undefined, admin)
      ).json()) as { running: boolean; phase: string | null; done: number };
      if (status.running) seen.push(status);
      // A second import while one runs is refused, not queued behind it.
      if (seen.length === 1)
        expect(
          (await importAreas(collection([box('E09999999', -0.1, 51.5, -0.09, 51.51)]))).status,
        ).toBe(409);
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ imported: 1600, skipped: 0 });
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(Math.max(...health)).toBeLessThan(1_000);
    expect(seen.length).toBeGreaterThan(2);
    // Progress moves: a new phase or more done within one (how many polls land in each phase depends on the machine).
    expect(new Set(seen.map((s) => `${s.phase}:${s.done}`)).size).toBeGreaterThan(1);
    const after = (await (
      await t.call('GET', '/api/v1/areas/import/status', undefined, admin)
    ).json()) as { running: boolean };
    expect(after.running).toBe(false);
  }, 120_000);
});
