/**
 * Imported area boundaries in view (GET /api/v1/areas.geojson), shared by the layers that need
 * them: the place names layer draws them, the need list names the area of each hexagon. Two
 * layers asking for the same view share one request.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { api } from '../api.js';
import type { Area as AreaProperties } from '../../server/areas/schemas.js';
import type { Bbox } from './mapContext.js';
import { bboxParam } from './viewportLoader.js';

/** An area boundary's properties, as GET /api/v1/areas.geojson sends them. */
export type { Area as AreaProperties } from '../../server/areas/schemas.js';
export type AreaShapes = FeatureCollection<Polygon | MultiPolygon, AreaProperties>;

/** Below this zoom only local authorities are asked for: thousands of small areas would be noise. */
export const LOCAL_AREAS_ZOOM = 10.5;

/** Finest first: the name a person uses for where a hexagon is. */
const NAMING_ORDER = ['neighbourhood', 'ward', 'msoa', 'lsoa', 'lad'];

let last: { key: string; answer: Promise<AreaShapes> } | undefined;

export function fetchAreaShapes(
  bbox: Bbox,
  zoom: number,
  signal: AbortSignal,
): Promise<AreaShapes> {
  const query = { bbox: bboxParam(bbox), kind: zoom < LOCAL_AREAS_ZOOM ? 'lad' : undefined };
  const key = JSON.stringify(query);
  if (last?.key !== key) {
    // Not tied to one caller's signal: another layer may be waiting on the same answer.
    const answer = api.get<AreaShapes>('/api/v1/areas.geojson', { query });
    answer.catch(() => {
      if (last?.answer === answer) last = undefined;
    });
    last = { key, answer };
  }
  const answer = last.answer;
  return new Promise((done, fail) => {
    signal.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError')), {
      once: true,
    });
    answer.then(done, fail);
  });
}

/** The name of the finest area containing the point, or null. */
export function areaNameAt(
  shapes: AreaShapes | undefined,
  lng: number,
  lat: number,
): string | null {
  if (!shapes) return null;
  const containing = shapes.features.filter((f) => booleanPointInPolygon([lng, lat], f));
  containing.sort((a, b) => rank(a.properties.kind) - rank(b.properties.kind));
  return containing[0]?.properties.name ?? null;
}

const rank = (kind: string) => {
  const i = NAMING_ORDER.indexOf(kind);
  return i === -1 ? NAMING_ORDER.length : i;
};

/** One point inside each area, where its name is written. */
export function labelPoints(
  shapes: AreaShapes,
): FeatureCollection<Point, AreaProperties & { rank: number }> {
  return {
    type: 'FeatureCollection',
    features: shapes.features.map((f): Feature<Point, AreaProperties & { rank: number }> => ({
      type: 'Feature',
      properties: { ...f.properties, rank: rank(f.properties.kind) },
      geometry: pointOnFeature(f).geometry,
    })),
  };
}
