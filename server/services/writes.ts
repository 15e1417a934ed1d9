/**
 * Creating, changing and removing services. Each write is one transaction: the service, its
 * tags, its locations and its schedules land together or not at all.
 */
import { latLngToCell } from 'h3-js';
import type { Kysely, Transaction, Updateable } from 'kysely';
import type { DB, Db, ServicesTable } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import { assertOrganisationAccess } from '../http/auth.js';
import type { SessionUser } from '../http/env.js';
import { conflict, invalid, notFound } from '../http/errors.js';
import { checkServiceRules, type ServiceShape } from './rules.js';
import type { LocationInput, ScheduleInput, ServiceCreate, ServicePatch } from './schemas.js';

/** The H3 resolution every location and need flag is indexed at. */
export const CELL_RESOLUTION = 8;

type Fields = Omit<ServicePatch, 'version'>;

/** API fields → table columns (only those present). */
function serviceColumns(f: Fields): Updateable<ServicesTable> {
  const cols: Updateable<ServicesTable> = {};
  const copy = [
    'name',
    'summary',
    'description',
    'status',
    'ageMin',
    'ageMax',
    'gender',
    'asylumSeekersWelcome',
    'noIdNeeded',
    'nrpfOk',
    'format',
    'courseWeeks',
    'noExperienceNeeded',
    'bringFriend',
    'referralRoute',
    'referralUrl',
    'referralEmail',
    'capacity',
    'accepting',
  ] as const;
  for (const k of copy) if (f[k] !== undefined) (cols as Record<string, unknown>)[k] = f[k];
  if (f.cost) {
    cols.costKind = f.cost.kind;
    cols.costText = f.cost.text ?? null;
  }
  if (f.languages) cols.languages = JSON.stringify([...new Set(f.languages)]);
  if (f.accessibility) cols.accessibility = JSON.stringify(f.accessibility);
  return cols;
}

/** Who owns a new service: an organiser's own organisation, or the one an admin names. */
function owningOrganisation(user: SessionUser, input: ServiceCreate): string {
  const organisationId =
    input.organisationId ?? (user.role === 'organiser' ? user.organisationId : null);
  if (!organisationId) throw invalid({ organisationId: 'is required' });
  assertOrganisationAccess(user, organisationId);
  return organisationId;
}

export function createService(
  db: Kysely<DB>,
  user: SessionUser,
  input: ServiceCreate,
): Promise<string> {
  return db.transaction().execute((trx) => createServiceIn(trx, user, input));
}

/** createService inside the caller's transaction (an import row adds its organisation first). */
export async function createServiceIn(
  trx: Transaction<DB>,
  user: SessionUser,
  input: ServiceCreate,
  extra: { sourceId?: string; id?: string } = {},
): Promise<string> {
  const organisationId = owningOrganisation(user, input);
  const org = await trx
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org) throw invalid({ organisationId: 'is not a known organisation' });
  await checkServiceRules(trx, shapeOf(input), {
    organisationId,
    tags: input.tags,
    locations: input.locations,
    schedules: input.schedules,
    currentLocationIds: [],
  });
  const cols = serviceColumns(input);
  const row = await trx
    .insertInto('services')
    .values({
      ...cols,
      organisationId,
      name: input.name,
      summary: input.summary,
      sourceId: extra.sourceId ?? null,
      // An import keeps the feed's id as ours when it is a free UUID (server/oruk/import.ts).
      ...(extra.id ? { id: extra.id } : {}),
      // A person entering a listing has just confirmed it; an imported row has not been checked here.
      lastVerifiedAt: extra.sourceId ? null : new Date(),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeChildren(trx, row.id, organisationId, input);
  await recordAudit(trx, {
    userId: user.id,
    action: extra.sourceId ? 'service.imported' : 'service.created',
    entity: 'service',
    entityId: row.id,
    details: { organisationId },
  });
  return row.id;
}

/** A PATCH over the stored row; `version` must be the one the client read. */
export function updateService(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  patch: ServicePatch,
): Promise<void> {
  return db.transaction().execute((trx) => updateServiceIn(trx, user, id, patch));
}

export async function updateServiceIn(
  trx: Transaction<DB>,
  user: SessionUser,
  id: string,
  patch: ServicePatch,
): Promise<void> {
  const current = await trx
    .selectFrom('services')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw notFound('Service');
  assertOrganisationAccess(user, current.organisationId);
  if (current.version !== patch.version) {
    throw conflict(
      'This service was changed by someone else; reload it and apply your change again.',
      { currentVersion: current.version },
    );
  }
  const { version: _version, ...fields } = patch;
  const currentLocationIds = (
    await trx
      .selectFrom('serviceLocations')
      .select('locationId')
      .where('serviceId', '=', id)
      .execute()
  ).map((r) => r.locationId);
  await checkServiceRules(trx, shapeOf({ ...current, ...withoutUndefined(fields) }), {
    organisationId: current.organisationId,
    tags: fields.tags,
    locations: fields.locations,
    schedules: fields.schedules,
    currentLocationIds,
  });
  // An edit answers a "Needs changes" from a listing check (server/listings/check-links.ts).
  await trx
    .updateTable('services')
    .set({ ...serviceColumns(fields), version: current.version + 1, changesRequestedAt: null })
    .where('id', '=', id)
    .execute();
  await writeChildren(trx, id, current.organisationId, fields);
  // Field names only: descriptions and summaries are free text.
  await recordAudit(trx, {
    userId: user.id,
    action: 'service.updated',
    entity: 'service',
    entityId: id,
    details: { fields: Object.keys(fields), version: current.version + 1 },
  });
}

export async function deleteService(db: Kysely<DB>, user: SessionUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('services')
      .select(['organisationId'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) throw notFound('Service');
    assertOrganisationAccess(user, current.organisationId);
    const linked = (
      await trx
        .selectFrom('serviceLocations')
        .select('locationId')
        .where('serviceId', '=', id)
        .execute()
    ).map((r) => r.locationId);
    await trx.deleteFrom('services').where('id', '=', id).execute();
    await deleteOrphanLocations(trx, linked);
    await recordAudit(trx, {
      userId: user.id,
      action: 'service.deleted',
      entity: 'service',
      entityId: id,
      details: { organisationId: current.organisationId },
    });
  });
}

/** "Still right": a person confirmed the listing, which is what clears the stale badge. */
export async function verifyService(db: Kysely<DB>, user: SessionUser, id: string): Promise<void> {
  const current = await db
    .selectFrom('services')
    .select(['organisationId'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) throw notFound('Service');
  assertOrganisationAccess(user, current.organisationId);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('services')
      .set({ lastVerifiedAt: new Date(), changesRequestedAt: null })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      userId: user.id,
      action: 'service.verified',
      entity: 'service',
      entityId: id,
    });
  });
}

function shapeOf(s: Partial<Record<keyof ServiceShape, unknown>>): ServiceShape {
  return {
    ageMin: (s.ageMin as number | null | undefined) ?? null,
    ageMax: (s.ageMax as number | null | undefined) ?? null,
    format: (s.format as string | undefined) ?? 'drop_in',
    courseWeeks: (s.courseWeeks as number | null | undefined) ?? null,
    referralRoute: (s.referralRoute as string | undefined) ?? 'self',
    referralUrl: (s.referralUrl as string | null | undefined) ?? null,
    referralEmail: (s.referralEmail as string | null | undefined) ?? null,
  };
}

/** Only the keys a PATCH actually sent, so absent fields keep the stored value. */
function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Replaces whichever of tags, locations, schedules and translations the input carries. */
async function writeChildren(
  trx: Transaction<DB>,
  serviceId: string,
  organisationId: string,
  f: Fields,
): Promise<void> {
  if (f.translations) {
    await trx.deleteFrom('serviceTranslations').where('serviceId', '=', serviceId).execute();
    if (f.translations.length) {
      await trx
        .insertInto('serviceTranslations')
        .values(
          f.translations.map((t) => ({
            serviceId,
            language: t.language,
            summary: t.summary,
            howToJoin: t.howToJoin || null,
          })),
        )
        .execute();
    }
  }
  if (f.tags) {
    await trx.deleteFrom('serviceTags').where('serviceId', '=', serviceId).execute();
    const tags = [...new Set(f.tags)];
    if (tags.length)
      await trx
        .insertInto('serviceTags')
        .values(tags.map((tagSlug) => ({ serviceId, tagSlug })))
        .execute();
  }
  let locationIds: string[] | undefined;
  if (f.locations)
    locationIds = await replaceLocations(trx, serviceId, organisationId, f.locations);
  if (f.schedules) {
    await trx.deleteFrom('schedules').where('serviceId', '=', serviceId).execute();
    if (f.schedules.length)
      await trx
        .insertInto('schedules')
        .values(f.schedules.map((s) => scheduleRow(serviceId, s, locationIds)))
        .execute();
  } else if (locationIds) {
    // Locations replaced but schedules kept: a schedule at a removed venue no longer has a place.
    const keep = locationIds;
    await trx
      .updateTable('schedules')
      .set({ locationId: null })
      .where('serviceId', '=', serviceId)
      .where((eb) => (keep.length ? eb('locationId', 'not in', keep) : eb.val(true)))
      .execute();
  }
}

function scheduleRow(serviceId: string, s: ScheduleInput, locationIds: string[] | undefined) {
  const locationId =
    s.locationIndex !== undefined
      ? (locationIds?.[s.locationIndex] ?? null)
      : (s.locationId ?? null);
  return {
    serviceId,
    locationId,
    day: s.day,
    startTime: s.start,
    endTime: s.end,
    frequency: s.frequency,
    validFrom: s.validFrom ?? null,
    validTo: s.validTo ?? null,
  };
}

export function locationColumns(l: LocationInput & { lat: number; lng: number }) {
  return {
    name: l.name,
    address: l.address ?? null,
    postcode: l.postcode ?? null,
    district: l.district ?? null,
    lat: l.lat,
    lng: l.lng,
    cell: latLngToCell(l.lat, l.lng, CELL_RESOLUTION),
    bookable: l.bookable ?? false,
    bookingInfo: l.bookingInfo ?? null,
    accessibility: JSON.stringify(l.accessibility ?? []),
    confidential: l.confidential ?? false,
  };
}

/** Writes the locations in order and links exactly those to the service; returns their ids. */
export async function replaceLocations(
  trx: Transaction<DB>,
  serviceId: string,
  organisationId: string,
  locations: (LocationInput & { sourceId?: string; newId?: string })[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const l of locations) {
    // checkServiceRules has made sure lat/lng are present.
    const cols = locationColumns(l as LocationInput & { lat: number; lng: number });
    if (l.id) {
      await trx
        .updateTable('locations')
        .set(cols)
        .where('id', '=', l.id)
        .where('organisationId', '=', organisationId)
        .execute();
      ids.push(l.id);
    } else {
      const row = await trx
        .insertInto('locations')
        .values({
          ...cols,
          organisationId,
          sourceId: l.sourceId ?? null,
          ...(l.newId ? { id: l.newId } : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
  }
  const before = (
    await trx
      .selectFrom('serviceLocations')
      .select('locationId')
      .where('serviceId', '=', serviceId)
      .execute()
  ).map((r) => r.locationId);
  const removed = before.filter((id) => !ids.includes(id));
  const added = ids.filter((id) => !before.includes(id));
  if (removed.length)
    await trx
      .deleteFrom('serviceLocations')
      .where('serviceId', '=', serviceId)
      .where('locationId', 'in', removed)
      .execute();
  if (added.length)
    await trx
      .insertInto('serviceLocations')
      .values(added.map((locationId) => ({ serviceId, locationId })))
      .execute();
  await deleteOrphanLocations(trx, removed);
  return ids;
}

/** A venue no service runs at any more is removed with its last service. */
async function deleteOrphanLocations(trx: Db, locationIds: string[]): Promise<void> {
  if (!locationIds.length) return;
  await trx
    .deleteFrom('locations')
    .where('id', 'in', locationIds)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('serviceLocations')
            .select('serviceLocations.id')
            .whereRef('serviceLocations.locationId', '=', 'locations.id'),
        ),
      ),
    )
    .execute();
}
