/**
 * The dashboard's area filter reaches every panel and download: gaps (JSON and CSV) and need
 * tables hold only need inside the chosen area; downloads name each need in words. Read with an
 * admin's raw=1, which also reads weeks not yet published, so the filter is tested on its own.
 */
import { parse } from 'csv-parse/sync';
import { cellToParent } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { addDemand } from '../gaps/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const A = { lat: 51.527, lng: -0.055 };
const B = { lat: 51.51, lng: -0.02 };

let t: TestApp;
let admin: SignedIn;
let cellA: string;
let cellB: string;
let areaId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  admin = await t.signIn('admin');
  cellA = await addDemand(t.db, A, 'mens-groups', 23, {}, 11);
  cellB = await addDemand(t.db, B, 'mens-groups', 14, {}, 200);
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
});
afterAll(() => t.close());

const csv = async (path: string) =>
  parse(await (await t.call('GET', path, undefined, admin)).text(), { columns: true }) as Record<
    string,
    string
  >[];

describe('the dashboard area filter', () => {
  it('limits the gap ranking by hexagon to need inside the area', async () => {
    const all = (await (
      await t.call('GET', '/api/v1/gaps?by=cell7&raw=1&limit=50', undefined, admin)
    ).json()) as { items: { cell: string }[] };
    expect(new Set(all.items.map((g) => g.cell))).toEqual(
      new Set([cellToParent(cellA, 7), cellToParent(cellB, 7)]),
    );
    const inArea = (await (
      await t.call('GET', `/api/v1/gaps?by=cell7&raw=1&limit=50&areaId=${areaId}`, undefined, admin)
    ).json()) as { items: { cell: string }[] };
    expect(inArea.items.map((g) => g.cell)).toEqual([cellToParent(cellA, 7)]);
  });

  it('limits the downloads the same way, and names each need in words', async () => {
    const needs = await csv(`/api/v1/dashboard/needs.csv?by=cell7&raw=1&areaId=${areaId}`);
    expect(needs.map((r) => r.unit)).toEqual([cellToParent(cellA, 7)]);
    expect(needs[0]).toMatchObject({ tag: 'mens-groups', need: "Men's groups", count: '23' });
    const everywhere = await csv('/api/v1/dashboard/needs.csv?by=cell7&raw=1');
    expect(everywhere).toHaveLength(2);
    const gaps = await csv(`/api/v1/dashboard/gaps.csv?by=cell7&raw=1&areaId=${areaId}`);
    expect(gaps.map((r) => r.unit)).toEqual([cellToParent(cellA, 7)]);
    expect(gaps[0]!.need).toBe("Men's groups");
  });
});
