import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { addDemand, addService, isSafeCount, suppressedCounts } from '../gaps/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(resolve('fixtures/areas', name), 'utf8')) as unknown;
const shared = resolve('..', 'shared', 'data', 'boundaries', 'tower-hamlets');
const hasShared = existsSync(resolve(shared, 'wards.geojson'));
const sharedFile = (name: string) =>
  JSON.parse(readFileSync(resolve(shared, name), 'utf8')) as unknown;

let t: TestApp;
let admin: SignedIn;
let linkWorker: SignedIn;
let funder: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  [admin, linkWorker, funder] = await Promise.all([
    t.signIn('admin'),
    t.signIn('link_worker'),
    t.signIn('funder'),
  ]);
});
afterAll(() => t.close());

type Area = { id: string; code: string; name: string; kind: string };

describe('POST /api/v1/areas/import', () => {
  it('imports self-made Polygon and MultiPolygon features, detecting ONS *CD/*NM properties and skipping points', async () => {
    const res = await t.call('POST', '/api/v1/areas/import', fixture('islands.geojson'), admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ imported: 2, skipped: 1 });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['userId', 'action', 'details'])
      .where('action', '=', 'areas.imported')
      .execute();
    expect(audit).toEqual([
      {
        userId: admin.userId,
        action: 'areas.imported',
        details: expect.objectContaining({ kind: 'ward', imported: 2, skipped: 1 }),
      },
    ]);
    const list = (await (
      await t.call('GET', '/api/v1/areas?kind=ward', undefined, linkWorker)
    ).json()) as { items: Area[] };
    expect(list.items.map((a) => [a.code, a.name, a.kind])).toEqual([
      ['X05000002', 'Canal Side', 'ward'],
      ['X05000001', 'Docklands Islands', 'ward'],
    ]);
    const islands = list.items.find((a) => a.code === 'X05000001')!;
    const one = (await (
      await t.call('GET', `/api/v1/areas/${islands.id}`, undefined, linkWorker)
    ).json()) as { geometry: { type: string }; bbox: number[] };
    expect(one.geometry.type).toBe('MultiPolygon');
    expect(one.bbox).toEqual([-0.03, 51.488, 0.014, 51.504]);
    // The tiny second island holds no cell centre, yet the area has cells, and the hole's cell
    // centre (if any) is not claimed by the hole.
    const cells = await t.db
      .selectFrom('areaCells')
      .select('cell')
      .where('areaId', '=', islands.id)
      .execute();
    expect(cells.length).toBeGreaterThan(0);
  });

  it('replaces an area by code on re-import, cells and all', async () => {
    const file = fixture('islands.geojson') as {
      features: {
        properties: Record<string, unknown>;
        geometry: { type: string; coordinates: unknown };
      }[];
    };
    const before = await t.db
      .selectFrom('areas')
      .select(['id', 'code'])
      .where('code', '=', 'X05000002')
      .executeTakeFirstOrThrow();
    file.features[1]!.properties.WD22NM = 'Canal Side (renamed)';
    file.features[1]!.geometry.coordinates = [
      [
        [-0.012, 51.53],
        [-0.009, 51.53],
        [-0.009, 51.532],
        [-0.012, 51.53],
      ],
    ];
    const res = await t.call('POST', '/api/v1/areas/import', file, admin);
    expect(res.status).toBe(200);
    const after = await t.db
      .selectFrom('areas')
      .select(['id', 'name'])
      .where('code', '=', 'X05000002')
      .execute();
    expect(after).toEqual([{ id: before.id, name: 'Canal Side (renamed)' }]);
    const cells = await t.db
      .selectFrom('areaCells')
      .select('cell')
      .where('areaId', '=', before.id)
      .execute();
    expect(cells).toHaveLength(1); // a sliver far from the old shape: just its own cell
  });

  it('rejects an invalid file with 422 naming the feature and the reason, importing nothing', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/areas/import',
      fixture('invalid-unclosed.geojson'),
      admin,
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: Record<string, string> } };
    expect(body.error.details['features[1].geometry']).toMatch(/not closed/);
    expect(body.error.details['features[2].properties.LSOA11NM']).toMatch(/missing/);
    expect(
      await t.db.selectFrom('areas').select('id').where('kind', '=', 'lsoa').execute(),
    ).toHaveLength(0);

    const projected = await t.call(
      'POST',
      '/api/v1/areas/import',
      fixture('invalid-projected.geojson'),
      admin,
    );
    expect(projected.status).toBe(422);
    expect(
      ((await projected.json()) as { error: { details: Record<string, string> } }).error.details[
        'features[0].geometry'
      ],
    ).toMatch(/projected/);

    const notGeoJson = await t.call(
      'POST',
      '/api/v1/areas/import',
      { type: 'Topology', objects: {} },
      admin,
    );
    expect(notGeoJson.status).toBe(422);
  });

  it('is for admins only', async () => {
    expect(
      (await t.call('POST', '/api/v1/areas/import', fixture('islands.geojson'), linkWorker)).status,
    ).toBe(403);
    expect((await t.call('POST', '/api/v1/areas/import', fixture('islands.geojson'))).status).toBe(
      401,
    );
    expect((await t.call('GET', '/api/v1/areas')).status).toBe(401);
  });
});

describe.runIf(hasShared)('the real Tower Hamlets boundaries', () => {
  it('imports 17 wards, 144 LSOAs and 32 MSOAs', async () => {
    for (const [file, kind, n] of [
      ['wards.geojson', 'ward', 17],
      ['lsoa.geojson', 'lsoa', 144],
      ['msoa.geojson', 'msoa', 32],
    ] as const) {
      const res = await t.call(
        'POST',
        `/api/v1/areas/import?kind=${kind}`,
        sharedFile(file),
        admin,
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ imported: n, skipped: 0 });
    }
    const lsoas = await t.db.selectFrom('areas').select('id').where('kind', '=', 'lsoa').execute();
    expect(lsoas).toHaveLength(144);
    const empty = await t.db
      .selectFrom('areas')
      .leftJoin('areaCells', 'areaCells.areaId', 'areas.id')
      .select('areas.code')
      .where('areaCells.cell', 'is', null)
      .execute();
    expect(empty).toEqual([]); // every area has at least one cell, however small
  });

  it('pages the list and keeps `items`', async () => {
    const first = (await (
      await t.call('GET', '/api/v1/areas?kind=lsoa&limit=100', undefined, funder)
    ).json()) as { items: Area[]; nextCursor: string };
    expect(first.items).toHaveLength(100);
    const second = (await (
      await t.call(
        'GET',
        `/api/v1/areas?kind=lsoa&limit=100&cursor=${first.nextCursor}`,
        undefined,
        funder,
      )
    ).json()) as { items: Area[]; nextCursor: string | null };
    expect(second.items).toHaveLength(44);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((a) => a.id)).size).toBe(144);
  });

  it('partitions the borough: every cell the wards overlap belongs to exactly one ward', async () => {
    const wards = sharedFile('wards.geojson') as {
      features: { geometry: { type: 'Polygon'; coordinates: number[][][] } }[];
    };
    const { polygonToCellsExperimental } = await import('h3-js');
    const rows = await t.db
      .selectFrom('areaCells')
      .innerJoin('areas', 'areas.id', 'areaCells.areaId')
      .select(['cell', 'areaId'])
      .where('kind', '=', 'ward')
      .where('code', 'like', 'E05%') // the real wards, not the self-made ones imported above
      .execute();
    const owners = new Map<string, number>();
    for (const r of rows) owners.set(r.cell, (owners.get(r.cell) ?? 0) + 1);
    const borough = new Set(
      wards.features.flatMap((f) =>
        polygonToCellsExperimental(f.geometry.coordinates, 8, 'containmentOverlapping', true),
      ),
    );
    for (const cell of borough) expect(owners.get(cell), cell).toBe(1);
    expect(owners.size).toBe(borough.size);
    expect(new Set(rows.map((r) => r.areaId)).size).toBe(17);
  });

  it('serves boundaries as GeoJSON filtered by kind and bbox', async () => {
    const res = await t.call(
      'GET',
      '/api/v1/areas.geojson?kind=ward&bbox=-0.08,51.52,-0.05,51.54',
      undefined,
      linkWorker,
    );
    const fc = (await res.json()) as {
      type: string;
      features: { properties: { name: string; kind: string } }[];
    };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
    expect(fc.features.length).toBeLessThan(17);
    expect(fc.features.map((f) => f.properties.name)).toContain('Bethnal Green North');
  });

  it('summarises an area with suppressed counts only', async () => {
    const ward = await t.db
      .selectFrom('areas')
      .select(['id'])
      .where('name', '=', 'Bethnal Green North')
      .executeTakeFirstOrThrow();
    const cell = (
      await t.db
        .selectFrom('areaCells')
        .select('cell')
        .where('areaId', '=', ward.id)
        .executeTakeFirstOrThrow()
    ).cell;
    const { cellToLatLng } = await import('h3-js');
    const [lat, lng] = cellToLatLng(cell);
    await addDemand(t.db, { lat, lng }, 'mens-groups', 23, { timing: 15 });
    await addDemand(t.db, { lat, lng }, 'befriending', 3);
    await addService(t.db, {
      name: 'Daytime Dads',
      tags: ['mens-groups'],
      lat,
      lng,
      sessions: [{ day: 2, start: '10:00', end: '12:00' }],
    });
    await t.publish();
    const res = await t.call('GET', `/api/v1/areas/${ward.id}/summary`, undefined, funder);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      area: Area;
      needs: Record<string, { value: number | null; display: string }>;
      services: number;
      gaps: { tag: string; reason: string }[];
    };
    expect(body.area.name).toBe('Bethnal Green North');
    expect(body.needs.befriending).toEqual({ value: null, display: '<8' });
    expect(body.needs['mens-groups']!.value! % 5).toBe(0);
    expect(body.services).toBe(1);
    expect(body.gaps.find((g) => g.tag === 'mens-groups')?.reason).toMatch(
      /in Bethnal Green North in 12 weeks; nearest active service 0(\.\d)? km, daytime only/,
    );
    expect(suppressedCounts(body).every((c) => isSafeCount(c))).toBe(true);
    expect(
      (await t.call('GET', `/api/v1/areas/${ward.id}/summary?raw=1`, undefined, funder)).status,
    ).toBe(403);
    const raw = (await (
      await t.call('GET', `/api/v1/areas/${ward.id}/summary?raw=1`, undefined, admin)
    ).json()) as typeof body;
    expect(raw.needs.befriending).toEqual({ value: 3, display: '3' });
  });
});
