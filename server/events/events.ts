/** Network events logic and the iCalendar feed. */
import ical from 'ical-generator';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertOrganisationAccess } from '../http/auth.js';
import type { SessionUser } from '../http/env.js';
import { forbidden, invalid, notFound } from '../http/errors.js';
import { findEvent, type EventRow } from './queries.js';
import { attendanceFor } from './attendance.js';

export interface EventInput {
  title: string;
  description?: string | undefined;
  startsAt: string;
  endsAt: string;
  place: string;
  locationId?: string | null | undefined;
  organisationId?: string | null | undefined;
}

export function eventView(e: EventRow) {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    organisationId: e.organisationId,
    organisationName: e.organisationName ?? null,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    place: e.place,
    locationId: e.locationId,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The event as this reader sees it, with their "I'll come" and (for its organisers) the count. */
async function viewFor(db: Kysely<DB>, user: SessionUser, id: string) {
  const e = (await findEvent(db, id))!;
  return { ...eventView(e), ...(await attendanceFor(db, user, [e]))(e) };
}

async function checkPlace(db: Kysely<DB>, locationId: string | null | undefined) {
  if (!locationId) return;
  const location = await db
    .selectFrom('locations')
    .select(['id', 'confidential'])
    .where('id', '=', locationId)
    .executeTakeFirst();
  if (!location) throw invalid({ locationId: 'unknown location' });
  // A refuge's address is never published; a network meeting there would publish it.
  if (location.confidential) throw invalid({ locationId: 'is a confidential location' });
}

function checkTimes(startsAt: Date, endsAt: Date) {
  if (endsAt <= startsAt) throw invalid({ endsAt: 'must be after startsAt' });
}

/** Organisers run events for their own organisation; admins for any (or none). */
function owningOrganisation(
  user: SessionUser,
  requested: string | null | undefined,
): string | null {
  if (user.role === 'admin') return requested ?? null;
  if (requested && requested !== user.organisationId)
    throw invalid({ organisationId: 'organisers create events for their own organisation' });
  if (!user.organisationId) throw forbidden('Organisers need an organisation to create events.');
  return user.organisationId;
}

export async function createEvent(db: Kysely<DB>, user: SessionUser, input: EventInput) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  checkTimes(startsAt, endsAt);
  await checkPlace(db, input.locationId);
  const row = await db
    .insertInto('events')
    .values({
      title: input.title,
      description: input.description ?? '',
      organisationId: owningOrganisation(user, input.organisationId),
      createdBy: user.id,
      startsAt,
      endsAt,
      place: input.place,
      locationId: input.locationId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return viewFor(db, user, row.id);
}

async function editableEvent(db: Kysely<DB>, user: SessionUser, id: string) {
  const e = await findEvent(db, id);
  if (!e) throw notFound('Event');
  if (user.role !== 'admin' && e.createdBy !== user.id)
    assertOrganisationAccess(user, e.organisationId);
  return e;
}

export async function updateEvent(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  patch: Partial<Omit<EventInput, 'organisationId'>>,
) {
  const current = await editableEvent(db, user, id);
  const startsAt = patch.startsAt ? new Date(patch.startsAt) : current.startsAt;
  const endsAt = patch.endsAt ? new Date(patch.endsAt) : current.endsAt;
  checkTimes(startsAt, endsAt);
  await checkPlace(db, patch.locationId);
  await db
    .updateTable('events')
    .set({
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.place !== undefined ? { place: patch.place } : {}),
      ...(patch.locationId !== undefined ? { locationId: patch.locationId } : {}),
      startsAt,
      endsAt,
    })
    .where('id', '=', id)
    .execute();
  return viewFor(db, user, id);
}

export async function deleteEvent(db: Kysely<DB>, user: SessionUser, id: string) {
  await editableEvent(db, user, id);
  await db.deleteFrom('events').where('id', '=', id).execute();
}

/** The network calendar as iCalendar, for Link Workers' own calendar apps. */
export function eventsCalendar(events: EventRow[], publicUrl: string): string {
  const calendar = ical({
    name: 'Gapmap network events',
    prodId: { company: 'Gapmap', product: 'network-events', language: 'EN' },
    url: new URL('/events', publicUrl).toString(),
  });
  for (const e of events) {
    calendar.createEvent({
      id: `${e.id}@gapmap`,
      start: e.startsAt,
      end: e.endsAt,
      summary: e.title,
      location: e.place,
      stamp: e.updatedAt,
      // The organiser goes in the text: an iCalendar ORGANIZER needs an email address we do not publish.
      description:
        [e.organisationName ? `Hosted by ${e.organisationName}.` : '', e.description]
          .filter(Boolean)
          .join('\n\n') || undefined,
    });
  }
  return calendar.toString();
}
