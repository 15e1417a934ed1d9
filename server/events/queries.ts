/** Network events: breakfasts, hub open days. */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';

const eventColumns = [
  'events.id',
  'events.title',
  'events.description',
  'events.organisationId',
  'events.createdBy',
  'events.startsAt',
  'events.endsAt',
  'events.place',
  'events.locationId',
  'events.createdAt',
  'events.updatedAt',
  'organisations.name as organisationName',
] as const;

/** Soonest first from `from`; the cursor is [startsAt ISO, id] of the last row. */
export function listEvents(
  db: Db,
  f: { from: Date; to?: Date | undefined; limit: number; after?: [string, string] | undefined },
) {
  let q = db
    .selectFrom('events')
    .leftJoin('organisations', 'organisations.id', 'events.organisationId')
    .select(eventColumns)
    .where('events.endsAt', '>=', f.from);
  if (f.to) q = q.where('events.startsAt', '<', f.to);
  if (f.after)
    q = q.where(
      sql<boolean>`(events.starts_at, events.id) > (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`,
    );
  return q
    .orderBy('events.startsAt')
    .orderBy('events.id')
    .limit(f.limit + 1)
    .execute();
}

export function findEvent(db: Db, id: string) {
  return db
    .selectFrom('events')
    .leftJoin('organisations', 'organisations.id', 'events.organisationId')
    .select(eventColumns)
    .where('events.id', '=', id)
    .executeTakeFirst();
}

export type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>;
