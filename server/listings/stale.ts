/**
 * Stale listings: services nobody has confirmed for STALE_AFTER_DAYS (about six months). The card
 * says "not checked since …", they sort after checked ones in the directory, the near search and
 * the ORUK feed (`staleRank`), and the digest and the admin report list them.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';
import { STALE_AFTER_DAYS } from '../services/services.js';
import { servicesWithOrganisation } from '../services/rows.js';

export function staleCutoff(now = new Date()): Date {
  return new Date(now.getTime() - STALE_AFTER_DAYS * 86_400_000);
}

/** 0 for a checked service, 1 for a stale one (never confirmed, or not since the cut-off): the first sort key. */
export function staleRank(now = new Date()) {
  return sql<number>`(case when services.last_verified_at is null or services.last_verified_at < ${staleCutoff(now)} then 1 else 0 end)`;
}

/** Never confirmed sorts first (as the oldest); the cursor's time for it. */
const NEVER = '1970-01-01T00:00:00.000Z';
const checkedAt = sql<Date>`coalesce(services.last_verified_at, ${NEVER}::timestamptz)`;

/** Stale services that are still listed (not ended), longest unchecked first. */
export function staleServices(
  db: Db,
  f: { now?: Date; limit: number; after?: [string, string]; organisationId?: string },
) {
  let q = servicesWithOrganisation(db)
    .select([
      'services.id',
      'services.name',
      'services.status',
      'services.organisationId',
      'organisations.name as organisationName',
      'services.lastVerifiedAt',
      'services.checkRemindedAt',
      'services.changesRequestedAt',
    ])
    .where('services.status', '!=', 'ended')
    // As of `now` (the digest's end): a listing made after it is not counted.
    .where('services.createdAt', '<', f.now ?? new Date())
    .where((eb) =>
      eb.or([
        eb('services.lastVerifiedAt', 'is', null),
        eb('services.lastVerifiedAt', '<', staleCutoff(f.now)),
      ]),
    );
  if (f.organisationId) q = q.where('services.organisationId', '=', f.organisationId);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where(sql<boolean>`(${checkedAt}, services.id) > (${at}::timestamptz, ${id}::uuid)`);
  }
  return q
    .orderBy(checkedAt)
    .orderBy('services.id')
    .limit(f.limit + 1)
    .execute();
}

export type StaleService = Awaited<ReturnType<typeof staleServices>>[number];

/** The cursor key of a stale-list row: [last confirmed (or the epoch), id]. */
export const staleKey = (s: StaleService): [string, string] => [
  (s.lastVerifiedAt ?? new Date(NEVER)).toISOString(),
  s.id,
];

/** How many listed services are stale (of one organisation, or all). */
export async function countStale(
  db: Db,
  f: { now?: Date; organisationId?: string } = {},
): Promise<number> {
  let q = db
    .selectFrom('services')
    .select(({ fn }) => fn.countAll<string | number>().as('n'))
    .where('services.status', '!=', 'ended')
    // As of `now` (the digest's end): a listing made after it is not counted.
    .where('services.createdAt', '<', f.now ?? new Date())
    .where((eb) =>
      eb.or([
        eb('services.lastVerifiedAt', 'is', null),
        eb('services.lastVerifiedAt', '<', staleCutoff(f.now)),
      ]),
    );
  if (f.organisationId) q = q.where('services.organisationId', '=', f.organisationId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
