/**
 * Every dashboard panel follows the dashboard's area and time-window filters: the proposal
 * pipeline (proposals opened in the window, placed inside the area) and the embedded map's need
 * hexagons (GET /map/needs?areaId=: a res-7 hexagon counts only its records inside the area).
 */
import { cellToParent, latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { addDemand } from '../gaps/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const INSIDE = { lat: 51.527, lng: -0.055 };
// In the same res-7 hexagon as INSIDE, but not in the area: the area filter must drop it.
const SAME_HEX_OUTSIDE = (() => {
  const parent = cellToParent(latLngToCell(INSIDE.lat, INSIDE.lng, 8), 7);
  for (let dLat = -0.01; dLat <= 0.01; dLat += 0.002) {
    for (let dLng = -0.01; dLng <= 0.01; dLng += 0.002) {
      const p = { lat: INSIDE.lat + dLat, lng: INSIDE.lng + dLng };
      const cell = latLngToCell(p.lat, p.lng, 8);
      if (cell !== latLngToCell(INSIDE.lat, INSIDE.lng, 8) && cellToParent(cell, 7) === parent)
        return p;
    }
  }
  throw new Error('no sibling cell found');
})();
const FAR = { lat: 51.51, lng: -0.02 };

let t: TestApp;
let admin: SignedIn;
let funder: SignedIn;
let organiser: SignedIn;
let areaId: string;

type Pipeline = {
  stages: { stage: string; proposals: number; backingPence: number }[];
  totalProposals: number;
  totalBackingPence: number;
  window?: { from: string; to: string } | null;
};

async function proposalAt(
  at: { lat: number; lng: number },
  createdAt: string,
  stage: 'idea' | 'pilot',
  backingPence = 0,
) {
  const p = await t.db
    .insertInto('proposals')
    .values({
      title: `At ${at.lat},${at.lng} on ${createdAt}`,
      tags: JSON.stringify(['mens-groups']),
      lat: at.lat,
      lng: at.lng,
      cell: latLngToCell(at.lat, at.lng, 8),
      gapCheck: JSON.stringify({}),
      createdBy: organiser.userId,
      stage,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`update proposals set created_at = ${createdAt}::timestamptz where id = ${p.id}`.execute(
    t.db,
  );
  if (backingPence)
    await t.db
      .insertInto('backings')
      .values({
        proposalId: p.id,
        funderId: funder.userId,
        amountPence: backingPence,
        period: '12 months',
      })
      .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  admin = await t.signIn('admin');
  funder = await t.signIn('funder');
  organiser = await t.signIn('organiser');
  const area = await t.db
    .insertInto('areas')
    .values({
      code: 'E05000002',
      name: 'Bethnal Green',
      kind: 'ward',
      geometry: JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [-0.06, 51.52],
            [-0.05, 51.52],
            [-0.05, 51.53],
            [-0.06, 51.52],
          ],
        ],
      }),
      bbox: JSON.stringify([-0.06, 51.52, -0.05, 51.53]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  areaId = area.id;
  await t.db
    .insertInto('areaCells')
    .values({ areaId, cell: latLngToCell(INSIDE.lat, INSIDE.lng, 8) })
    .execute();

  await proposalAt(INSIDE, '2026-06-03T10:00:00Z', 'idea', 100_000); // in the area, in the window
  await proposalAt(INSIDE, '2025-01-08T10:00:00Z', 'pilot', 500_000); // in the area, before the window
  await proposalAt(FAR, '2026-06-10T10:00:00Z', 'pilot', 70_000); // in the window, outside the area
});
afterAll(() => t.close());

const get = async <T>(path: string, who: SignedIn) => {
  const res = await t.call('GET', path, undefined, who);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
};
const count = (p: Pipeline, stage: string) => p.stages.find((s) => s.stage === stage)!.proposals;

describe('the proposal pipeline follows the dashboard filters', () => {
  it('counts every proposal without filters, as before', async () => {
    const p = await get<Pipeline>('/api/v1/proposals/pipeline', funder);
    expect(p.totalProposals).toBe(3);
    expect(p.totalBackingPence).toBe(670_000);
    expect(p.window ?? null).toBeNull();
  });

  it('keeps only proposals opened in the window (whole weeks)', async () => {
    // 2026-06-03 is a Wednesday: from snaps to Monday 1 June, to covers the week of 14 June.
    const p = await get<Pipeline>(
      '/api/v1/proposals/pipeline?from=2026-06-03&to=2026-06-14',
      funder,
    );
    expect(p.window).toMatchObject({ from: '2026-06-01', to: '2026-06-08' });
    expect([count(p, 'idea'), count(p, 'pilot')]).toEqual([1, 1]);
    expect(p.totalBackingPence).toBe(170_000);
  });

  it('keeps only proposals placed inside the area', async () => {
    const p = await get<Pipeline>(`/api/v1/proposals/pipeline?areaId=${areaId}`, funder);
    expect([count(p, 'idea'), count(p, 'pilot')]).toEqual([1, 1]);
    expect(p.totalBackingPence).toBe(600_000);
  });

  it('applies both at once', async () => {
    const p = await get<Pipeline>(
      `/api/v1/proposals/pipeline?areaId=${areaId}&from=2026-05-01&to=2026-07-01`,
      funder,
    );
    expect(p.totalProposals).toBe(1);
    expect(count(p, 'idea')).toBe(1);
    expect(p.totalBackingPence).toBe(100_000);
  });

  it('names a bad filter', async () => {
    const bad = await t.call('GET', '/api/v1/proposals/pipeline?areaId=nope', undefined, funder);
    expect(bad.status).toBe(422);
    const late = await t.call(
      'GET',
      '/api/v1/proposals/pipeline?from=2026-07-01&to=2026-06-01',
      undefined,
      funder,
    );
    expect(late.status).toBe(422);
  });
});

describe('the embedded map follows the area filter', () => {
  it('counts only the records inside the area in a res-7 hexagon on its edge', async () => {
    await addDemand(t.db, INSIDE, 'mens-groups', 23, {}, 11);
    await addDemand(t.db, SAME_HEX_OUTSIDE, 'mens-groups', 40, {}, 12);
    await addDemand(t.db, FAR, 'mens-groups', 30, {}, 13);
    type NeedMap = {
      features: { properties: { cell: string; count: { value: number | null } } }[];
    };
    const bbox = '-0.1,51.49,0.0,51.56';
    const everywhere = await get<NeedMap>(
      `/api/v1/map/needs?bbox=${bbox}&res=7&tag=mens-groups&raw=1`,
      admin,
    );
    const hex = cellToParent(latLngToCell(INSIDE.lat, INSIDE.lng, 8), 7);
    expect(everywhere.features.find((f) => f.properties.cell === hex)!.properties.count.value).toBe(
      63,
    );
    expect(everywhere.features).toHaveLength(2);
    const inArea = await get<NeedMap>(
      `/api/v1/map/needs?bbox=${bbox}&res=7&tag=mens-groups&raw=1&areaId=${areaId}`,
      admin,
    );
    expect(inArea.features.map((f) => [f.properties.cell, f.properties.count.value])).toEqual([
      [hex, 23],
    ]);
  });

  it('still refuses a funder single cells', async () => {
    const res = await t.call(
      'GET',
      `/api/v1/map/needs?bbox=-0.1,51.49,0.0,51.56&res=8&areaId=${areaId}`,
      undefined,
      funder,
    );
    expect(res.status).toBe(403);
  });
});

describe('the trend download holds what the chart shows', () => {
  it('has the same series, months and figures as the chart, for the same filters', async () => {
    type Trends = {
      months: string[];
      series: {
        key: string;
        name: string;
        points: { month: string; count: { value: number | null; display: string } }[];
      }[];
    };
    for (const filter of ['', `&areaId=${areaId}`]) {
      const chart = await get<Trends>(`/api/v1/dashboard/trends?level=tag&raw=1${filter}`, admin);
      const res = await t.call(
        'GET',
        `/api/v1/dashboard/trends.csv?level=tag&raw=1${filter}`,
        undefined,
        admin,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/gapmap-trends-by-tag-/);
      const lines = (await res.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe('month,key,need,count,count_display');
      const expected = chart.series.flatMap((s) =>
        s.points.map((p) =>
          [p.month, s.key, s.name, p.count.value ?? '', p.count.display].join(','),
        ),
      );
      expect(lines.slice(1).map((l) => l.replace(/"/g, ''))).toEqual(expected);
    }
    const inArea = await get<Trends>(
      `/api/v1/dashboard/trends?level=tag&raw=1&areaId=${areaId}`,
      admin,
    );
    const total = inArea.series
      .find((s) => s.key === 'mens-groups')!
      .points.reduce((n, p) => n + (p.count.value ?? 0), 0);
    expect(total).toBe(23);
  });

  it('is for funders and admins only', async () => {
    expect((await t.call('GET', '/api/v1/dashboard/trends.csv', undefined, organiser)).status).toBe(
      403,
    );
    expect(
      (await t.call('GET', '/api/v1/dashboard/trends.csv?raw=1', undefined, funder)).status,
    ).toBe(403);
  });
});
