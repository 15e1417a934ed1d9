/**
 * The directory's search as URL parameters and as the API's query, in one pure module (tested
 * without a browser), so a search can be shared as a link and restored from one:
 * `/directory?place=E2%206&near=51.525,-0.062&radius=2&day=2&time=morning&tag=befriending`.
 * A value the URL cannot mean is dropped, not trusted.
 */
import { parseDay, TIME_SLOTS } from '../map/filterQuery.js';
import type { ServiceQuery } from './directoryApi.js';
import type services from '../../i18n/messages/services.js';

export const ELIGIBILITY = [
  ['asylumSeekersWelcome', 'eligibilityAsylum'],
  ['noIdNeeded', 'eligibilityNoId'],
  ['nrpfOk', 'eligibilityNrpf'],
  ['noExperienceNeeded', 'eligibilityNoExperience'],
  ['bringFriend', 'eligibilityFriend'],
] as const satisfies readonly (readonly [string, keyof typeof services.en])[];
export type EligibilityKey = (typeof ELIGIBILITY)[number][0];

export const RADII = [0.5, 1, 2, 5, 10] as const;
export const DEFAULT_RADIUS = 2;
const COSTS = ['free', 'low_cost', 'paid'];
const FORMATS = ['drop_in', 'booking', 'course'];

export interface DirectorySearch {
  q: string;
  tags: string[];
  /** The place's name as shown in the place input ("E2 6", "Bethnal Green"). */
  place: string;
  near: { lat: number; lng: number } | null;
  radiusKm: number;
  day: string;
  time: string;
  age: string;
  language: string;
  cost: string[];
  format: string[];
  eligibility: EligibilityKey[];
  includeInactive: boolean;
}

export const EMPTY_SEARCH: DirectorySearch = {
  q: '',
  tags: [],
  place: '',
  near: null,
  radiusKm: DEFAULT_RADIUS,
  day: '',
  time: '',
  age: '',
  language: '',
  cost: [],
  format: [],
  eligibility: [],
  includeInactive: false,
};

type Params = Partial<Record<string, string | string[]>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const list = (v: string | string[] | undefined, allowed?: readonly string[]) =>
  (Array.isArray(v) ? v : [v ?? ''])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s && (!allowed || allowed.includes(s)));

function parseNear(value: string): { lat: number; lng: number } | null {
  const [lat, lng] = value.split(',').map(Number);
  if (
    lat === undefined ||
    lng === undefined ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lng) ||
    Math.abs(lat) > 90 ||
    Math.abs(lng) > 180
  )
    return null;
  return { lat, lng };
}

export function searchFromParams(p: Params): DirectorySearch {
  const radius = Number(one(p.radius));
  const day = one(p.day);
  const age = one(p.age);
  return {
    q: one(p.q).slice(0, 200),
    tags: list(p.tag).filter((t) => /^[a-z0-9-]+$/.test(t)),
    place: one(p.place).slice(0, 100),
    near: parseNear(one(p.near)),
    radiusKm: (RADII as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS,
    day: parseDay(day) === undefined ? '' : day,
    time: TIME_SLOTS.some((s) => s.value === one(p.time)) ? one(p.time) : '',
    age: /^\d{1,3}$/.test(age) && Number(age) <= 120 ? age : '',
    language: /^[a-z]{2,3}$/.test(one(p.lang)) ? one(p.lang) : '',
    cost: list(p.cost, COSTS),
    format: list(p.format, FORMATS),
    eligibility: list(
      p.for,
      ELIGIBILITY.map(([k]) => k),
    ) as EligibilityKey[],
    includeInactive: one(p.all) === '1',
  };
}

/** URL parameters for a search; empty values are left out so links stay short. */
export function searchToParams(s: DirectorySearch): Record<string, string | undefined> {
  const text = (v: string) => v || undefined;
  const join = (v: string[]) => (v.length ? v.join(',') : undefined);
  return {
    q: text(s.q),
    tag: join(s.tags),
    place: s.near ? text(s.place) : undefined,
    near: s.near ? `${s.near.lat.toFixed(5)},${s.near.lng.toFixed(5)}` : undefined,
    radius: s.near && s.radiusKm !== DEFAULT_RADIUS ? String(s.radiusKm) : undefined,
    day: text(s.day),
    time: s.day ? text(s.time) : undefined,
    age: text(s.age),
    lang: text(s.language),
    cost: join(s.cost),
    format: join(s.format),
    for: join(s.eligibility),
    all: s.includeInactive ? '1' : undefined,
  };
}

/** GET /api/v1/services parameters: nearest first with a place; a part of the day narrows the day. */
export function searchToApi(s: DirectorySearch): ServiceQuery {
  const slot = TIME_SLOTS.find((t) => t.value === s.time);
  const q: ServiceQuery = {
    q: s.q || undefined,
    tag: s.tags,
    day: s.day || undefined,
    age: s.age || undefined,
    language: s.language || undefined,
    cost: s.cost,
    format: s.format,
    status: s.includeInactive ? undefined : 'active',
  };
  if (s.near) Object.assign(q, { near: `${s.near.lat},${s.near.lng}`, radiusKm: s.radiusKm });
  if (s.day && slot) Object.assign(q, { from: slot.from, to: slot.to });
  for (const key of s.eligibility) q[key] = 'true';
  return q;
}

/** How many filters beyond the place and text are on: the phone's "Filters (n)" button says it. */
export function activeFilterCount(s: DirectorySearch): number {
  return (
    s.tags.length +
    (s.day ? 1 : 0) +
    (s.time ? 1 : 0) +
    (s.age ? 1 : 0) +
    (s.language ? 1 : 0) +
    s.cost.length +
    s.format.length +
    s.eligibility.length +
    (s.includeInactive ? 1 : 0)
  );
}
