/**
 * The audit log: who did what to which record. Every feature records through `recordAudit`.
 *
 * `details` takes structured facts only — field names, statuses, ids, counts — never free
 * text a person typed (notes, comments, descriptions), which may hold personal data. The
 * value type allows only scalars and arrays of scalars to make that the easy path.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';

export type AuditValue = string | number | boolean | null | (string | number | boolean | null)[];
export type AuditDetails = Record<string, AuditValue>;

export interface AuditEntry {
  /** The acting user; null for the system or an anonymous actor (a failed sign-in). */
  userId: string | null;
  /** Dotted verb, e.g. `auth.login`, `invite.created`, `user.updated`, `service.deleted`. */
  action: string;
  /** The kind of record, e.g. `user`, `invite`, `service`, `session`. */
  entity: string;
  entityId?: string | null;
  details?: AuditDetails;
}

/** Writes one audit row; pass the transaction of the change so both commit or neither. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      userId: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  userId?: string;
  action?: string;
  limit: number;
  /** Keyset cursor: [createdAt ISO, id] of the last row of the previous page. */
  after?: [string, string];
}

// Cursors carry a JS Date (milliseconds) but timestamptz keeps microseconds: sort and compare on
// the millisecond-truncated time so a page boundary never skips rows in the same millisecond.
const createdMs = sql<Date>`date_trunc('milliseconds', created_at)`;

/** Newest first; fetches limit + 1 rows for `toPage`. */
export async function listAudit(db: Db, filter: AuditFilter) {
  let q = db
    .selectFrom('auditLog')
    .select(['id', 'userId', 'action', 'entity', 'entityId', 'details', createdMs.as('createdAt')])
    .orderBy(createdMs, 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entityId', '=', filter.entityId);
  if (filter.userId) q = q.where('userId', '=', filter.userId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.after) {
    const [at, id] = filter.after;
    q = q.where(sql<boolean>`(${createdMs}, id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return q.execute();
}
