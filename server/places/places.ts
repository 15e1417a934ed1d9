/**
 * Place search: what a person types ("Bethnal Green", "bethnal", "E2", "E2 6", "E2 6LA",
 * "Oxford House") → places to fly to or search near. Areas, postcodes at the precision the table
 * knows (district, sector, unit) and named venues; never a confidential location.
 */
import type { AREA_KINDS, Db } from '../../db/schema.js';
import { parsePostcode } from '../postcodes/postcodes.js';
import { findPostcodePoints } from '../postcodes/queries.js';
import { findAreasByName, findPostcodesByPrefix, findVenuesByName } from './queries.js';

export type PlaceKind = 'area' | 'postcode' | 'venue';

export interface Place {
  kind: PlaceKind;
  name: string;
  lat: number;
  lng: number;
  bbox?: [number, number, number, number];
  areaKind?: (typeof AREA_KINDS)[number];
  /** What the place is, in words: "Neighbourhood", "Postcode sector", a venue's district. */
  detail: string;
  /** For postcodes: how precise the point is. */
  precision?: 'unit' | 'sector' | 'district';
}

const AREA_KIND_TEXT: Record<(typeof AREA_KINDS)[number], string> = {
  ward: 'Ward',
  lsoa: 'LSOA',
  msoa: 'MSOA',
  lad: 'Local authority',
  neighbourhood: 'Neighbourhood',
};
const PRECISION_TEXT = {
  unit: 'Postcode',
  sector: 'Postcode sector',
  district: 'Postcode district',
} as const;

/** Looks like the start of a UK postcode: letters then a digit ("E2", "E2 6", "SW1A 1", "e26la"). */
const POSTCODE_START = /^[A-Z]{1,2}\d[A-Z\d]?( ?\d[A-Z]{0,2})?$/;

/**
 * The postcode key prefix a query means, or null when it cannot be a postcode. A complete
 * postcode typed without its space ("E26LA") is spaced; anything partial keeps the user's space.
 */
export function postcodePrefix(q: string): string | null {
  const text = q.toUpperCase().trim().replace(/\s+/g, ' ');
  if (!POSTCODE_START.test(text)) return null;
  const full = parsePostcode(text);
  if (full) return full.key;
  return text;
}

export async function searchPlaces(db: Db, q: string, limit: number): Promise<Place[]> {
  const text = q.trim().replace(/\s+/g, ' ');
  if (!text) return [];
  const prefix = postcodePrefix(text);
  const [areas, postcodes, venues] = await Promise.all([
    findAreasByName(db, text, limit),
    prefix ? findPostcodesByPrefix(db, prefix, limit) : Promise.resolve([]),
    findVenuesByName(db, text, limit),
  ]);
  const areaPlaces: Place[] = areas.map((a) => {
    const [minLng, minLat, maxLng, maxLat] = a.bbox;
    return {
      kind: 'area',
      name: a.name,
      lat: round((minLat + maxLat) / 2),
      lng: round((minLng + maxLng) / 2),
      bbox: a.bbox,
      areaKind: a.kind,
      detail: AREA_KIND_TEXT[a.kind],
    };
  });
  const postcodePlaces: Place[] = postcodes.map((p) => ({
    kind: 'postcode',
    name: p.key,
    lat: round(p.lat),
    lng: round(p.lng),
    detail: PRECISION_TEXT[p.kind],
    precision: p.kind,
  }));
  // A full postcode the table does not hold (no ONS import yet) is still found, placed at its
  // sector or district as every postcode lookup of the app places it.
  const unit = prefix ? parsePostcode(prefix) : null;
  if (unit && !postcodes.some((p) => p.key === unit.key)) {
    const points = await findPostcodePoints(db, [unit.sector!, unit.district]);
    const coarse = points.get(unit.sector!) ?? points.get(unit.district);
    const at = points.has(unit.sector!) ? unit.sector! : unit.district;
    if (coarse)
      postcodePlaces.unshift({
        kind: 'postcode',
        name: unit.key,
        lat: round(coarse.lat),
        lng: round(coarse.lng),
        detail: `Postcode (placed at ${PRECISION_TEXT[coarse.kind].toLowerCase()} ${at})`,
        precision: coarse.kind,
      });
  }
  const venuePlaces: Place[] = venues.map((v) => ({
    kind: 'venue',
    name: v.name,
    lat: round(v.lat),
    lng: round(v.lng),
    detail: v.district ? `Venue in ${v.district}` : 'Venue',
  }));
  // Postcode-shaped input wants postcodes first; words want areas, then venues.
  const ordered = prefix
    ? [...postcodePlaces, ...areaPlaces, ...venuePlaces]
    : [...areaPlaces, ...venuePlaces, ...postcodePlaces];
  return ordered.slice(0, limit);
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;
