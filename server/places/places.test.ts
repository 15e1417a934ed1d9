import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NEIGHBOURHOODS } from '../../fixtures/demo/areas.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { postcodePrefix } from './places.js';

interface Place {
  kind: string;
  name: string;
  lat: number;
  lng: number;
  bbox?: number[];
  areaKind?: string;
  detail: string;
  precision?: string;
}

let t: TestApp;
let worker: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  worker = await t.signIn('link_worker');
  await t.db
    .insertInto('areas')
    .values(
      DEMO_NEIGHBOURHOODS.map((a) => ({
        code: a.code,
        name: a.name,
        kind: 'neighbourhood' as const,
        geometry: JSON.stringify(a.geometry),
        bbox: JSON.stringify(a.bbox),
      })),
    )
    .execute();
  await t.db
    .insertInto('areas')
    .values({
      code: 'X1',
      name: 'Greenwich Peninsula',
      kind: 'ward',
      geometry: JSON.stringify({ type: 'Polygon', coordinates: [] }),
      bbox: JSON.stringify([0, 51.49, 0.02, 51.5]),
    })
    .execute();
  await t.db
    .insertInto('postcodes')
    .values([
      { key: 'E2 6LA', kind: 'unit', lat: 51.5251, lng: -0.0621 },
      { key: 'E20 1EJ', kind: 'unit', lat: 51.54, lng: -0.01 },
    ])
    .execute();
  const org = await t.db
    .insertInto('organisations')
    .values({ name: 'Places org' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const venue = (name: string, confidential: boolean) => ({
    organisationId: org.id,
    name,
    lat: 51.526,
    lng: -0.06,
    cell: latLngToCell(51.526, -0.06, 8),
    confidential,
    district: 'E2',
  });
  await t.db
    .insertInto('locations')
    .values([venue('Oxford House', false), venue('Oxford Road Refuge', true)])
    .execute();
});
afterAll(() => t.close());

async function places(q: string, auth: SignedIn | undefined = worker): Promise<Place[]> {
  const res = await t.call('GET', `/api/v1/places?q=${encodeURIComponent(q)}`, undefined, auth);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Place[] }).items;
}

describe('GET /api/v1/places', () => {
  it('finds areas by the start of their name or of any word in it, with the area bbox', async () => {
    const [first] = await places('bethnal');
    expect(first).toMatchObject({
      kind: 'area',
      name: 'Bethnal Green',
      areaKind: 'neighbourhood',
      detail: 'Neighbourhood',
    });
    expect(first!.bbox).toEqual(DEMO_NEIGHBOURHOODS.find((a) => a.name === 'Bethnal Green')!.bbox);
    expect(first!.lat).toBeGreaterThan(first!.bbox![1]!);
    expect(first!.lat).toBeLessThan(first!.bbox![3]!);
    // "green" is a word of "Bethnal Green" and the start of "Greenwich Peninsula"; a name prefix ranks first.
    expect((await places('green')).map((p) => p.name)).toEqual([
      'Greenwich Peninsula',
      'Bethnal Green',
    ]);
    // Inside a word is not a match ("thnal").
    expect(await places('thnal')).toEqual([]);
    expect((await places('MILE end')).map((p) => p.name)).toEqual(['Stepney & Mile End']);
  });

  it('finds postcodes at district, sector and unit precision from the postcode table', async () => {
    const sector = await places('E2 6');
    expect(sector[0]).toMatchObject({
      kind: 'postcode',
      name: 'E2 6',
      precision: 'sector',
      detail: 'Postcode sector',
      lat: 51.525,
      lng: -0.062,
    });
    expect(sector.map((p) => p.name)).toContain('E2 6LA');
    const district = await places('e2');
    expect(district[0]).toMatchObject({ kind: 'postcode', name: 'E2', precision: 'district' });
    // Sectors of E2 before anything of E20.
    const names = district.map((p) => p.name);
    expect(names.indexOf('E2 0')).toBeLessThan(
      names.indexOf('E20 1EJ') === -1 ? Infinity : names.indexOf('E20 1EJ'),
    );
    expect((await places('e26la'))[0]).toMatchObject({
      kind: 'postcode',
      name: 'E2 6LA',
      precision: 'unit',
    });
    expect(await places('ZZ9 9')).toEqual([]);
    // A full postcode missing from the table is placed at its sector, as every lookup places it.
    expect((await places('e2 0zz'))[0]).toMatchObject({
      kind: 'postcode',
      name: 'E2 0ZZ',
      precision: 'sector',
      detail: 'Postcode (placed at postcode sector E2 0)',
      lat: 51.528,
      lng: -0.056,
    });
  });

  it('finds named venues but never a confidential one', async () => {
    const found = await places('oxford');
    expect(found.map((p) => [p.kind, p.name])).toEqual([['venue', 'Oxford House']]);
    expect(found[0]!.detail).toBe('Venue in E2');
  });

  it('treats % and _ as text, caps the list and names a bad query', async () => {
    expect(await places('%')).toEqual([]);
    const capped = await t.call('GET', '/api/v1/places?q=e&limit=2', undefined, worker);
    expect(((await capped.json()) as { items: Place[] }).items.length).toBeLessThanOrEqual(2);
    const empty = await t.call('GET', '/api/v1/places?q=', undefined, worker);
    expect(empty.status).toBe(422);
    expect(
      ((await empty.json()) as { error: { details: Record<string, string> } }).error.details,
    ).toHaveProperty('q');
  });

  it('needs a signed-in user unless the directory is public', async () => {
    expect((await t.call('GET', '/api/v1/places?q=E2')).status).toBe(401);
    const open = await createTestApp({ publicDirectory: true });
    try {
      const res = await open.call('GET', '/api/v1/places?q=E2 6');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: Place[] }).items[0]).toMatchObject({ name: 'E2 6' });
    } finally {
      await open.close();
    }
  });
});

describe('postcodePrefix', () => {
  it('reads postcode-shaped input and nothing else', () => {
    expect(postcodePrefix(' e2   6 ')).toBe('E2 6');
    expect(postcodePrefix('E26LA')).toBe('E2 6LA');
    expect(postcodePrefix('SW1A')).toBe('SW1A');
    expect(postcodePrefix('Bethnal')).toBeNull();
    expect(postcodePrefix('E')).toBeNull();
  });
});
