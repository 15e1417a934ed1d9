import { parse } from 'csv-parse/sync';
import { cellToParent } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { addDemand, addService, isSafeCount, suppressedCounts } from '../gaps/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const A = { lat: 51.527, lng: -0.055 };
const B = { lat: 51.51, lng: -0.02 };

let t: TestApp;
let admin: SignedIn;
let funder: SignedIn;
let linkWorker: SignedIn;
let cellA: string;
let areaId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  [admin, funder, linkWorker] = await Promise.all([
    t.signIn('admin'),
    t.signIn('funder'),
    t.signIn('link_worker'),
  ]);
  cellA = await addDemand(t.db, A, 'mens-groups', 23, {}, 11);
  await addDemand(t.db, A, 'benefits-advice', 5, {}, 3);
  await addDemand(t.db, B, 'mens-groups', 14, {}, 200);
  await addService(t.db, { name: 'Shed', tags: ['mens-groups'], lat: B.lat, lng: B.lng });
  const area = await t.db
    .insertInto('areas')
    .values({
      code: 'E05000001',
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
  await t.db.insertInto('areaCells').values({ areaId, cell: cellA }).execute();
  // The dashboard reads published weeks only.
  await t.publish();
});
afterAll(() => t.close());

type Trends = {
  months: string[];
  series: {
    key: string;
    name: string;
    points: { month: string; count: { value: number | null; display: string } }[];
  }[];
};

describe('GET /api/v1/dashboard/trends', () => {
  it('groups flags by tag group per month, suppressed, over a year by default', async () => {
    const res = await t.call('GET', '/api/v1/dashboard/trends', undefined, funder);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Trends;
    expect(body.months.length).toBeGreaterThanOrEqual(12);
    expect(body.series.map((s) => [s.key, s.name])).toEqual([
      ['loneliness-isolation', 'Loneliness & isolation'],
      ['money', 'Money & benefits'],
    ]);
    const found = suppressedCounts(body);
    expect(found.every((c) => isSafeCount(c))).toBe(true);
    expect(body.series[1]?.points.at(-1)?.count).toEqual({ value: null, display: '<8' });
  });

  it('per tag, within an area, and exact for admins only', async () => {
    const inArea = (await (
      await t.call(
        'GET',
        `/api/v1/dashboard/trends?level=tag&areaId=${areaId}&raw=1`,
        undefined,
        admin,
      )
    ).json()) as Trends;
    expect(inArea.series.map((s) => [s.key, s.points.at(-1)?.count.value])).toEqual([
      ['mens-groups', 23],
      ['benefits-advice', 5],
    ]);
    expect((await t.call('GET', '/api/v1/dashboard/trends?raw=1', undefined, funder)).status).toBe(
      403,
    );
    expect((await t.call('GET', '/api/v1/dashboard/trends', undefined, linkWorker)).status).toBe(
      403,
    );
    const bad = await t.call(
      'GET',
      '/api/v1/dashboard/trends?level=cell&from=2026-13-01',
      undefined,
      funder,
    );
    expect(bad.status).toBe(422);
    expect(
      Object.keys(((await bad.json()) as { error: { details: object } }).error.details).sort(),
    ).toEqual(['from', 'level']);
  });
});

describe('downloads of suppressed tables', () => {
  it('need counts by res-7 cell as CSV: coarse units and suppressed counts only', async () => {
    const res = await t.call('GET', '/api/v1/dashboard/needs.csv?by=cell7', undefined, funder);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="gapmap-needs-by-cell7-/,
    );
    const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.every((r) => r.unit_kind === 'h3_res7')).toBe(true);
    expect(rows.map((r) => r.unit)).toContain(cellToParent(cellA, 7));
    expect(rows.map((r) => r.unit)).not.toContain(cellA);
    for (const r of rows)
      expect(
        isSafeCount({ value: r.count === '' ? null : Number(r.count), display: r.count_display! }),
      ).toBe(true);
    const benefits = rows.find((r) => r.tag === 'benefits-advice');
    expect(benefits?.count_display).toBe('<8');
  });

  it('funder CSVs neutralise formula cells (an imported area name) and start with a byte-order mark', async () => {
    await t.db
      .updateTable('areas')
      .set({ name: '=HYPERLINK("https://evil.example","Bethnal Green")' })
      .where('id', '=', areaId)
      .execute();
    try {
      for (const path of [
        '/api/v1/dashboard/needs.csv?by=area',
        '/api/v1/dashboard/gaps.csv?by=area',
      ]) {
        const bytes = new Uint8Array(
          await (await t.call('GET', path, undefined, funder)).arrayBuffer(),
        );
        expect([...bytes.slice(0, 3)], path).toEqual([0xef, 0xbb, 0xbf]);
        const text = new TextDecoder().decode(bytes);
        const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
        for (const r of rows)
          for (const value of Object.values(r)) expect(value, path).not.toMatch(/^[=+@\t\r]/);
        if (path.includes('needs'))
          expect(rows.map((r) => r.name)).toContain(
            `'=HYPERLINK("https://evil.example","Bethnal Green")`,
          );
      }
    } finally {
      await t.db
        .updateTable('areas')
        .set({ name: 'Bethnal Green' })
        .where('id', '=', areaId)
        .execute();
    }
  });

  it('need counts by area as GeoJSON with the area boundary', async () => {
    const res = await t.call('GET', '/api/v1/dashboard/needs.geojson?by=area', undefined, funder);
    expect(res.status).toBe(200);
    const fc = (await res.json()) as {
      features: {
        id: string;
        geometry: { type: string };
        properties: Record<string, unknown> & { name: string; unitKind: string };
      }[];
    };
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]).toMatchObject({
      id: areaId,
      geometry: { type: 'Polygon' },
      properties: { name: 'Bethnal Green', unitKind: 'ward' },
    });
    // Flat properties (GIS tools read a nested object as one string).
    expect(fc.features[0]?.properties).toMatchObject({
      'need_benefits-advice': null,
      'need_benefits-advice_display': '<8',
    });
    expect(
      Object.values(fc.features[0]!.properties).every((v) => v === null || typeof v !== 'object'),
    ).toBe(true);
    const flat = fc.features.flatMap((f) =>
      Object.keys(f.properties)
        .filter((k) => k.startsWith('need_') && !k.endsWith('_display'))
        .map((k) => ({
          value: f.properties[k] as number | null,
          display: f.properties[`${k}_display`] as string,
        })),
    );
    expect(flat.length).toBeGreaterThan(0);
    expect(flat.every((c) => isSafeCount(c))).toBe(true);
  });

  it('the gap table as CSV, ranked, from the gap engine', async () => {
    const res = await t.call(
      'GET',
      '/api/v1/dashboard/gaps.csv?by=cell7&tag=mens-groups',
      undefined,
      funder,
    );
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => String(i + 1)));
    expect(
      rows.every((r) => r.tag === 'mens-groups' && r.unit!.length === 15 && r.reason!.length > 0),
    ).toBe(true);
    expect((await t.call('GET', '/api/v1/dashboard/gaps.csv', undefined, linkWorker)).status).toBe(
      403,
    );
  });
});
