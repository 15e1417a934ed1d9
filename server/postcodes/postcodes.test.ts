import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postcodeSectorRows,
  TOWER_HAMLETS_SECTORS,
} from '../../fixtures/postcodes/tower-hamlets-sectors.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { parsePostcode, resolvePostcode } from './postcodes.js';

describe('parsePostcode', () => {
  it.each([
    ['e27dg', 'E2 7DG'],
    [' E2  7DG ', 'E2 7DG'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['E1W 1YW', 'E1W 1YW'],
    ['m1 1ae', 'M1 1AE'],
    ['GIR 0AA', 'GIR 0AA'],
  ])('%s → %s', (input, key) => {
    expect(parsePostcode(input)).toMatchObject({ key, kind: 'unit' });
  });

  it.each(['', 'E2', 'E2 7', 'hello', '12345', 'E2 7D', 'E2 7DGG', 'E2 7CI', 'QQ1 1AA1'])(
    'refuses %j as a full postcode',
    (input) => {
      expect(parsePostcode(input)).toBeNull();
    },
  );

  it('accepts a sector or district only when asked to', () => {
    expect(parsePostcode('e2 7', true)).toEqual({
      key: 'E2 7',
      kind: 'sector',
      sector: 'E2 7',
      district: 'E2',
    });
    expect(parsePostcode('e14', true)).toEqual({
      key: 'E14',
      kind: 'district',
      sector: null,
      district: 'E14',
    });
    expect(parsePostcode('E2 X', true)).toBeNull();
  });
});

describe('the sector table and resolvePostcode', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn('admin');
  });
  afterAll(() => t.close());

  it('is in every migrated database, inside Tower Hamlets', async () => {
    const rows = await t.db.selectFrom('postcodes').select(['key', 'kind']).execute();
    expect(rows.length).toBe(postcodeSectorRows().length);
    for (const [, lat, lng] of TOWER_HAMLETS_SECTORS) {
      expect(lat).toBeGreaterThan(51.48);
      expect(lat).toBeLessThan(51.545);
      expect(lng).toBeGreaterThan(-0.08);
      expect(lng).toBeLessThan(0.01);
    }
  });

  it('falls back from unit to sector to district, and 422s name the field', async () => {
    expect(await resolvePostcode(t.db, 'E2 7DG')).toEqual({
      lat: 51.527,
      lng: -0.068,
      precision: 'sector',
    });
    expect((await resolvePostcode(t.db, 'E2 4ZZ')).precision).toBe('district');
    await expect(
      resolvePostcode(t.db, 'SW1A 1AA', { field: 'items.2.postcode' }),
    ).rejects.toMatchObject({
      status: 422,
      details: { 'items.2.postcode': expect.stringMatching(/not in the postcode table/) },
    });
    await expect(resolvePostcode(t.db, 'nonsense')).rejects.toMatchObject({
      status: 422,
      details: { postcode: 'not a valid UK postcode' },
    });
    await expect(resolvePostcode(t.db, 'E2')).rejects.toMatchObject({ status: 422 });
    expect((await resolvePostcode(t.db, 'E2', { allowPartial: true })).precision).toBe('district');
  });

  const importCsv = (csv: string, who: SignedIn = admin, type = 'text/csv') =>
    t.app.request('/api/v1/postcodes/import', {
      method: 'POST',
      headers: { ...who.headers, 'Content-Type': type },
      body: csv,
    });

  it('imports ONSPD rows (admin only), skips rows without a point, and recomputes centroids', async () => {
    const csv = [
      'pcd,pcd2,pcds,dointr,doterm,lat,long',
      'E2 7DG,E2  7DG,E2 7DG,198001,,51.5290,-0.0700',
      'E2 7DH,E2  7DH,E2 7DH,198001,,51.5270,-0.0660',
      'E2 7ZZ,E2  7ZZ,E2 7ZZ,198001,,99.999999,0.000000',
      'SW1A1AA,SW1A 1AA,SW1A 1AA,198001,,51.501009,-0.141588',
      ',,not a postcode,,,51.5,-0.1',
    ].join('\n');
    expect((await importCsv(csv, await t.signIn('organiser'))).status).toBe(403);
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ imported: 3, skipped: 2, sectors: 2, districts: 2 });
    expect(await resolvePostcode(t.db, 'e27dg')).toEqual({
      lat: 51.529,
      lng: -0.07,
      precision: 'unit',
    });
    const sector = await resolvePostcode(t.db, 'E2 7AA');
    expect(sector.precision).toBe('sector');
    expect(sector.lat).toBeCloseTo(51.528, 6);
    expect((await resolvePostcode(t.db, 'SW1A 1AA')).precision).toBe('unit');
  });

  it('refuses a file without the columns it needs, or that is not CSV, and writes nothing', async () => {
    const before = await t.db.selectFrom('postcodes').select('key').execute();
    const res = await importCsv('postcode,latitude,longitude\nE3 2AA,51.53,-0.02\n');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({
      file: 'missing column(s): pcds, lat, long',
    });
    expect((await importCsv('{"pcds":1}', admin, 'application/json')).status).toBe(415);
    expect(await t.db.selectFrom('postcodes').select('key').execute()).toHaveLength(before.length);
  });

  it('answers a stray quote with 422 naming the line, writes nothing and never logs the postcode', async () => {
    const before = await t.db.selectFrom('postcodes').select('key').execute();
    for (const csv of [
      'pcds,lat,long\nE3 2AA,51.53,-0.02\nE3 "2AB,51.53,-0.02\nE3 2AD,51.53,-0.02\n',
      'pcds,lat,long\nE3 2AA,51.53,-0.02\n"E3 2AB,51.53,-0.02\n',
      'pcds,lat,long\nE3 2AA,51.53,-0.02\n"E3 2AB"x,51.53,-0.02\n',
    ]) {
      const logged = t.logs.length;
      const res = await importCsv(csv);
      expect(res.status, csv).toBe(422);
      expect(
        ((await res.json()) as { error: { details: { file: string } } }).error.details.file,
        csv,
      ).toMatch(/^not readable as CSV/);
      expect(JSON.stringify(t.logs.slice(logged)), csv).not.toMatch(/E3 ?"?2A/);
    }
    expect(await t.db.selectFrom('postcodes').select('key').execute()).toHaveLength(before.length);
  });
});
