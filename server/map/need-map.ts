/**
 * The need map: H3 hexagons of a bbox with suppressed flag counts. The bbox is covered exactly by
 * cells of the requested resolution, the roll-ups are read for those cells only (their res-8,
 * res-7 or res-6 column), and every count passes through suppressCount before it leaves (admins
 * may ask for raw counts).
 */
import {
  cellToBoundary,
  getHexagonAreaAvg,
  gridDisk,
  latLngToCell,
  polygonToCells,
  UNITS,
} from 'h3-js';
import { group } from '../group.js';
import { invalid } from '../http/errors.js';
import {
  combine,
  suppressCount,
  type PublishedCount,
  type RawCount,
  type SuppressionOptions,
} from '../privacy/suppression.js';
import type { CellTagTotal, CellTotal } from './queries.js';

export type Bbox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** Hexagons one map request may cover: past this, zoom in or choose a coarser resolution. */
export const MAX_CELLS_IN_VIEW = 10_000;

/** Rough area of a bbox in km² (fine for a size check; not for measurement). */
function bboxAreaKm2([minLng, minLat, maxLng, maxLat]: Bbox): number {
  const midLat = ((minLat + maxLat) / 2) * (Math.PI / 180);
  return (maxLat - minLat) * 111.32 * (maxLng - minLng) * 111.32 * Math.cos(midLat);
}

/**
 * The cells of `res` whose hexagon touches the bbox, exactly (no padding): the map reads the
 * roll-ups for these cells only. Cells whose centre is inside, their neighbours (hexagons cut by
 * an edge) and the corners' cells are candidates; a candidate stays when its outline's extent
 * meets the bbox, the test needFeatures applies to what it returns.
 */
export function coveringCells(bbox: Bbox, res: number): readonly string[] {
  const key = `${res}:${bbox.join(',')}`;
  let cells = covers.get(key);
  if (cells) {
    // Map order is insertion order: re-insert to mark it most recently used.
    covers.delete(key);
  } else {
    cells = coverOf(bbox, res);
    if (covers.size >= MAX_COVERS) covers.delete(covers.keys().next().value!);
  }
  covers.set(key, cells);
  return cells;
}

/** Covers of recent views (the same few views are asked for again and again): pure geometry. */
const covers = new Map<string, string[]>();
const MAX_COVERS = 2_000;

function coverOf(bbox: Bbox, res: number): string[] {
  const estimate = Math.ceil(bboxAreaKm2(bbox) / getHexagonAreaAvg(res, UNITS.km2));
  if (estimate > MAX_CELLS_IN_VIEW) {
    throw invalid({
      bbox: `covers about ${estimate} res-${res} hexagons (at most ${MAX_CELLS_IN_VIEW}); zoom in or choose a coarser res`,
    });
  }
  const [minLng, minLat, maxLng, maxLat] = bbox;
  const ring = [
    [minLat, minLng],
    [minLat, maxLng],
    [maxLat, maxLng],
    [maxLat, minLng],
    [minLat, minLng],
  ];
  const candidates = new Set<string>();
  for (const c of [
    ...polygonToCells(ring, res),
    ...ring.map(([lat, lng]) => latLngToCell(lat!, lng!, res)),
  ]) {
    for (const n of gridDisk(c, 1)) candidates.add(n);
  }
  return [...candidates].filter((cell) => boundaryTouches(cellToBoundary(cell, true), bbox)).sort();
}

function boundaryTouches(boundary: number[][], [minLng, minLat, maxLng, maxLat]: Bbox): boolean {
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (const [lng, lat] of boundary) {
    lo = [Math.min(lo[0]!, lng!), Math.min(lo[1]!, lat!)];
    hi = [Math.max(hi[0]!, lng!), Math.max(hi[1]!, lat!)];
  }
  return lo[0]! <= maxLng && hi[0]! >= minLng && lo[1]! <= maxLat && hi[1]! >= minLat;
}

export interface NeedFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  properties: { cell: string; count: PublishedCount; tags: Record<string, PublishedCount> };
}

/**
 * Assembles the features. Without a tag filter a cell's count is its number of flags; with one,
 * it combines the selected tags' roll-up rows (a flag carrying two selected tags counts once
 * per tag), so the same records always give the same cell key and the same published value.
 */
export function needFeatures(
  bbox: Bbox,
  totals: CellTotal[] | null,
  tagRows: CellTagTotal[],
  publish: SuppressionOptions,
): NeedFeature[] {
  const show = (r: RawCount) => suppressCount(r, publish);
  const byCell = group(tagRows, (row) => row.cell);
  const cellTotals = totals ?? [...byCell].map(([cell, rows]) => ({ cell, ...combine(rows) }));
  const features: NeedFeature[] = [];
  for (const total of cellTotals) {
    if (total.count <= 0) continue;
    const boundary = cellToBoundary(total.cell, true);
    if (!boundaryTouches(boundary, bbox)) continue;
    const tags: Record<string, PublishedCount> = {};
    for (const row of (byCell.get(total.cell) ?? []).sort((a, b) =>
      a.tagSlug.localeCompare(b.tagSlug),
    )) {
      if (row.count > 0) tags[row.tagSlug] = show(row);
    }
    features.push({
      type: 'Feature',
      id: total.cell,
      geometry: { type: 'Polygon', coordinates: [boundary] },
      properties: { cell: total.cell, count: show(total), tags },
    });
  }
  return features.sort((a, b) => a.id.localeCompare(b.id));
}
