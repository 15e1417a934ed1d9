/**
 * Signing in, starting sessions and changing passwords. Routes stay thin; the rules are here.
 */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { DB, Db, User } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { AppEnv, SessionUser } from '../http/env.js';
import { invalid, unauthorized } from '../http/errors.js';
import { setSessionCookie } from './cookie.js';
import { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

/** One message for every failed sign-in, so the response never says whether the email exists. */
export const BAD_CREDENTIALS = 'The email or password is not right.';
/** Demo fixture accounts live under this domain (API.md); they sign in only when config.demoLogins. */
export const DEMO_DOMAIN = '@demo.gapmap';
/** Long enough for any passphrase, short enough that hashing it is not a denial of service. */
export const MAX_PASSWORD_LENGTH = 256;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function toSessionUser(
  u: Pick<User, 'id' | 'email' | 'name' | 'role' | 'organisationId'>,
): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, organisationId: u.organisationId };
}

/**
 * The user for these credentials, or a 401. Unknown emails are verified against a decoy hash
 * so both paths cost one argon2 verification; disabled users and (when switched off) demo
 * users get the same answer as a wrong password.
 */
export async function authenticate(
  db: Db,
  config: Config,
  email: string,
  password: string,
): Promise<User> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  const allowed =
    ok &&
    user &&
    user.passwordHash &&
    !user.disabledAt &&
    (config.demoLogins || !user.email.endsWith(DEMO_DOMAIN));
  if (!allowed) {
    // Known and unknown emails both write one row; the attempted email is not stored.
    await recordAudit(db, {
      userId: null,
      action: 'auth.login_failed',
      entity: 'user',
      entityId: user?.id ?? null,
    });
    throw unauthorized(BAD_CREDENTIALS);
  }
  return user;
}

/** A new session for the user: a fresh token every time (no fixation), the cookie set on the response. */
export async function startSession(c: Context<AppEnv>, db: Db, userId: string) {
  const session = await createSession(db, c.var.config, userId);
  setSessionCookie(c, session.token);
  return session;
}

/** 422 naming the field unless the password is long enough (and not absurdly long). */
export function checkNewPassword(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw invalid({ [field]: `must be at least ${MIN_PASSWORD_LENGTH} characters` });
  if (password.length > MAX_PASSWORD_LENGTH)
    throw invalid({ [field]: `must be at most ${MAX_PASSWORD_LENGTH} characters` });
}

/** Changes a signed-in user's password after checking the current one; other sessions end. */
export async function changePassword(
  db: Kysely<DB>,
  user: SessionUser,
  keepSessionId: string | null,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  checkNewPassword(newPassword, 'newPassword');
  const row = await db
    .selectFrom('users')
    .select('passwordHash')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (!row.passwordHash || !(await verifyPassword(row.passwordHash, currentPassword))) {
    throw invalid({ currentPassword: 'is not your current password' });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (tx) => {
    const now = new Date();
    await tx
      .updateTable('users')
      .set({ passwordHash, passwordChangedAt: now })
      .where('id', '=', user.id)
      .execute();
    let others = tx
      .updateTable('sessions')
      .set({ revokedAt: now })
      .where('userId', '=', user.id)
      .where('revokedAt', 'is', null);
    if (keepSessionId) others = others.where('id', '!=', keepSessionId);
    const ended = await others.executeTakeFirst();
    await recordAudit(tx, {
      userId: user.id,
      action: 'user.password_changed',
      entity: 'user',
      entityId: user.id,
      details: { sessionsEnded: Number(ended.numUpdatedRows) },
    });
  });
}
