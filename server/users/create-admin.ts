/**
 * The first admin of a real install (DEMO=0 has no users): `npm run create-admin -- --email E
 * [--name N]` (scripts/create-admin.ts). Creates the account, or — when the email already has
 * one — makes it an enabled admin with the new password and ends its sessions (a lost admin
 * password is recovered this way, by whoever runs the server).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import { checkNewPassword, normaliseEmail } from '../auth/accounts.js';
import { hashPassword } from '../auth/passwords.js';
import { revokeUserSessions } from '../auth/sessions.js';
import { AppError } from '../http/errors.js';

export interface AdminInput {
  email: string;
  name?: string | undefined;
  password: string;
}

/** The reason an input is refused, in words for a terminal (null when fine). */
export function adminInputProblem(input: AdminInput): string | null {
  const email = normaliseEmail(input.email);
  if (!z.string().email().max(254).safeParse(email).success)
    return `"${input.email}" is not an email address`;
  if (input.name !== undefined && !input.name.trim()) return 'the name is empty';
  try {
    checkNewPassword(input.password, 'password');
  } catch (err) {
    if (err instanceof AppError)
      return `the password ${Object.values((err.details ?? {}) as Record<string, string>).join(', ')}`;
    throw err;
  }
  return null;
}

export async function createOrResetAdmin(
  db: Kysely<DB>,
  input: AdminInput,
): Promise<{ id: string; created: boolean }> {
  const problem = adminInputProblem(input);
  if (problem) throw new Error(problem);
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing) {
      await tx
        .updateTable('users')
        .set({
          role: 'admin',
          organisationId: null,
          passwordHash,
          disabledAt: null,
          passwordChangedAt: new Date(),
          ...(input.name ? { name: input.name.trim() } : {}),
        })
        .where('id', '=', existing.id)
        .execute();
      await revokeUserSessions(tx, existing.id);
      await recordAudit(tx, {
        userId: null,
        action: 'user.admin_reset',
        entity: 'user',
        entityId: existing.id,
        details: { by: 'create-admin' },
      });
      return { id: existing.id, created: false };
    }
    const row = await tx
      .insertInto('users')
      .values({
        email,
        name: input.name?.trim() || 'Administrator',
        role: 'admin',
        organisationId: null,
        passwordHash,
        passwordChangedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      userId: null,
      action: 'user.admin_created',
      entity: 'user',
      entityId: row.id,
      details: { by: 'create-admin' },
    });
    return { id: row.id, created: true };
  });
}
