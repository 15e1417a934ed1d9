/**
 * How a service's listing becomes supply for the gap engine: which barriers it answers, its
 * capacity at one location, where it may be said to be, and the words a reason uses for it.
 */
import { cellToLatLng, cellToParent } from 'h3-js';
import { distance as turfDistance } from '@turf/distance';
import { DEFAULT_CAPACITY, type AnswerableBarrier, type SupplyLocation } from './engine.js';
import type { ScheduleRow, SupplyRow } from './queries.js';

/** An evening session starts at or after this time (answers the timing barrier). */
export const EVENING_FROM = '17:00';

export function isEveningOrWeekend(s: Pick<ScheduleRow, 'day' | 'startTime'>): boolean {
  return s.day >= 6 || s.startTime >= EVENING_FROM;
}

/**
 * free → cost; step-free (service or location) → access; an evening or weekend session → timing;
 * a language other than English → language (the roll-ups do not keep which language a flag
 * asked for, so any non-English offer counts).
 */
/** The attributes serviceAnswers reads (the directory's map points carry these too). */
export type AnswerFacts = Pick<
  SupplyRow,
  | 'serviceId'
  | 'locationId'
  | 'costKind'
  | 'languages'
  | 'serviceAccessibility'
  | 'locationAccessibility'
>;

export function serviceAnswers(row: AnswerFacts, schedules: ScheduleRow[]): Set<AnswerableBarrier> {
  const answers = new Set<AnswerableBarrier>();
  if (row.costKind === 'free') answers.add('cost');
  if (
    [...row.serviceAccessibility, ...row.locationAccessibility].some((a) =>
      /step[_ -]?free|wheelchair/i.test(a),
    )
  )
    answers.add('access');
  if (
    schedules.some(
      (s) =>
        s.serviceId === row.serviceId &&
        (s.locationId === null || s.locationId === row.locationId) &&
        isEveningOrWeekend(s),
    )
  ) {
    answers.add('timing');
  }
  if (row.languages.some((l) => !/^(en|eng|english)$/i.test(l.trim()))) answers.add('language');
  return answers;
}

/** A full service is no supply (DESIGN.md); a waitlist still is, at its stated capacity. */
export function isSupply(row: SupplyRow): boolean {
  return row.accepting !== 'full';
}

/** One service location as supply; `schedules` may be just this service's own. */
export function toSupplyLocation(row: SupplyRow, schedules: ScheduleRow[]): SupplyLocation {
  return {
    serviceId: row.serviceId,
    cell: row.cell,
    capacity: (row.capacity ?? DEFAULT_CAPACITY) / Math.max(1, row.locationCount),
    answers: serviceAnswers(row, schedules),
  };
}

/**
 * The point distances are measured to: the location itself, or for a confidential location the
 * centre of its res-7 cell (≈ 5 km²), so no distance can be used to find a refuge.
 */
export function publicPoint(
  row: Pick<SupplyRow, 'lat' | 'lng' | 'cell' | 'confidential'>,
): [lng: number, lat: number] {
  if (!row.confidential) return [row.lng, row.lat];
  const [lat, lng] = cellToLatLng(cellToParent(row.cell, 7));
  return [lng, lat];
}

export function distanceKm(
  from: [lng: number, lat: number],
  to: [lng: number, lat: number],
): number {
  return turfDistance(from, to, { units: 'kilometers' });
}

const RADIANS = Math.PI / 180;

/**
 * Finds, for point after point, the nearest of `rows` (by public point; the first in `rows`'
 * order on a tie) and its distanceKm. The points are converted once and compared by the haversine
 * term distanceKm is computed from (monotonic in the distance); only the winner's distance is
 * measured. A ranking page names the nearest service for each of its items among thousands.
 */
export function nearestFinder(
  rows: SupplyRow[],
): (from: [lng: number, lat: number]) => { row: SupplyRow; km: number } | undefined {
  const n = rows.length;
  const lat = new Float64Array(n);
  const lng = new Float64Array(n);
  const cosLat = new Float64Array(n);
  rows.forEach((row, i) => {
    const [x, y] = publicPoint(row);
    lat[i] = y * RADIANS;
    lng[i] = x * RADIANS;
    cosLat[i] = Math.cos(lat[i]!);
  });
  return (from) => {
    const lat0 = from[1] * RADIANS;
    const lng0 = from[0] * RADIANS;
    const cos0 = Math.cos(lat0);
    let best = -1;
    let bestTerm = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const sinLat = Math.sin((lat[i]! - lat0) / 2);
      const sinLng = Math.sin((lng[i]! - lng0) / 2);
      const term = sinLat * sinLat + sinLng * sinLng * cos0 * cosLat[i]!;
      if (term < bestTerm) {
        bestTerm = term;
        best = i;
      }
    }
    if (best < 0) return undefined;
    const row = rows[best]!;
    return { row, km: distanceKm(from, publicPoint(row)) };
  };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Words for what about a service may keep the recorded barriers from being met. */
export function serviceShortfalls(
  row: SupplyRow,
  schedules: ScheduleRow[],
  barriers: ReadonlySet<string>,
): string[] {
  const answers = serviceAnswers(row, schedules);
  const words: string[] = [];
  if (row.accepting === 'full') words.push('full');
  if (row.accepting === 'waitlist') words.push('waiting list');
  const own = schedules.filter((s) => s.serviceId === row.serviceId);
  if (own.length && !answers.has('timing')) words.push('daytime only');
  if (barriers.has('cost') && !answers.has('cost'))
    words.push(row.costKind === 'low_cost' ? 'low cost, not free' : 'paid');
  if (barriers.has('access') && !answers.has('access')) words.push('not step-free');
  if (barriers.has('language') && !answers.has('language')) words.push('English only');
  return words;
}
