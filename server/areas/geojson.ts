/**
 * Reads an uploaded boundary file (GeoJSON FeatureCollection, CRS84) into areas, or says exactly
 * which feature is wrong and why. ONS files name their code and name properties by layer and
 * year (WD13CD/WD13NM, LSOA11CD/LSOA11NM, MSOA21CD…), so the defaults detect `*CD` / `*NM`.
 */
import { bbox as turfBbox } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { AREA_KINDS } from '../../db/schema.js';

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

export function parseBoundaries(collection: { type: string; features: unknown[]; crs?: unknown }, options: ParseOptions): ParseResult {
  const errors: Record<string, string> = {};
  const fail = (key: string, reason: string) => {
    if (Object.keys(errors).length < MAX_ERRORS) errors[key] ??= reason;
  };
  const crsName = (collection.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof crsName === 'string' && !/CRS84|EPSG:?:?4326/i.test(crsName)) {
    fail('crs', `is ${crsName}; export the boundaries as WGS84 longitude/latitude (CRS84)`);
  }
  const first = collection.features.find(isFeatureWithProps);
  const props = first ? Object.keys(first.properties) : [];
  const codeProp = options.codeProp ?? detectProp(props, 'CD', options.kind) ?? (props.includes('code') ? 'code' : undefined);
  const nameProp = options.nameProp ?? detectProp(props, 'NM', options.kind) ?? (props.includes('name') ? 'name' : undefined);
  const kind = options.kind ?? detectKind(codeProp);
  if (!codeProp) fail('codeProp', 'no *CD property found in the features; pass codeProp=');
  if (!nameProp) fail('nameProp', 'no *NM property found in the features; pass nameProp=');
  if (!kind) fail('kind', `cannot tell the kind of area from "${codeProp ?? ''}"; pass kind=ward|lsoa|msoa|lad`);

  const areas: ParsedArea[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  let positions = 0;
  collection.features.forEach((raw, index) => {
    const at = `features[${index}]`;
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'Feature') return fail(at, 'is not a GeoJSON Feature');
    const feature = raw as { geometry?: unknown; properties?: unknown };
    const geometry = feature.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      skipped += 1; // a point or line layer mixed in is not an area; say how many were left out
      return;
    }
    const properties = (feature.properties && typeof feature.properties === 'object' ? feature.properties : {}) as Record<string, unknown>;
    const code = codeProp ? textProp(properties[codeProp]) : undefined;
    const name = nameProp ? textProp(properties[nameProp]) : undefined;
    if (codeProp && !code) fail(`${at}.properties.${codeProp}`, 'is missing or empty');
    if (nameProp && !name) fail(`${at}.properties.${nameProp}`, 'is missing or empty');
    if (code) {
      const earlier = seen.get(code);
      if (earlier !== undefined) fail(`${at}.properties.${codeProp}`, `repeats code ${code} of features[${earlier}]`);
      seen.set(code, index);
    }
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    if (!Array.isArray(polygons) || polygons.length === 0) return fail(`${at}.geometry.coordinates`, `must be a non-empty ${geometry.type} coordinate array`);
    for (let p = 0; p < polygons.length; p++) {
      const where = geometry.type === 'Polygon' ? `${at}.geometry` : `${at}.geometry.coordinates[${p}]`;
      const problem = polygonProblem(polygons[p]);
      if (problem) return fail(where, problem);
      positions += (polygons[p] as Position[][]).reduce((n, ring) => n + ring.length, 0);
    }
    if (positions > MAX_POSITIONS) return fail('features', `hold more than ${MAX_POSITIONS} coordinates; split the file`);
    if (code && name) {
      const g = { type: geometry.type, coordinates: geometry.coordinates } as AreaGeometry;
      areas.push({ code, name, geometry: g, bbox: turfBbox(g) as [number, number, number, number] });
    }
  });
  if (collection.features.length > MAX_FEATURES) fail('features', `holds ${collection.features.length} features; at most ${MAX_FEATURES} per upload`);
  if (!Object.keys(errors).length && areas.length === 0) fail('features', 'contains no Polygon or MultiPolygon features');
  return { kind: kind ?? 'ward', areas, skipped, errors };
}

function isFeatureWithProps(f: unknown): f is { properties: Record<string, unknown> } {
  return !!f && typeof f === 'object' && !!(f as { properties?: unknown }).properties && typeof (f as { properties: unknown }).properties === 'object';
}

/** `WD13CD` for CD with kind ward; skips ONS's `*CDO` (old codes) and `*NMW` (Welsh names). */
function detectProp(props: string[], suffix: 'CD' | 'NM', kind: AreaKind | undefined): string | undefined {
  const candidates = props.filter((p) => p.toUpperCase().endsWith(suffix) && p.length > 2);
  const prefixFor = kind ? KIND_PREFIXES.find(([k]) => k === kind)?.[1] : undefined;
  const preferred = prefixFor ? candidates.find((p) => prefixFor.test(p.slice(0, -2))) : undefined;
  return preferred ?? candidates.find((p) => KIND_PREFIXES.some(([, re]) => re.test(p.slice(0, -2)))) ?? candidates[0];
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
    if (!Array.isArray(ring) || ring.length < 4) return `${label} needs at least 4 positions (a closed triangle)`;
    for (const pos of ring as unknown[]) {
      if (!Array.isArray(pos) || pos.length < 2 || !pos.every((n) => typeof n === 'number' && Number.isFinite(n))) {
        return `${label} has a position that is not [longitude, latitude]`;
      }
      const [lng, lat] = pos as number[];
      if (Math.abs(lng!) > 180 || Math.abs(lat!) > 90) {
        return `${label} has [${lng}, ${lat}], outside longitude/latitude; the file looks projected (e.g. British National Grid) — export it as WGS84 (CRS84)`;
      }
    }
    const a = ring[0] as number[];
    const b = ring[ring.length - 1] as number[];
    if (a[0] !== b[0] || a[1] !== b[1]) return `${label} is not closed (its first and last positions differ)`;
  }
  return undefined;
}
