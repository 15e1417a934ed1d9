/**
 * A small Protomaps-shaped PMTiles v3 archive built from GeoJSON, for tests of the self-hosted
 * basemap (server test and e2e): the real pmtiles client reads it by range requests and MapLibre
 * draws it with the @protomaps/basemaps style. Real deployments use an extract (README).
 *
 * Format (github.com/protomaps/PMTiles, spec v3): a 127-byte header, a root directory of
 * varint-encoded entries (tile id deltas, run lengths, lengths, offsets), JSON metadata, then the
 * tiles. Nothing is compressed, so no decompression step can hide a mistake.
 */
import type { FeatureCollection } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { zxyToTileId } from 'pmtiles';
import { fromGeojsonVt } from 'vt-pbf';

/** Tower Hamlets and a little around it. */
export const TEST_ARCHIVE_BOUNDS = [-0.1, 51.48, 0.02, 51.56] as const;
export const TEST_ARCHIVE_MAX_ZOOM = 12;

/** Protomaps layers: land ("earth"), a stretch of water, a main road and a place name. */
export function testBasemapLayers(): Record<string, FeatureCollection> {
  const [w, s, e, n] = TEST_ARCHIVE_BOUNDS;
  const rect = (x0: number, y0: number, x1: number, y1: number) => [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ];
  return {
    earth: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'earth' },
          geometry: { type: 'Polygon', coordinates: rect(w, s, e, n) },
        },
      ],
    },
    water: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'water', name: 'Test Dock' },
          geometry: { type: 'Polygon', coordinates: rect(-0.06, 51.5, -0.02, 51.51) },
        },
      ],
    },
    roads: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'major_road', name: 'Test Road', min_zoom: 5 },
          geometry: {
            type: 'LineString',
            coordinates: [
              [w, 51.52],
              [e, 51.52],
            ],
          },
        },
      ],
    },
    places: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'locality', name: 'Testham', min_zoom: 5, population_rank: 10 },
          geometry: { type: 'Point', coordinates: [-0.045, 51.525] },
        },
      ],
    },
  };
}

function lngLatToTile(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

function varints(values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return out;
}

/** Builds the archive: every tile of the bounds from zoom 0 to TEST_ARCHIVE_MAX_ZOOM. */
export function buildTestArchive(layers = testBasemapLayers()): Uint8Array {
  const [w, s, e, n] = TEST_ARCHIVE_BOUNDS;
  const indexes = Object.fromEntries(
    Object.entries(layers).map(([name, fc]) => [
      name,
      new GeoJSONVT(fc, {
        maxZoom: TEST_ARCHIVE_MAX_ZOOM,
        indexMaxZoom: TEST_ARCHIVE_MAX_ZOOM,
        extent: 4096,
        buffer: 64,
      }),
    ]),
  );
  const tiles: { id: number; data: Uint8Array }[] = [];
  for (let z = 0; z <= TEST_ARCHIVE_MAX_ZOOM; z++) {
    const [x0, y0] = lngLatToTile(w, n, z);
    const [x1, y1] = lngLatToTile(e, s, z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const tileLayers: Record<string, unknown> = {};
        for (const [name, index] of Object.entries(indexes)) {
          const tile = index.getTile(z, x, y);
          if (tile?.features.length) tileLayers[name] = tile;
        }
        if (Object.keys(tileLayers).length)
          tiles.push({
            id: zxyToTileId(z, x, y),
            data: fromGeojsonVt(tileLayers, { version: 2, extent: 4096 }),
          });
      }
    }
  }
  tiles.sort((a, b) => a.id - b.id);

  let offset = 0;
  const entries = tiles.map((t) => {
    const entry = { id: t.id, offset, length: t.data.length };
    offset += t.data.length;
    return entry;
  });
  const directory = Uint8Array.from([
    ...varints([entries.length]),
    ...varints(entries.map((en, i) => en.id - (i ? entries[i - 1]!.id : 0))),
    ...varints(entries.map(() => 1)),
    ...varints(entries.map((en) => en.length)),
    // Offset 0 means "right after the previous tile", which every tile here is (but the first).
    ...varints(entries.map((en, i) => (i === 0 ? en.offset + 1 : 0))),
  ]);
  const metadata = new TextEncoder().encode(
    JSON.stringify({
      name: 'Gapmap test basemap',
      vector_layers: Object.keys(layers).map((id) => ({ id, fields: {} })),
    }),
  );

  const HEADER = 127;
  const dirOffset = HEADER;
  const metaOffset = dirOffset + directory.length;
  const dataOffset = metaOffset + metadata.length;
  const out = new Uint8Array(dataOffset + offset);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  out[7] = 3;
  const u64 = (at: number, v: number) => view.setBigUint64(at, BigInt(v), true);
  u64(8, dirOffset);
  u64(16, directory.length);
  u64(24, metaOffset);
  u64(32, metadata.length);
  u64(40, 0);
  u64(48, 0); // no leaf directories
  u64(56, dataOffset);
  u64(64, offset);
  u64(72, tiles.length);
  u64(80, tiles.length);
  u64(88, tiles.length);
  out[96] = 1; // clustered
  out[97] = 1; // internal compression: none
  out[98] = 1; // tile compression: none
  out[99] = 1; // tile type: MVT
  out[100] = 0;
  out[101] = TEST_ARCHIVE_MAX_ZOOM;
  const e7 = (at: number, v: number) => view.setInt32(at, Math.round(v * 1e7), true);
  e7(102, w);
  e7(106, s);
  e7(110, e);
  e7(114, n);
  out[118] = 12;
  e7(119, (w + e) / 2);
  e7(123, (s + n) / 2);
  out.set(directory, dirOffset);
  out.set(metadata, metaOffset);
  tiles.forEach((t, i) => out.set(t.data, dataOffset + entries[i]!.offset));
  return out;
}
