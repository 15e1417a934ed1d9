/** What the ORUK read API needs beyond the service views: organisations, terms, schedule anchors. */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/schema.js';
import { distanceKm, matchingServices } from '../services/queries.js';
import { staleRank } from '../listings/stale.js';
import { expandTags, listTaxonomy } from '../taxonomy/queries.js';
import type { OrganisationFacts, ServiceExtras, TermRow } from './mapping.js';
import { partId, TAXONOMY_ID, termId } from './ids.js';

/**
 * A kept feed record's keys are the profile's snake_case names: the extension is read as text,
 * past the CamelCasePlugin (which would rename the keys of a jsonb value it returns).
 */
const jsonText = (column: string) => sql<string | null>`${sql.ref(column)}::text`;
const parseJson = <T>(text: string | null): T | null =>
  text === null ? null : (JSON.parse(text) as T);

export async function organisationFacts(
  db: Db,
  ids: string[],
): Promise<Map<string, OrganisationFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.description',
      'organisations.email',
      'organisations.website',
      'organisations.charityNumber',
      'organisations.phone',
      jsonText('organisations.oruk_extension').as('orukExtension'),
    ])
    .where('organisations.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { ...r, orukExtension: parseJson(r.orukExtension) }]));
}

export async function termsBySlug(db: Db): Promise<Map<string, TermRow>> {
  return new Map((await listTaxonomy(db)).map((t) => [t.slug, t]));
}

/** Term UUID → slug, for filters and imports that name terms by id. */
export async function slugsByTermId(db: Db): Promise<Map<string, string>> {
  return new Map((await listTaxonomy(db)).map((t) => [termId(t.slug), t.slug]));
}

/** Each service's schedule write dates, in view order (they anchor monthly rules). */
export async function scheduleAnchors(
  db: Db,
  serviceIds: string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (!serviceIds.length) return map;
  const rows = await db
    .selectFrom('schedules')
    .select(['serviceId', 'createdAt'])
    .where('serviceId', 'in', serviceIds)
    .orderBy('day')
    .orderBy('startTime')
    .orderBy('id')
    .execute();
  for (const r of rows)
    map.set(r.serviceId, [...(map.get(r.serviceId) ?? []), r.createdAt.toISOString().slice(0, 10)]);
  return map;
}

/** The kept feed fields of services and their venues (extension.ts), by service id. */
export async function serviceExtras(
  db: Db,
  serviceIds: string[],
): Promise<Map<string, ServiceExtras>> {
  const map = new Map<string, ServiceExtras>();
  if (!serviceIds.length) return map;
  const [services, locations] = await Promise.all([
    db
      .selectFrom('services')
      .select(['id', jsonText('services.oruk_extension').as('orukExtension')])
      .where('id', 'in', serviceIds)
      .execute(),
    db
      .selectFrom('serviceLocations')
      .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
      .select([
        'serviceLocations.serviceId',
        'locations.id',
        'locations.sourceId',
        jsonText('locations.oruk_extension').as('orukExtension'),
      ])
      .where('serviceLocations.serviceId', 'in', serviceIds)
      .execute(),
  ]);
  for (const s of services)
    map.set(s.id, { extension: parseJson(s.orukExtension), locations: new Map() });
  for (const l of locations)
    map
      .get(l.serviceId)
      ?.locations.set(l.id, { sourceId: l.sourceId, extension: parseJson(l.orukExtension) });
  return map;
}

/** The ORUK filters, parsed (routes.ts): every one narrows the answer. */
export interface OrukFilters {
  search?: string;
  termId?: string;
  taxonomyId?: string;
  organisationId?: string;
  modifiedAfter?: Date;
  minimumAge?: number;
  maximumAge?: number;
  day?: number;
  startTime?: string;
  endTime?: string;
  near?: { lat: number; lng: number; metres: number };
}

const NO_SUCH_TAG = ['-no-such-term-'];

/** Services matching every filter (a `near` keeps those with a mappable venue in range). */
async function matching(db: Db, f: OrukFilters) {
  let tags: string[] | undefined;
  if (f.termId) {
    const slug = (await slugsByTermId(db)).get(f.termId);
    // An unknown term matches nothing (rather than everything).
    tags = slug ? await expandTags(db, [slug]) : NO_SUCH_TAG;
  }
  const base = matchingServices(db, {
    q: f.search,
    tags,
    organisationId: f.organisationId,
    day: f.day,
    timeFrom: f.day !== undefined ? f.startTime : undefined,
    timeTo: f.day !== undefined ? f.endTime : undefined,
  });
  return base.where((eb) => {
    const all: Expression<SqlBool>[] = [];
    if (f.taxonomyId) {
      all.push(
        f.taxonomyId === TAXONOMY_ID
          ? eb.exists(
              eb
                .selectFrom('serviceTags')
                .select(sql`1`.as('one'))
                .whereRef('serviceTags.serviceId', '=', 'services.id'),
            )
          : eb.val(false),
      );
    }
    if (f.modifiedAfter) all.push(eb('services.updatedAt', '>', f.modifiedAfter));
    // The person's range [minimumAge, maximumAge] meets the service's.
    if (f.minimumAge !== undefined)
      all.push(
        eb.or([eb('services.ageMax', 'is', null), eb('services.ageMax', '>=', f.minimumAge)]),
      );
    if (f.maximumAge !== undefined)
      all.push(
        eb.or([eb('services.ageMin', 'is', null), eb('services.ageMin', '<=', f.maximumAge)]),
      );
    if (f.day === undefined && (f.startTime || f.endTime)) {
      let session = eb
        .selectFrom('schedules')
        .select(sql`1`.as('one'))
        .whereRef('schedules.serviceId', '=', 'services.id');
      if (f.startTime) session = session.where('schedules.endTime', '>', f.startTime);
      if (f.endTime) session = session.where('schedules.startTime', '<', f.endTime);
      all.push(eb.exists(session));
    }
    if (f.near) {
      const { lat, lng, metres } = f.near;
      all.push(
        eb.exists(
          eb
            .selectFrom('serviceLocations')
            .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
            .select(sql`1`.as('one'))
            .whereRef('serviceLocations.serviceId', '=', 'services.id')
            .where('locations.confidential', '=', false)
            .where(distanceKm(lat, lng), '<=', metres / 1000),
        ),
      );
    }
    return eb.and(all);
  });
}

export async function servicePage(
  db: Db,
  f: OrukFilters,
  page: number,
  perPage: number,
): Promise<{ total: number; ids: string[] }> {
  const base = await matching(db, f);
  const [{ n }, rows] = await Promise.all([
    base.select(({ fn }) => fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select('services.id')
      .orderBy(staleRank())
      .orderBy('services.name')
      .orderBy('services.id')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
  ]);
  return { total: Number(n), ids: rows.map((r) => r.id) };
}

/**
 * Each matching service at each of its venues. With `near`: only mappable venues in range,
 * nearest first (a confidential venue has no published point, so it is never placed by distance).
 */
export async function serviceAtLocationPage(
  db: Db,
  f: OrukFilters,
  page: number,
  perPage: number,
): Promise<{ total: number; pairs: { serviceId: string; locationId: string }[] }> {
  const services = (await matching(db, f)).select('services.id');
  let q = db
    .selectFrom('serviceLocations')
    .innerJoin('services', 'services.id', 'serviceLocations.serviceId')
    .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
    .where('serviceLocations.serviceId', 'in', services);
  if (f.near)
    q = q
      .where('locations.confidential', '=', false)
      .where(distanceKm(f.near.lat, f.near.lng), '<=', f.near.metres / 1000);
  const { n } = await q
    .select(({ fn }) => fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  let rows = q.select(['serviceLocations.serviceId', 'serviceLocations.locationId']);
  rows = f.near
    ? rows
        .orderBy(staleRank())
        .orderBy(distanceKm(f.near.lat, f.near.lng))
        .orderBy('serviceLocations.id')
    : rows
        .orderBy(staleRank())
        .orderBy('services.name')
        .orderBy('services.id')
        .orderBy('locations.name')
        .orderBy('locations.id');
  return {
    total: Number(n),
    pairs: await rows
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
  };
}

/** A service_at_location id → its pair: a feed's kept id, else the name-based id of one of our pairs. */
export async function serviceAtLocationById(
  db: Db,
  id: string,
): Promise<{ serviceId: string; locationId: string } | null> {
  const kept = await db
    .selectFrom('serviceLocations')
    .innerJoin('services', 'services.id', 'serviceLocations.serviceId')
    .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
    .select(['serviceLocations.serviceId', 'serviceLocations.locationId'])
    .where(
      sql<SqlBool>`services.oruk_extension -> 'service_at_location_ids' ->> locations.source_id = ${id}`,
    )
    .executeTakeFirst();
  if (kept) return kept;
  // Name-based ids cannot be reversed: compare with each pair's (one pass over a small table).
  const pairs = await db
    .selectFrom('serviceLocations')
    .select(['serviceId', 'locationId'])
    .execute();
  return pairs.find((p) => partId('service_at_location', p.serviceId, p.locationId) === id) ?? null;
}
