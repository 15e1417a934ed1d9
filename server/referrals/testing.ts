/** Rows the co-design tests insert directly: an active service with one location and a weekly session. */
import { latLngToCell } from 'h3-js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function insertService(
  db: Kysely<DB>,
  s: {
    organisationId: string;
    name?: string;
    tags?: string[];
    lat?: number;
    lng?: number;
    status?: 'active' | 'paused' | 'ended';
    confidential?: boolean;
    district?: string;
  },
) {
  const lat = s.lat ?? 51.5273;
  const lng = s.lng ?? -0.0553;
  const service = await db
    .insertInto('services')
    .values({
      organisationId: s.organisationId,
      name: s.name ?? 'Tuesday walking group',
      summary: 'A gentle walk and a cuppa.',
      status: s.status ?? 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const location = await db
    .insertInto('locations')
    .values({
      organisationId: s.organisationId,
      name: 'Oxford House',
      address: 'Derbyshire Street',
      postcode: 'E2 6HG',
      district: s.district ?? 'Bethnal Green',
      lat,
      lng,
      cell: latLngToCell(lat, lng, 8),
      confidential: s.confidential ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('serviceLocations')
    .values({ serviceId: service.id, locationId: location.id })
    .execute();
  await db
    .insertInto('schedules')
    .values({
      serviceId: service.id,
      locationId: location.id,
      day: 2,
      startTime: '10:00',
      endTime: '11:30',
    })
    .execute();
  if (s.tags?.length)
    await db
      .insertInto('serviceTags')
      .values(s.tags.map((tagSlug) => ({ serviceId: service.id, tagSlug })))
      .execute();
  return { serviceId: service.id, locationId: location.id };
}

/** Makes this user the organisation's key contact (notifications go to them). */
export async function setKeyContact(db: Kysely<DB>, organisationId: string, userId: string) {
  await db
    .updateTable('organisations')
    .set({ keyContactUserId: userId })
    .where('id', '=', organisationId)
    .execute();
}
