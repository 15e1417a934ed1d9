/** Referral queries; each takes the db or a transaction first so callers compose them atomically. */
import { sql } from 'kysely';
import type { Db, ReferralStatus } from '../../db/schema.js';
import { isFinal } from './status.js';
import { servicesWithOrganisation } from '../services/rows.js';

/** The service a referral goes to, with what notifications and access checks need. */
export function findReferralTarget(db: Db, serviceId: string) {
  return servicesWithOrganisation(db)
    .leftJoin('users as contact', 'contact.id', 'organisations.keyContactUserId')
    .select([
      'services.id',
      'services.name',
      'services.status',
      'services.organisationId',
      'organisations.name as organisationName',
      'organisations.email as organisationEmail',
      'organisations.keyContactUserId',
      'contact.email as keyContactEmail',
      'contact.disabledAt as keyContactDisabledAt',
      'contact.language as keyContactLanguage',
    ])
    .where('services.id', '=', serviceId)
    .executeTakeFirst();
}

/** Inserts a referral unless its code is taken (then undefined, and the caller draws another code). */
export function insertReferral(
  db: Db,
  values: {
    id: string;
    code: string;
    serviceId: string;
    referrerId: string;
    note: string | null;
    contactSealed: string | null;
  },
) {
  return db
    .insertInto('referrals')
    .values(values)
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['id', 'code', 'status', 'version', 'createdAt'])
    .executeTakeFirst();
}

export function insertReferralEvent(
  db: Db,
  referralId: string,
  status: ReferralStatus,
  byUserId: string | null,
  reason: string | null = null,
) {
  return db.insertInto('referralEvents').values({ referralId, status, byUserId, reason }).execute();
}

/** The referral with its service's organisation, for access checks. */
export function findReferral(db: Db, id: string) {
  return db
    .selectFrom('referrals')
    .innerJoin('services', 'services.id', 'referrals.serviceId')
    .innerJoin('organisations', 'organisations.id', 'services.organisationId')
    .select([
      'referrals.id',
      'referrals.code',
      'referrals.status',
      'referrals.version',
      'referrals.referrerId',
      'referrals.serviceId',
      'referrals.finalAt',
      'referrals.acknowledgedAt',
      'referrals.reason',
      'services.name as serviceName',
      'services.organisationId',
      'organisations.keyContactUserId',
    ])
    .where('referrals.id', '=', id)
    .executeTakeFirst();
}

/**
 * Moves a referral if it is still at `version` and `from`; undefined when someone else moved it
 * first (the caller answers 409). The first acknowledgement is timestamped for the headline metric.
 */
export function updateReferralStatus(
  db: Db,
  id: string,
  version: number,
  from: ReferralStatus,
  to: ReferralStatus,
  reason: string | null = null,
) {
  return db
    .updateTable('referrals')
    .set((eb) => ({
      status: to,
      reason,
      finalAt: isFinal(to) ? sql<Date>`now()` : null,
      version: eb('version', '+', 1),
      ...(to === 'acknowledged'
        ? { acknowledgedAt: sql<Date>`coalesce(acknowledged_at, now())` }
        : {}),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', from)
    .returning(['id', 'code', 'status', 'version', 'acknowledgedAt', 'reason'])
    .executeTakeFirst();
}

export type ReferralScope =
  | { kind: 'all' }
  | { kind: 'referrer'; userId: string }
  | { kind: 'organisation'; organisationId: string };

export interface ReferralFilters {
  status?: ReferralStatus;
  serviceId?: string;
  limit: number;
  /** [created_at as text, id] of the last row of the previous page. */
  after?: [string, string];
}

/** Newest first. The cursor keeps created_at as Postgres text so microseconds survive the round trip. */
export function listReferrals(db: Db, scope: ReferralScope, f: ReferralFilters) {
  let q = db
    .selectFrom('referrals')
    .innerJoin('services', 'services.id', 'referrals.serviceId')
    .select([
      'referrals.id',
      'referrals.code',
      'referrals.serviceId',
      'services.name as serviceName',
      'services.organisationId',
      'referrals.referrerId',
      'referrals.status',
      'referrals.note',
      'referrals.acknowledgedAt',
      'referrals.createdAt',
      'referrals.updatedAt',
      'referrals.version',
      'referrals.reason',
      'referrals.contactSealed',
      'referrals.contactErasedAt',
      sql<string>`referrals.created_at::text`.as('createdKey'),
    ]);
  if (scope.kind === 'referrer') q = q.where('referrals.referrerId', '=', scope.userId);
  if (scope.kind === 'organisation')
    q = q.where('services.organisationId', '=', scope.organisationId);
  if (f.status) q = q.where('referrals.status', '=', f.status);
  if (f.serviceId) q = q.where('referrals.serviceId', '=', f.serviceId);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where(
      sql<boolean>`(referrals.created_at, referrals.id) < (${at}::timestamptz, ${id}::uuid)`,
    );
  }
  return q
    .orderBy('referrals.createdAt', 'desc')
    .orderBy('referrals.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Status history of several referrals, oldest move first. */
export function loadReferralHistory(db: Db, referralIds: string[]) {
  if (!referralIds.length) return Promise.resolve([]);
  return db
    .selectFrom('referralEvents')
    .select(['referralId', 'status', 'at', 'reason', 'byUserId'])
    .where('referralId', 'in', referralIds)
    .where('undoneAt', 'is', null)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The facts time-to-acknowledge and no-reply figures are computed from. */
export function referralTimings(db: Db, scope: { organisationId?: string }) {
  let q = db
    .selectFrom('referrals')
    .innerJoin('services', 'services.id', 'referrals.serviceId')
    .select([
      'referrals.id',
      'referrals.createdAt',
      'referrals.acknowledgedAt',
      'referrals.status',
      (eb) =>
        eb
          .selectFrom('referralEvents')
          .select(sql<Date>`min(referral_events.at)`.as('at'))
          .whereRef('referralEvents.referralId', '=', 'referrals.id')
          .where('referralEvents.status', '=', 'withdrawn')
          .as('withdrawnAt'),
    ]);
  if (scope.organisationId) q = q.where('services.organisationId', '=', scope.organisationId);
  return q.execute();
}

/** The referrer to tell about a move (in the app and by mail). */
export function findReferrer(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'disabledAt', 'language'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function insertReferralNotice(
  db: Db,
  values: { userId: string; referralId: string; status: ReferralStatus },
) {
  return db.insertInto('referralNotices').values(values).execute();
}

/** A Link Worker's unread notices, newest first, with what each referral is. */
export function unreadReferralNotices(db: Db, userId: string, limit: number) {
  return db
    .selectFrom('referralNotices')
    .innerJoin('referrals', 'referrals.id', 'referralNotices.referralId')
    .innerJoin('services', 'services.id', 'referrals.serviceId')
    .select([
      'referralNotices.id',
      'referralNotices.referralId',
      'referralNotices.status',
      'referralNotices.createdAt',
      'referrals.code',
      'services.name as serviceName',
      'referrals.reason',
    ])
    .where('referralNotices.userId', '=', userId)
    .where('referralNotices.readAt', 'is', null)
    .orderBy('referralNotices.createdAt', 'desc')
    .orderBy('referralNotices.id', 'desc')
    .limit(limit)
    .execute();
}

export async function countUnreadReferralNotices(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('referralNotices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user's notices read: the given ones, or all of them. Never another user's. */
export function markReferralNoticesRead(db: Db, userId: string, ids?: string[]) {
  let q = db
    .updateTable('referralNotices')
    .set({ readAt: sql<Date>`now()` })
    .where('userId', '=', userId)
    .where('readAt', 'is', null);
  if (ids) {
    if (!ids.length) return Promise.resolve([]);
    q = q.where('id', 'in', ids);
  }
  return q.returning('id').execute();
}
