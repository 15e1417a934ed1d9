/** Directory queries. Lists load their children (tags, locations, schedules) in one query each: no N+1. */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../db/compiled-once.js';
import type { DB, Db } from '../../db/schema.js';
import type { CursorKey } from '../http/pagination.js';
import { staleRank } from '../listings/stale.js';
import { serviceRows, servicesWithOrganisation } from './rows.js';

export type Bbox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export interface ServiceFilters {
  /** Tag slugs, already expanded to include children of parent tags. */
  tags?: string[];
  q?: string;
  near?: { lat: number; lng: number; radiusKm: number };
  bbox?: Bbox;
  status?: string;
  day?: number;
  /** With `day`: a session that day overlapping [timeFrom, timeTo) ("HH:MM"). */
  timeFrom?: string;
  timeTo?: string;
  organisationId?: string;
  age?: number;
  asylumSeekersWelcome?: boolean;
  noIdNeeded?: boolean;
  nrpfOk?: boolean;
  noExperienceNeeded?: boolean;
  bringFriend?: boolean;
  format?: string[];
  cost?: string[];
  accepting?: string[];
  language?: string;
  limit: number;
  /** The cursor: [stale, name, id], or [stale, distanceKm, id] when `near` is given (stale: 0 or 1). */
  after?: CursorKey;
  /** "Now" for the stale rank (tests). */
  now?: Date;
}

const KM_PER_DEGREE_LAT = 111.32;

/** Great-circle distance in km from a point to `locations` (haversine, clamped against rounding). */
export function distanceKm(lat: number, lng: number) {
  return sql<number>`(2 * 6371 * asin(least(1, sqrt(power(sin(radians(locations.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(locations.lat)) * power(sin(radians(locations.lng - ${lng}) / 2), 2)))))`;
}

/** `%` and `_` typed by a user are literal text, not wildcards. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export async function findServices(db: Db, f: ServiceFilters) {
  let q = serviceRows(db)
    // Stale listings (not confirmed for six months) sort after checked ones, whatever the order.
    .select(staleRank(f.now).as('staleRank'));
  const rank = staleRank(f.now);

  if (f.near) {
    const { lat, lng, radiusKm } = f.near;
    // Bounding-box prefilter (uses the lng/lat index), then the exact distance to the nearest
    // non-confidential location: a refuge's point never decides, or leaks through, a distance.
    const dLat = radiusKm / KM_PER_DEGREE_LAT;
    const dLng = radiusKm / (KM_PER_DEGREE_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    const nearest = db
      .selectFrom('serviceLocations')
      .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
      .select([
        'serviceLocations.serviceId',
        sql<number>`min(${distanceKm(lat, lng)})`.as('distanceKm'),
      ])
      .where('locations.confidential', '=', false)
      .where('locations.lat', '>=', lat - dLat)
      .where('locations.lat', '<=', lat + dLat)
      .where('locations.lng', '>=', lng - dLng)
      .where('locations.lng', '<=', lng + dLng)
      .groupBy('serviceLocations.serviceId')
      .having(sql<number>`min(${distanceKm(lat, lng)})`, '<=', radiusKm)
      .as('nearest');
    let nq = q.innerJoin(nearest, 'nearest.serviceId', 'services.id').select('nearest.distanceKm');
    nq = nq.where((eb) => applyFilters(eb, f));
    if (f.after) {
      const [stale, d, id] = f.after as [number, number, string];
      nq = nq.where(
        sql<SqlBool>`(${rank}, nearest.distance_km, services.id) > (${stale}, ${d}::double precision, ${id}::uuid)`,
      );
    }
    return nq
      .orderBy(rank)
      .orderBy('nearest.distanceKm')
      .orderBy('services.id')
      .limit(f.limit + 1)
      .execute();
  }

  q = q.where((eb) => applyFilters(eb, f));
  if (f.after) {
    const [stale, name, id] = f.after as [number, string, string];
    q = q.where(
      sql<SqlBool>`(${rank}, services.name, services.id) > (${stale}, ${name}, ${id}::uuid)`,
    );
  }
  const rows = await q
    .orderBy(rank)
    .orderBy('services.name')
    .orderBy('services.id')
    .limit(f.limit + 1)
    .execute();
  return rows.map((r) => ({ ...r, distanceKm: undefined as number | undefined }));
}

type FilterBuilder = ExpressionBuilder<DB, 'services' | 'organisations'>;

/** Services matching every filter but the distance: for callers that page by offset (ORUK). */
export function matchingServices(db: Db, f: Omit<ServiceFilters, 'near' | 'limit' | 'after'>) {
  return servicesWithOrganisation(db).where((eb) => applyFilters(eb, { ...f, limit: 0 }));
}

/** Every filter but the distance, as one AND. */
function applyFilters(eb: FilterBuilder, f: ServiceFilters): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [];
  if (f.tags?.length) {
    const tags = f.tags;
    all.push(
      eb.exists(
        eb
          .selectFrom('serviceTags')
          .select(sql`1`.as('one'))
          .whereRef('serviceTags.serviceId', '=', 'services.id')
          .where('serviceTags.tagSlug', 'in', tags),
      ),
    );
  }
  if (f.q) {
    for (const word of f.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
      const p = likePattern(word);
      all.push(
        eb.or([
          eb('services.name', 'ilike', p),
          eb('services.summary', 'ilike', p),
          eb('services.description', 'ilike', p),
        ]),
      );
    }
  }
  if (f.bbox) {
    const [minLng, minLat, maxLng, maxLat] = f.bbox;
    all.push(
      eb.exists(
        eb
          .selectFrom('serviceLocations')
          .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
          .select(sql`1`.as('one'))
          .whereRef('serviceLocations.serviceId', '=', 'services.id')
          .where('locations.confidential', '=', false)
          .where('locations.lng', '>=', minLng)
          .where('locations.lng', '<=', maxLng)
          .where('locations.lat', '>=', minLat)
          .where('locations.lat', '<=', maxLat),
      ),
    );
  }
  if (f.day !== undefined) {
    const day = f.day;
    let session = eb
      .selectFrom('schedules')
      .select(sql`1`.as('one'))
      .whereRef('schedules.serviceId', '=', 'services.id')
      .where('schedules.day', '=', day);
    // "HH:MM" text compares in time order; a session overlaps when it starts before the window
    // ends and ends after it starts.
    if (f.timeTo) session = session.where('schedules.startTime', '<', f.timeTo);
    if (f.timeFrom) session = session.where('schedules.endTime', '>', f.timeFrom);
    all.push(eb.exists(session));
  }
  if (f.status) all.push(eb('services.status', '=', f.status as never));
  if (f.organisationId) all.push(eb('services.organisationId', '=', f.organisationId));
  if (f.age !== undefined) {
    all.push(eb.or([eb('services.ageMin', 'is', null), eb('services.ageMin', '<=', f.age)]));
    all.push(eb.or([eb('services.ageMax', 'is', null), eb('services.ageMax', '>=', f.age)]));
  }
  for (const flag of [
    'asylumSeekersWelcome',
    'noIdNeeded',
    'nrpfOk',
    'noExperienceNeeded',
    'bringFriend',
  ] as const) {
    if (f[flag] !== undefined) all.push(eb(`services.${flag}`, '=', f[flag]));
  }
  if (f.format?.length) all.push(eb('services.format', 'in', f.format as never[]));
  if (f.cost?.length) all.push(eb('services.costKind', 'in', f.cost as never[]));
  if (f.accepting?.length) all.push(eb('services.accepting', 'in', f.accepting as never[]));
  if (f.language)
    all.push(sql<SqlBool>`services.languages @> ${JSON.stringify([f.language])}::jsonb`);
  return eb.and(all);
}

/**
 * Tags, locations, schedules and translations for a set of services, in one statement (four JSON
 * arrays), not four: each is a round trip and a statement's work in both processes, and every
 * directory page and gap check reads these. The ids are one array, so the text never changes: it
 * is compiled once.
 */
const childrenOf = compiledOnce((db: Db, serviceIds: string[]) => {
  const ids = sql<string>`any(${serviceIds}::uuid[])`;
  return db.selectNoFrom([
    jsonArrayFrom(
      db
        .selectFrom('serviceTags')
        .select(['serviceId', 'tagSlug'])
        .where('serviceId', '=', ids)
        .orderBy('tagSlug'),
    ).as('tags'),
    jsonArrayFrom(
      db
        .selectFrom('serviceLocations')
        .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
        .select([
          'serviceLocations.serviceId',
          'locations.id',
          'locations.name',
          'locations.address',
          'locations.postcode',
          'locations.district',
          'locations.lat',
          'locations.lng',
          'locations.cell',
          'locations.bookable',
          'locations.bookingInfo',
          'locations.accessibility',
          'locations.confidential',
          'locations.sourceId',
        ])
        .where('serviceLocations.serviceId', '=', ids)
        .orderBy('locations.name')
        .orderBy('locations.id'),
    ).as('locations'),
    jsonArrayFrom(
      db
        .selectFrom('schedules')
        .select([
          'id',
          'serviceId',
          'locationId',
          'day',
          'startTime',
          'endTime',
          'frequency',
          'validFrom',
          'validTo',
        ])
        .where('serviceId', '=', ids)
        .orderBy('day')
        .orderBy('startTime')
        .orderBy('id'),
    ).as('schedules'),
    jsonArrayFrom(
      db
        .selectFrom('serviceTranslations')
        .select(['serviceId', 'language', 'summary', 'howToJoin'])
        .where('serviceId', '=', ids)
        .orderBy('language'),
    ).as('translations'),
  ]);
});

export async function loadServiceChildren(db: Db, serviceIds: string[]) {
  if (!serviceIds.length) return { tags: [], locations: [], schedules: [], translations: [] };
  const [children] = await childrenOf(db, serviceIds);
  return children!;
}

export type PointFilters = Pick<
  ServiceFilters,
  'bbox' | 'tags' | 'day' | 'timeFrom' | 'timeTo' | 'language'
>;

/**
 * Service locations as map points (confidential locations are never mapped). Day, time and
 * language reuse the directory's own filters, so the map and the list agree on what matches.
 */
export function findServicePoints(db: Db, f: PointFilters, limit: number) {
  let q = db
    .selectFrom('serviceLocations')
    .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
    .innerJoin('services', 'services.id', 'serviceLocations.serviceId')
    .select([
      'services.id as serviceId',
      'services.name',
      'services.summary',
      'services.status',
      'services.costKind',
      'services.accepting',
      'services.languages',
      'services.accessibility as serviceAccessibility',
      'locations.id as locationId',
      'locations.name as locationName',
      'locations.lat',
      'locations.lng',
      'locations.bookable',
      'locations.accessibility as locationAccessibility',
      sql<
        string[]
      >`coalesce((select json_agg(st.tag_slug order by st.tag_slug) from service_tags st where st.service_id = services.id), '[]')`.as(
        'tags',
      ),
    ])
    .where('locations.confidential', '=', false)
    .where('services.status', '!=', 'ended');
  if (f.bbox) {
    const [minLng, minLat, maxLng, maxLat] = f.bbox;
    q = q
      .where('locations.lng', '>=', minLng)
      .where('locations.lng', '<=', maxLng)
      .where('locations.lat', '>=', minLat)
      .where('locations.lat', '<=', maxLat);
  }
  const { tags, day, timeFrom, timeTo, language } = f;
  if (tags?.length || day !== undefined || language) {
    q = q.where(
      'services.id',
      'in',
      matchingServices(db, { tags, day, timeFrom, timeTo, language }).select('services.id'),
    );
  }
  return q.orderBy('services.name').orderBy('locations.id').limit(limit).execute();
}
