/**
 * Rules that span fields or need the database. They run on the record as it will be after the
 * write (a PATCH merged over the stored row), so `ageMin` alone can still clash with `ageMax`.
 * Every problem is collected first, so one 422 names every field at once.
 */
import type { Db } from '../../db/schema.js';
import { insideUk } from '../geo/params.js';
import { invalid } from '../http/errors.js';
import { resolvePostcodes } from '../postcodes/postcodes.js';
import { unknownTags } from '../taxonomy/queries.js';
import type { LocationInput, ScheduleInput } from './schemas.js';

export interface ServiceShape {
  ageMin: number | null;
  ageMax: number | null;
  format: string;
  courseWeeks: number | null;
  referralRoute: string;
  referralUrl: string | null;
  referralEmail: string | null;
}

export interface ChildrenInput {
  organisationId: string;
  tags?: string[];
  locations?: LocationInput[];
  schedules?: ScheduleInput[];
  /** Ids of the locations the service keeps when `locations` is not being replaced. */
  currentLocationIds: string[];
}

export async function checkServiceRules(db: Db, s: ServiceShape, c: ChildrenInput): Promise<void> {
  const problems: Record<string, string> = {};
  if (s.ageMin !== null && s.ageMax !== null && s.ageMin > s.ageMax)
    problems.ageMax = 'must be at least ageMin';
  if (s.format === 'course' && s.courseWeeks === null)
    problems.courseWeeks = 'is required for a course (number of weeks)';
  if (s.referralRoute === 'other' && !s.referralUrl && !s.referralEmail) {
    problems.referralUrl = 'give a URL or an email address for the referral route "other"';
  }
  if (c.tags) {
    const unknown = await unknownTags(db, [...new Set(c.tags)]);
    if (unknown.length) problems.tags = `unknown tags: ${unknown.join(', ')}`;
  }
  if (c.locations) await checkLocations(db, c.organisationId, c.locations, problems);
  if (c.schedules) {
    const known = c.locations
      ? c.locations.map((l) => l.id).filter((id): id is string => !!id)
      : c.currentLocationIds;
    checkSchedules(c.schedules, c.locations?.length ?? 0, new Set(known), problems);
  }
  if (Object.keys(problems).length) throw invalid(problems);
}

async function checkLocations(
  db: Db,
  organisationId: string,
  locations: LocationInput[],
  problems: Record<string, string>,
) {
  const ids = locations.map((l) => l.id).filter((id): id is string => !!id);
  const stored = ids.length
    ? await db
        .selectFrom('locations')
        .select(['id', 'lat', 'lng', 'address', 'postcode'])
        .where('id', 'in', ids)
        .where('organisationId', '=', organisationId)
        .execute()
    : [];
  const owned = new Set(stored.map((r) => r.id));
  // A kept venue may be sent without what the API never showed (a confidential venue's point
  // and address): those keep their stored values instead of being erased.
  const byId = new Map(stored.map((r) => [r.id, r]));
  for (const l of locations) {
    const row = l.id ? byId.get(l.id) : undefined;
    if (!row) continue;
    if (l.lat === undefined && l.lng === undefined && !l.postcode)
      Object.assign(l, { lat: row.lat, lng: row.lng });
    if (l.address === undefined) l.address = row.address;
    if (l.postcode === undefined) l.postcode = row.postcode;
  }
  // A venue given by postcode alone is placed at the postcode's point (unit, else its sector or
  // district centroid); the input is completed in place so the write stores that point.
  const byPostcode = locations
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.lat === undefined && l.lng === undefined && l.postcode);
  const points = await resolvePostcodes(
    db,
    byPostcode.map(({ l }) => l.postcode as string),
  );
  byPostcode.forEach(({ l, i }, k) => {
    const point = points[k];
    if (point && 'lat' in point) Object.assign(l, { lat: point.lat, lng: point.lng });
    else problems[`locations.${i}.postcode`] = point?.error ?? 'could not be found';
  });
  const seen = new Set<string>();
  locations.forEach((l, i) => {
    const at = `locations.${i}`;
    if (l.id) {
      if (!owned.has(l.id)) problems[`${at}.id`] = 'is not a location of this organisation';
      else if (seen.has(l.id)) problems[`${at}.id`] = 'is listed twice';
      seen.add(l.id);
    }
    if ((l.lat === undefined) !== (l.lng === undefined)) {
      problems[`${at}.${l.lat === undefined ? 'lat' : 'lng'}`] = 'give both lat and lng';
    } else if (l.lat === undefined || l.lng === undefined) {
      // The point is what the map, distance search and gap engine use.
      if (!problems[`${at}.postcode`])
        problems[`${at}.lat`] = 'is required: give lat and lng, or a postcode';
    } else if (!insideUk(l.lat, l.lng)) {
      problems[`${at}.lat`] = 'must be inside the UK (lat/lng)';
    }
    if (l.confidential && !l.district?.trim())
      problems[`${at}.district`] =
        'is required for a confidential location (it is all the card shows)';
  });
}

function checkSchedules(
  schedules: ScheduleInput[],
  newLocations: number,
  knownIds: Set<string>,
  problems: Record<string, string>,
) {
  schedules.forEach((s, i) => {
    const at = `schedules.${i}`;
    if (s.end <= s.start) problems[`${at}.end`] = 'must be after start';
    if (s.locationIndex !== undefined && s.locationId)
      problems[`${at}.locationId`] = 'give locationId or locationIndex, not both';
    else if (s.locationIndex !== undefined && s.locationIndex >= newLocations)
      problems[`${at}.locationIndex`] = 'does not point at one of the locations';
    else if (s.locationId && !knownIds.has(s.locationId))
      problems[`${at}.locationId`] = 'is not a location of this service';
    if (s.validFrom && s.validTo && s.validTo < s.validFrom)
      problems[`${at}.validTo`] = 'must not be before validFrom';
  });
}
