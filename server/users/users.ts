/** Administering accounts: list, change role or organisation, disable and enable. */
import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../../db/schema.js';
import type { Lang } from '../../i18n/define.js';
import { recordAudit, type AuditDetails } from '../audit/audit.js';
import type { SessionUser } from '../http/env.js';
import { invalid, notFound } from '../http/errors.js';

export interface UserFilter {
  role?: Role;
  organisationId?: string;
  disabled?: boolean;
  /** Words of a name or an email, matched case-insensitively anywhere in either. */
  q?: string;
  limit: number;
  after?: [string, string];
}

const createdMs = sql<Date>`date_trunc('milliseconds', users.created_at)`;

/** Newest first, limit + 1 rows for `toPage`. Never selects the password hash. */
export async function listUsers(db: Kysely<DB>, filter: UserFilter) {
  let q = db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'name',
      'role',
      'organisationId',
      'disabledAt',
      'language',
      createdMs.as('createdAt'),
    ])
    .orderBy(createdMs, 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.organisationId) q = q.where('organisationId', '=', filter.organisationId);
  if (filter.disabled !== undefined)
    q = q.where('disabledAt', filter.disabled ? 'is not' : 'is', null);
  for (const word of (filter.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5)) {
    // LIKE's own wildcards in the search are matched literally.
    const pattern = `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (filter.after)
    q = q.where(
      sql<boolean>`(${createdMs}, users.id) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`,
    );
  return q.execute();
}

export interface UserChange {
  role?: Role;
  organisationId?: string | null;
  disabled?: boolean;
  name?: string;
  /** The language mail to them is written in; null: English. */
  language?: Lang | null;
}

/**
 * Applies an admin's change in one transaction: the user row, ending their sessions when
 * disabled, and the audit entry. Admins cannot disable or demote themselves, so an
 * installation is never left without a working admin by accident.
 */
export async function updateUser(
  db: Kysely<DB>,
  admin: SessionUser,
  userId: string,
  change: UserChange,
) {
  if (
    userId === admin.id &&
    (change.disabled === true || (change.role && change.role !== 'admin'))
  ) {
    throw invalid(
      change.disabled
        ? { disabled: 'you cannot disable your own account' }
        : { role: 'you cannot remove your own admin role' },
    );
  }
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('User');
    const role = change.role ?? before.role;
    const organisationId =
      change.organisationId === undefined ? before.organisationId : change.organisationId;
    if (role === 'organiser' && !organisationId)
      throw invalid({ organisationId: 'is required for an organiser' });
    if (organisationId && organisationId !== before.organisationId) {
      const org = await tx
        .selectFrom('organisations')
        .select('id')
        .where('id', '=', organisationId)
        .executeTakeFirst();
      if (!org) throw invalid({ organisationId: 'is not a known organisation' });
    }
    const now = new Date();
    const disabledAt =
      change.disabled === undefined
        ? before.disabledAt
        : change.disabled
          ? (before.disabledAt ?? now)
          : null;
    const after = await tx
      .updateTable('users')
      .set({
        role,
        organisationId,
        disabledAt,
        name: change.name ?? before.name,
        language: change.language === undefined ? before.language : change.language,
      })
      .where('id', '=', userId)
      .returning([
        'id',
        'email',
        'name',
        'role',
        'organisationId',
        'disabledAt',
        'createdAt',
        'language',
      ])
      .executeTakeFirstOrThrow();

    const details: AuditDetails = {};
    if (after.role !== before.role) details.role = [before.role, after.role];
    if (after.organisationId !== before.organisationId)
      details.organisationId = [before.organisationId, after.organisationId];
    if (!!after.disabledAt !== !!before.disabledAt) details.disabled = !!after.disabledAt;
    if (after.name !== before.name) details.name = 'changed';
    if (after.language !== before.language) details.language = [before.language, after.language];
    if (after.disabledAt && !before.disabledAt) {
      // A disabled account is out at once: every session ends (resolveSession also refuses it).
      const ended = await tx
        .updateTable('sessions')
        .set({ revokedAt: now })
        .where('userId', '=', userId)
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      details.sessionsEnded = Number(ended.numUpdatedRows);
    }
    if (Object.keys(details).length) {
      await recordAudit(tx, {
        userId: admin.id,
        action: 'user.updated',
        entity: 'user',
        entityId: userId,
        details,
      });
    }
    return after;
  });
}
