/**
 * The H3 res-8 cells that stand for each area, so every area query is an equi-join on cells.
 *
 * At res 8 a cell is ≈ 0.74 km², larger than most LSOAs, so "cells inside the polygon" alone
 * would leave small areas empty and cells on a layer's outer edge unowned. For one imported layer:
 * 1. each area takes the cells whose centres fall inside it (h3 polygonToCells, holes respected);
 *    neighbouring areas of a layer share no centre, so this partitions the interior;
 * 2. a cell the layer overlaps but no area took (its centre is outside every area, e.g. on the
 *    borough edge) goes to the area covering most of it, so every point inside the layer lies in
 *    a cell owned by exactly one area;
 * 3. an area still without a cell (smaller than a cell and holding no centre) takes over the cell
 *    it covers most from a neighbour that keeps another; failing that (LSOAs, mostly smaller than
 *    one cell) it shares the cell of a point on its surface: such areas report the figures of the
 *    one cell they sit in, which suppression already rounds.
 */
import { area as turfArea } from '@turf/area';
import { featureCollection, polygon as turfPolygon } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { cellToBoundary, latLngToCell, polygonToCellsExperimental } from 'h3-js';
import type { AreaGeometry } from './geojson.js';
import { drain, type Progress } from './slices.js';

export const AREA_CELL_RES = 8;

function polygonsOf(g: AreaGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function cellsOf(
  g: AreaGeometry,
  mode: 'containmentCenter' | 'containmentOverlapping',
): Set<string> {
  const cells = new Set<string>();
  for (const rings of polygonsOf(g)) {
    // isGeoJson = true: positions are [lng, lat] and rings follow GeoJSON order.
    for (const c of polygonToCellsExperimental(rings, AREA_CELL_RES, mode, true)) cells.add(c);
  }
  return cells;
}

/** Area of a cell's overlap with a geometry, m² (0 when they only touch). */
function overlapArea(cell: string, g: AreaGeometry): number {
  const hex = turfPolygon([cellToBoundary(cell, true).concat([cellToBoundary(cell, true)[0]!])]);
  const shape: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: g };
  try {
    const common = intersect(featureCollection([hex, shape]));
    return common ? turfArea(common) : 0;
  } catch {
    return 0; // a self-touching ring can defeat the clipper; the cell then goes to another candidate
  }
}

/** Cells for each geometry of one layer, in the same order. */
export function coverLayer(geometries: AreaGeometry[]): string[][] {
  return drain(coverSteps(geometries));
}

/** coverLayer as steps: yields its progress after each feature or batch of shared cells (see slices.ts). */
export function* coverSteps(geometries: AreaGeometry[]): Generator<Progress, string[][]> {
  const n = geometries.length;
  const total = 3 * n;
  let done = 0;
  const owned: Set<string>[] = [];
  const overlapping: Set<string>[] = [];
  for (const g of geometries) {
    owned.push(cellsOf(g, 'containmentCenter'));
    overlapping.push(cellsOf(g, 'containmentOverlapping'));
    yield { phase: 'covering', done: ++done, total };
  }
  const owner = new Map<string, number>();
  owned.forEach((cells, i) => cells.forEach((c) => owner.set(c, i)));
  const candidates = new Map<string, number[]>();
  overlapping.forEach((cells, i) => {
    for (const c of cells) {
      if (owner.has(c)) continue;
      const list = candidates.get(c);
      if (list) list.push(i);
      else candidates.set(c, [i]);
    }
  });
  let shared = 0;
  for (const [cell, areas] of candidates) {
    let best = areas[0]!;
    if (areas.length > 1) {
      let bestArea = -1;
      for (const i of areas) {
        const a = overlapArea(cell, geometries[i]!);
        if (a > bestArea) [best, bestArea] = [i, a];
      }
      if (++shared % 16 === 0)
        yield { phase: 'covering', done: n + Math.floor((n * shared) / candidates.size), total };
    }
    owned[best]!.add(cell);
    owner.set(cell, best);
  }
  done = 2 * n;
  for (const [i, g] of geometries.entries()) {
    yield { phase: 'covering', done: ++done, total };
    if (owned[i]!.size > 0) continue;
    // Take over the overlapping cell this area covers most, from an owner that keeps another cell…
    const byOverlap = [...overlapping[i]!]
      .map((c) => ({ c, a: overlapArea(c, g) }))
      .sort((x, y) => y.a - x.a);
    const movable = byOverlap.find(({ c, a }) => {
      const from = owner.get(c);
      return a > 0 && from !== undefined && owned[from]!.size > 1;
    });
    if (movable) {
      owned[owner.get(movable.c)!]!.delete(movable.c);
      owned[i]!.add(movable.c);
      owner.set(movable.c, i);
      continue;
    }
    // …or share the cell of a point on its surface (the area is smaller than its neighbours' cells).
    const [lng, lat] = pointOnFeature(g).geometry.coordinates as [number, number];
    owned[i]!.add(latLngToCell(lat, lng, AREA_CELL_RES));
  }
  return owned.map((s) => [...s].sort());
}
