/** Directory queries. Lists load their children (tags, locations, schedules) in one query each: no N+1. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CursorKey } from '../http/pagination.js';

type Db = Kysely<DB> | Transaction<DB>;

export type Bbox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export interface ServiceFilters {
  /** Tag slugs, already expanded to include children of parent tags. */
  tags?: string[];
  bbox?: Bbox;
  status?: string;
  limit: number;
  after?: CursorKey;
}

export async function findServices(db: Db, f: ServiceFilters) {
  let q = db.selectFrom('services').selectAll('services');
  if (f.tags?.length) {
    const tags = f.tags;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('serviceTags').select(sql`1`.as('one')).whereRef('serviceTags.serviceId', '=', 'services.id').where('serviceTags.tagSlug', 'in', tags)),
    );
  }
  if (f.bbox) {
    const [minLng, minLat, maxLng, maxLat] = f.bbox;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('serviceLocations')
          .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
          .select(sql`1`.as('one'))
          .whereRef('serviceLocations.serviceId', '=', 'services.id')
          .where('locations.confidential', '=', false)
          .where('locations.lng', '>=', minLng).where('locations.lng', '<=', maxLng)
          .where('locations.lat', '>=', minLat).where('locations.lat', '<=', maxLat),
      ),
    );
  }
  if (f.status) q = q.where('services.status', '=', f.status as never);
  if (f.after) {
    const [name, id] = f.after as [string, string];
    q = q.where((eb) => eb.or([eb('services.name', '>', name), eb.and([eb('services.name', '=', name), eb('services.id', '>', id)])]));
  }
  return q.orderBy('services.name').orderBy('services.id').limit(f.limit + 1).execute();
}

/** Tags, locations and schedules for a set of services, three queries in all. */
export async function loadServiceChildren(db: Db, serviceIds: string[]) {
  if (!serviceIds.length) return { tags: [], locations: [], schedules: [] };
  const [tags, locations, schedules] = await Promise.all([
    db.selectFrom('serviceTags').select(['serviceId', 'tagSlug']).where('serviceId', 'in', serviceIds).orderBy('tagSlug').execute(),
    db
      .selectFrom('serviceLocations')
      .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
      .select([
        'serviceLocations.serviceId', 'locations.id', 'locations.name', 'locations.address', 'locations.postcode',
        'locations.district', 'locations.lat', 'locations.lng', 'locations.cell', 'locations.bookable',
        'locations.bookingInfo', 'locations.accessibility', 'locations.confidential',
      ])
      .where('serviceLocations.serviceId', 'in', serviceIds)
      .orderBy('locations.name')
      .execute(),
    db
      .selectFrom('schedules')
      .select(['serviceId', 'locationId', 'day', 'startTime', 'endTime', 'frequency', 'validFrom', 'validTo'])
      .where('serviceId', 'in', serviceIds)
      .orderBy('day').orderBy('startTime')
      .execute(),
  ]);
  return { tags, locations, schedules };
}

/** Service locations inside a bbox as map points (confidential locations are never mapped). */
export function findServicePoints(db: Db, bbox: Bbox | undefined, tags: string[] | undefined, limit: number) {
  let q = db
    .selectFrom('serviceLocations')
    .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
    .innerJoin('services', 'services.id', 'serviceLocations.serviceId')
    .select([
      'services.id as serviceId', 'services.name', 'services.summary', 'services.status', 'services.costKind',
      'services.accepting', 'locations.id as locationId', 'locations.name as locationName', 'locations.lat',
      'locations.lng', 'locations.bookable',
      sql<string[]>`coalesce((select json_agg(st.tag_slug order by st.tag_slug) from service_tags st where st.service_id = services.id), '[]')`.as('tags'),
    ])
    .where('locations.confidential', '=', false)
    .where('services.status', '!=', 'ended');
  if (bbox) {
    const [minLng, minLat, maxLng, maxLat] = bbox;
    q = q.where('locations.lng', '>=', minLng).where('locations.lng', '<=', maxLng).where('locations.lat', '>=', minLat).where('locations.lat', '<=', maxLat);
  }
  if (tags?.length) {
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('serviceTags').select(sql`1`.as('one')).whereRef('serviceTags.serviceId', '=', 'services.id').where('serviceTags.tagSlug', 'in', tags)),
    );
  }
  return q.orderBy('services.name').orderBy('locations.id').limit(limit).execute();
}
