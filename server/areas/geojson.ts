/**
 * Reads an uploaded boundary file (GeoJSON FeatureCollection, CRS84) into areas, or says exactly
 * which feature is wrong and why. ONS files name their code and name properties by layer and
 * year (WD13CD/WD13NM, LSOA11CD/LSOA11NM, MSOA21CD…), so the defaults detect `*CD` / `*NM`.
 */
import { bbox as turfBbox } from '@turf/bbox';
import { polygon as turfPolygon } from '@turf/helpers';
import { kinks } from '@turf/kinks';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { AREA_KINDS } from '../../db/schema.js';
import { UK_BOUNDS } from '../geo/params.js';
import { drain, type Progress } from './slices.js';

export type AreaKind = (typeof AREA_KINDS)[number];
export type AreaGeometry = Polygon | MultiPolygon;

export interface ParsedArea {
  code: string;
  name: string;
  geometry: AreaGeometry;
  bbox: [number, number, number, number];
}

export interface ParseOptions {
  kind?: AreaKind | undefined;
  codeProp?: string | undefined;
  nameProp?: string | undefined;
}

export interface ParseResult {
  kind: AreaKind;
  areas: ParsedArea[];
  /** Features that are not areas (points, lines, no geometry): counted, not imported. */
  skipped: number;
  /** `features[3].geometry` → reason; empty when the file is usable. */
  errors: Record<string, string>;
}

/** Bounds of one upload: a whole country's LSOAs fit; anything larger is split by the admin. */
export const MAX_FEATURES = 40_000;
export const MAX_POSITIONS = 5_000_000;
const MAX_ERRORS = 50;

/** ONS property prefixes per kind, in the order we prefer them. */
const KIND_PREFIXES: [AreaKind, RegExp][] = [
  ['lsoa', /^LSOA\d*$/i],
  ['msoa', /^MSOA\d*$/i],
  ['ward', /^WD\d*$/i],
  ['lad', /^LAD\d*$/i],
];

/**
 * Cells are estimated from each feature's bounding box before any is computed (the box holds the
 * polygon, so this over-estimates): a country-sized box is refused in microseconds instead of
 * costing seconds and gigabytes in polygonToCells.
 */
export const MAX_CELLS_PER_FEATURE = 120_000;
/** Beyond this many (estimated) cells per upload, split the file (a whole region of LSOAs stays well under). */
export const MAX_CELLS_PER_IMPORT = 600_000;
/** Area of an H3 res-8 cell, km² (average). */
const CELL_KM2 = 0.737;

/** Upper bound of the res-8 cells a feature inside this box can cover (its overlapping edge included). */
export function estimateCells([minLng, minLat, maxLng, maxLat]: [
  number,
  number,
  number,
  number,
]): number {
  const kmPerDegLat = 111.32;
  const kmPerDegLng = 111.32 * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const widthKm = (maxLng - minLng) * kmPerDegLng;
  const heightKm = (maxLat - minLat) * kmPerDegLat;
  // The box's area plus a ring of edge cells (≈ 1 km wide) around it.
  return Math.ceil(((widthKm + 2) * (heightKm + 2)) / CELL_KM2);
}

/** Slack around the UK box for boundaries drawn to the low-water mark. */
const UK_SLACK = 0.5;
const insideUkBox = ([minLng, minLat, maxLng, maxLat]: [number, number, number, number]) =>
  minLng >= UK_BOUNDS.minLng - UK_SLACK &&
  maxLng <= UK_BOUNDS.maxLng + UK_SLACK &&
  minLat >= UK_BOUNDS.minLat - UK_SLACK &&
  maxLat <= UK_BOUNDS.maxLat + UK_SLACK;

export function parseBoundaries(
  collection: { type: string; features: unknown[]; crs?: unknown },
  options: ParseOptions,
): ParseResult {
  return drain(parseSteps(collection, options));
}

/** parseBoundaries as steps: yields its progress after every few features (see slices.ts). */
export function* parseSteps(
  collection: { type: string; features: unknown[]; crs?: unknown },
  options: ParseOptions,
): Generator<Progress, ParseResult> {
  const errors: Record<string, string> = {};
  const fail = (key: string, reason: string) => {
    if (Object.keys(errors).length < MAX_ERRORS) errors[key] ??= reason;
  };
  const total = collection.features.length;
  // Counted before anything is read: a file of too many features costs nothing more.
  if (total > MAX_FEATURES) {
    fail('features', `holds ${total} features; at most ${MAX_FEATURES} per upload`);
    return { kind: options.kind ?? 'ward', areas: [], skipped: 0, errors };
  }
  const crsName = (collection.crs as { properties?: { name?: unknown } } | undefined)?.properties
    ?.name;
  if (typeof crsName === 'string' && !/CRS84|EPSG:?:?4326/i.test(crsName)) {
    fail('crs', `is ${crsName}; export the boundaries as WGS84 longitude/latitude (CRS84)`);
  }
  const first = collection.features.find(isFeatureWithProps);
  const props = first ? Object.keys(first.properties) : [];
  const codeProp =
    options.codeProp ??
    detectProp(props, 'CD', options.kind) ??
    (props.includes('code') ? 'code' : undefined);
  const nameProp =
    options.nameProp ??
    detectProp(props, 'NM', options.kind) ??
    (props.includes('name') ? 'name' : undefined);
  const kind = options.kind ?? detectKind(codeProp);
  if (!codeProp) fail('codeProp', 'no *CD property found in the features; pass codeProp=');
  if (!nameProp) fail('nameProp', 'no *NM property found in the features; pass nameProp=');
  if (!kind)
    fail(
      'kind',
      `cannot tell the kind of area from "${codeProp ?? ''}"; pass kind=ward|lsoa|msoa|lad`,
    );

  const areas: ParsedArea[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  let positions = 0;
  let cells = 0;
  const readFeature = (raw: unknown, index: number): void => {
    const at = `features[${index}]`;
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'Feature')
      return fail(at, 'is not a GeoJSON Feature');
    const feature = raw as { geometry?: unknown; properties?: unknown };
    const geometry = feature.geometry as
      { type?: unknown; coordinates?: unknown } | null | undefined;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      skipped += 1; // a point or line layer mixed in is not an area; say how many were left out
      return;
    }
    const properties = (
      feature.properties && typeof feature.properties === 'object' ? feature.properties : {}
    ) as Record<string, unknown>;
    const code = codeProp ? textProp(properties[codeProp]) : undefined;
    const name = nameProp ? textProp(properties[nameProp]) : undefined;
    if (codeProp && !code) fail(`${at}.properties.${codeProp}`, 'is missing or empty');
    if (nameProp && !name) fail(`${at}.properties.${nameProp}`, 'is missing or empty');
    if (code) {
      const earlier = seen.get(code);
      if (earlier !== undefined)
        fail(`${at}.properties.${codeProp}`, `repeats code ${code} of features[${earlier}]`);
      seen.set(code, index);
    }
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    if (!Array.isArray(polygons) || polygons.length === 0)
      return fail(
        `${at}.geometry.coordinates`,
        `must be a non-empty ${geometry.type} coordinate array`,
      );
    for (let p = 0; p < polygons.length; p++) {
      const where =
        geometry.type === 'Polygon' ? `${at}.geometry` : `${at}.geometry.coordinates[${p}]`;
      const problem = polygonProblem(polygons[p]);
      if (problem) return fail(where, problem);
      positions += (polygons[p] as Position[][]).reduce((n, ring) => n + ring.length, 0);
    }
    if (positions > MAX_POSITIONS)
      return fail('features', `hold more than ${MAX_POSITIONS} coordinates; split the file`);
    const g = { type: geometry.type, coordinates: geometry.coordinates } as AreaGeometry;
    const box = turfBbox(g) as [number, number, number, number];
    if (!insideUkBox(box))
      return fail(
        `${at}.geometry`,
        `lies outside the UK (its bounding box is [${box.map((n) => n.toFixed(2)).join(', ')}])`,
      );
    const estimate = estimateCells(box);
    if (estimate > MAX_CELLS_PER_FEATURE) {
      return fail(
        `${at}.geometry`,
        `spans about ${estimate} H3 cells; at most ${MAX_CELLS_PER_FEATURE} per area (larger than any local authority)`,
      );
    }
    cells += estimate;
    if (cells > MAX_CELLS_PER_IMPORT)
      return fail(
        'features',
        `cover more than ${MAX_CELLS_PER_IMPORT} H3 cells together; split the file`,
      );
    for (let p = 0; p < polygons.length; p++) {
      const crossing = firstCrossing(polygons[p] as Position[][]);
      if (crossing) {
        const where =
          geometry.type === 'Polygon' ? `${at}.geometry` : `${at}.geometry.coordinates[${p}]`;
        return fail(
          where,
          `crosses itself near [${crossing.map((n) => n.toFixed(5)).join(', ')}]; repair the boundary (e.g. mapshaper -clean) and export it again`,
        );
      }
    }
    if (code && name) areas.push({ code, name, geometry: g, bbox: box });
  };
  for (let index = 0; index < total; index++) {
    readFeature(collection.features[index], index);
    // A wrong file stops at its first few problems rather than reading on.
    if (Object.keys(errors).length >= MAX_ERRORS) break;
    yield { phase: 'reading', done: index + 1, total };
  }
  if (!Object.keys(errors).length && areas.length === 0)
    fail('features', 'contains no Polygon or MultiPolygon features');
  return { kind: kind ?? 'ward', areas, skipped, errors };
}

/** Where a polygon's rings cross themselves or each other, if they do (a bow-tie, a twisted hole). */
function firstCrossing(rings: Position[][]): [number, number] | undefined {
  const found = kinks(turfPolygon(rings));
  const point = found.features[0]?.geometry.coordinates;
  return point ? [point[0]!, point[1]!] : undefined;
}

function isFeatureWithProps(f: unknown): f is { properties: Record<string, unknown> } {
  return (
    !!f &&
    typeof f === 'object' &&
    !!(f as { properties?: unknown }).properties &&
    typeof (f as { properties: unknown }).properties === 'object'
  );
}

/** `WD13CD` for CD with kind ward; skips ONS's `*CDO` (old codes) and `*NMW` (Welsh names). */
function detectProp(
  props: string[],
  suffix: 'CD' | 'NM',
  kind: AreaKind | undefined,
): string | undefined {
  const candidates = props.filter((p) => p.toUpperCase().endsWith(suffix) && p.length > 2);
  const prefixFor = kind ? KIND_PREFIXES.find(([k]) => k === kind)?.[1] : undefined;
  const preferred = prefixFor ? candidates.find((p) => prefixFor.test(p.slice(0, -2))) : undefined;
  return (
    preferred ??
    candidates.find((p) => KIND_PREFIXES.some(([, re]) => re.test(p.slice(0, -2)))) ??
    candidates[0]
  );
}

function detectKind(codeProp: string | undefined): AreaKind | undefined {
  if (!codeProp) return undefined;
  const prefix = codeProp.replace(/CD$/i, '');
  return KIND_PREFIXES.find(([, re]) => re.test(prefix))?.[0];
}

function textProp(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined;
}

/** Why a Polygon's coordinate array is unusable, or undefined when it is fine. */
function polygonProblem(rings: unknown): string | undefined {
  if (!Array.isArray(rings) || rings.length === 0) return 'must have at least one linear ring';
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r] as unknown;
    const label = r === 0 ? 'the outer ring' : `hole ${r}`;
    if (!Array.isArray(ring) || ring.length < 4)
      return `${label} needs at least 4 positions (a closed triangle)`;
    for (const pos of ring as unknown[]) {
      if (
        !Array.isArray(pos) ||
        pos.length < 2 ||
        !pos.every((n) => typeof n === 'number' && Number.isFinite(n))
      ) {
        return `${label} has a position that is not [longitude, latitude]`;
      }
      const [lng, lat] = pos as number[];
      if (Math.abs(lng!) > 180 || Math.abs(lat!) > 90) {
        return `${label} has [${lng}, ${lat}], outside longitude/latitude; the file looks projected (e.g. British National Grid) — export it as WGS84 (CRS84)`;
      }
    }
    const a = ring[0] as number[];
    const b = ring[ring.length - 1] as number[];
    if (a[0] !== b[0] || a[1] !== b[1])
      return `${label} is not closed (its first and last positions differ)`;
  }
  return undefined;
}
