/**
 * UK postcodes → a point, only ever as a step towards an H3 cell: callers turn the point into
 * a cell at once and keep neither the point nor the full postcode.
 *
 * Lookup falls back from the unit ('E2 7DG') to its sector ('E2 7') to its district ('E2'), so
 * the self-made sector table of the demo area answers for every postcode in it, and an imported
 * ONS Postcode Directory answers to the unit.
 */
import { invalid } from '../http/errors.js';
import type { Db } from '../../db/schema.js';
import { findPostcodePoints } from './queries.js';

export type PostcodePrecision = 'unit' | 'sector' | 'district';

export interface ParsedPostcode {
  /** The most precise key the input gives: 'E2 7DG', or 'E2 7' / 'E2' when partial input is allowed. */
  key: string;
  kind: PostcodePrecision;
  sector: string | null;
  district: string;
}

export interface ResolvedPostcode {
  lat: number;
  lng: number;
  /** Which level of the table answered. */
  precision: PostcodePrecision;
}

export const INVALID_POSTCODE = 'not a valid UK postcode';
export const UNKNOWN_POSTCODE =
  'is not in the postcode table (an admin can import the ONS Postcode Directory)';

const OUTWARD = /^(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)$/;
const INWARD = /^\d[ABD-HJLNP-UW-Z]{2}$/;

/**
 * Normalises a UK postcode ("e27dg", " E2  7dg ") to its canonical spaced form and splits it.
 * With `allowPartial`, a sector ("E2 7") or district ("E2") is accepted too — coarser input is
 * never less private. Returns null for anything else.
 */
export function parsePostcode(input: string, allowPartial = false): ParsedPostcode | null {
  const compact = input.toUpperCase().replace(/\s+/g, '');
  if (compact.length >= 5 && compact.length <= 7) {
    const outward = compact.slice(0, -3);
    const inward = compact.slice(-3);
    if (OUTWARD.test(outward) && (INWARD.test(inward) || `${outward}${inward}` === 'GIR0AA')) {
      return {
        key: `${outward} ${inward}`,
        kind: 'unit',
        sector: `${outward} ${inward[0]}`,
        district: outward,
      };
    }
  }
  if (!allowPartial) return null;
  const parts = input.toUpperCase().trim().split(/\s+/);
  const [outward, digit] = parts;
  if (!outward || !OUTWARD.test(outward) || parts.length > 2) return null;
  if (digit === undefined)
    return { key: outward, kind: 'district', sector: null, district: outward };
  if (!/^\d$/.test(digit)) return null;
  return {
    key: `${outward} ${digit}`,
    kind: 'sector',
    sector: `${outward} ${digit}`,
    district: outward,
  };
}

export interface ResolveOptions {
  /** The field named in a 422 ('postcode', 'items.3.postcode' …). */
  field?: string;
  /** Accept a sector or district as well as a full postcode. */
  allowPartial?: boolean;
}

/** One postcode → a point; 422 naming the field when it is malformed or unknown. */
export async function resolvePostcode(
  db: Db,
  postcode: string,
  options: ResolveOptions = {},
): Promise<ResolvedPostcode> {
  const field = options.field ?? 'postcode';
  const [result] = await resolvePostcodes(db, [postcode], options.allowPartial);
  if (!result || 'error' in result) throw invalid({ [field]: result?.error ?? INVALID_POSTCODE });
  return result;
}

/**
 * Many postcodes in one query (the batch paths): one result per input, in order, each a point
 * or `{ error }` with the reason for a 422.
 */
export async function resolvePostcodes(
  db: Db,
  postcodes: string[],
  allowPartial = false,
): Promise<(ResolvedPostcode | { error: string })[]> {
  const parsed = postcodes.map((p) => parsePostcode(p, allowPartial));
  const keys = new Set<string>();
  for (const p of parsed) {
    if (!p) continue;
    keys.add(p.key);
    if (p.sector) keys.add(p.sector);
    keys.add(p.district);
  }
  const points = await findPostcodePoints(db, [...keys]);
  return parsed.map((p) => {
    if (!p) return { error: INVALID_POSTCODE };
    for (const key of [p.key, p.sector, p.district]) {
      const point = key ? points.get(key) : undefined;
      if (point) return { lat: point.lat, lng: point.lng, precision: point.kind };
    }
    return { error: UNKNOWN_POSTCODE };
  });
}
