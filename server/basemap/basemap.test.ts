import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { BASEMAP_PATH } from './routes.js';
import { buildTestArchive } from './testing.js';

let dir: string;
let archivePath: string;
let t: TestApp;
let archive: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gapmap-basemap-'));
  archivePath = join(dir, 'test.pmtiles');
  archive = buildTestArchive();
  await writeFile(archivePath, archive);
  t = await createTestApp({ pmtilesPath: archivePath, pmtilesFlavor: 'light' });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

/** The pmtiles client's byte-range source, reading through the app as a browser would. */
class AppSource implements Source {
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const res = await t.app.request(BASEMAP_PATH, {
      headers: { Range: `bytes=${offset}-${offset + length - 1}` },
    });
    expect(res.status).toBe(206);
    return { data: await res.arrayBuffer() };
  }
  getKey() {
    return BASEMAP_PATH;
  }
}

describe('self-hosted PMTiles basemap', () => {
  it('is announced by GET /api/v1/config', async () => {
    const config = (await (await t.app.request('/api/v1/config')).json()) as {
      basemap: unknown;
      mapStyleUrl: unknown;
    };
    expect(config).toMatchObject({
      mapStyleUrl: null,
      basemap: { url: BASEMAP_PATH, flavor: 'light' },
      publicDirectory: false,
    });
    const plain = await createTestApp();
    try {
      expect(
        ((await (await plain.app.request('/api/v1/config')).json()) as { basemap: unknown })
          .basemap,
      ).toBeNull();
      expect((await plain.app.request(BASEMAP_PATH)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('serves byte ranges of the archive with 206 and Content-Range', async () => {
    const res = await t.app.request(BASEMAP_PATH, { headers: { Range: 'bytes=0-6' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-6/${archive.length}`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('PMTiles');
    const whole = await t.app.request(BASEMAP_PATH);
    expect(whole.status).toBe(200);
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(archive);
    expect(
      (await t.app.request(BASEMAP_PATH, { headers: { Range: `bytes=${archive.length + 10}-` } }))
        .status,
    ).toBe(416);
  });

  it('reads back as a valid archive with the Protomaps layers, tile by tile', async () => {
    const pm = new PMTiles(new AppSource());
    const header = await pm.getHeader();
    expect(header).toMatchObject({ specVersion: 3, minZoom: 0, maxZoom: 12, tileType: 1 });
    // The tile over Whitechapel at zoom 12 has land, water, a road and a place name.
    const z = 12;
    const x = Math.floor(((-0.045 + 180) / 360) * 2 ** z);
    const rad = (51.505 * Math.PI) / 180;
    const y = Math.floor(
      ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z,
    );
    const tile = await pm.getZxy(z, x, y);
    expect(tile).toBeDefined();
    const vt = new VectorTile(new Pbf(new Uint8Array(tile!.data)));
    expect(Object.keys(vt.layers).sort()).toEqual(expect.arrayContaining(['earth', 'water']));
    expect(vt.layers.water!.feature(0).properties.kind).toBe('water');
    expect(await pm.getZxy(12, 0, 0)).toBeUndefined();
  });

  it('refuses to start with a MAP_PMTILES_PATH that is not there', () => {
    expect(() => loadConfig({ MAP_PMTILES_PATH: join(dir, 'missing.pmtiles') })).toThrow(
      /MAP_PMTILES_PATH/,
    );
  });
});
