/**
 * "I'll come": a signed-in person says they will come to a network event (or takes it back).
 * Each reader sees whether they said so; the event's organisers (its organisation, its creator,
 * admins) see how many did, to plan the room. Nobody sees who.
 */
import type { Kysely } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import type { SessionUser } from '../http/env.js';
import { conflict, notFound } from '../http/errors.js';
import { findEvent, type EventRow } from './queries.js';

export function runsEvent(
  user: SessionUser,
  e: { createdBy: string; organisationId: string | null },
): boolean {
  return (
    user.role === 'admin' ||
    e.createdBy === user.id ||
    (user.role === 'organiser' &&
      e.organisationId !== null &&
      user.organisationId === e.organisationId)
  );
}

export async function setAttendance(
  db: Kysely<DB>,
  user: SessionUser,
  eventId: string,
  going: boolean,
) {
  const e = await findEvent(db, eventId);
  if (!e) throw notFound('Event');
  if (going) {
    if (e.endsAt <= new Date()) throw conflict('This event has already ended.');
    await db
      .insertInto('eventAttendance')
      .values({ eventId, userId: user.id })
      .onConflict((oc) => oc.columns(['eventId', 'userId']).doNothing())
      .execute();
  } else {
    await db
      .deleteFrom('eventAttendance')
      .where('eventId', '=', eventId)
      .where('userId', '=', user.id)
      .execute();
  }
  return (await attendanceFor(db, user, [e]))(e);
}

/** For a page of events: a function giving each one's `{ going, comingCount }` for this reader. */
export async function attendanceFor(db: Db, user: SessionUser, events: EventRow[]) {
  const ids = events.map((e) => e.id);
  const [mine, counts] = ids.length
    ? await Promise.all([
        db
          .selectFrom('eventAttendance')
          .select('eventId')
          .where('userId', '=', user.id)
          .where('eventId', 'in', ids)
          .execute(),
        db
          .selectFrom('eventAttendance')
          .select(['eventId', (eb) => eb.fn.countAll<number>().as('n')])
          .where('eventId', 'in', ids)
          .groupBy('eventId')
          .execute(),
      ])
    : [[], []];
  const going = new Set(mine.map((r) => r.eventId));
  const count = new Map(counts.map((r) => [r.eventId, Number(r.n)]));
  return (e: EventRow) => ({
    going: going.has(e.id),
    comingCount: runsEvent(user, e) ? (count.get(e.id) ?? 0) : null,
  });
}
