import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../fixtures/demo/seed.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const wardsFile = resolve('..', 'shared', 'data', 'boundaries', 'tower-hamlets', 'wards.geojson');

let t: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.db, { demoLogins: false });
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

describe('cell coverage of the demo world', () => {
  it('seeds the self-drawn neighbourhoods, none sharing a cell', async () => {
    const rows = await t.db
      .selectFrom('areaCells')
      .innerJoin('areas', 'areas.id', 'areaCells.areaId')
      .select(['cell', 'name'])
      .where('kind', '=', 'neighbourhood')
      .execute();
    expect(new Set(rows.map((r) => r.name))).toEqual(
      new Set([
        'Whitechapel',
        'Bethnal Green',
        'Stepney & Mile End',
        'Bow',
        'Shadwell & Wapping',
        'Poplar',
        'Isle of Dogs',
      ]),
    );
    expect(new Set(rows.map((r) => r.cell)).size).toBe(rows.length);
  });

  it.runIf(existsSync(wardsFile))(
    'puts every demo service location in exactly one imported ward',
    async () => {
      const res = await t.call(
        'POST',
        '/api/v1/areas/import?kind=ward',
        JSON.parse(readFileSync(wardsFile, 'utf8')),
        admin,
      );
      expect(res.status).toBe(200);
      const locations = await t.db
        .selectFrom('locations')
        .innerJoin('serviceLocations', 'serviceLocations.locationId', 'locations.id')
        .select(['locations.id', 'locations.cell'])
        .distinct()
        .execute();
      expect(locations.length).toBeGreaterThan(10);
      const wardCells = await t.db
        .selectFrom('areaCells')
        .innerJoin('areas', 'areas.id', 'areaCells.areaId')
        .select(['cell', 'areaId'])
        .where('kind', '=', 'ward')
        .execute();
      const owners = new Map<string, number>();
      for (const r of wardCells) owners.set(r.cell, (owners.get(r.cell) ?? 0) + 1);
      for (const l of locations) expect(owners.get(l.cell), `location ${l.id}`).toBe(1);
    },
  );
});
