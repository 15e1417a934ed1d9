/** Sessions: opaque 256-bit tokens, stored as SHA-256 hashes, with idle and absolute expiry. */
import type { Db } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { SessionUser } from '../http/env.js';
import { hashToken, newToken } from './tokens.js';

export interface NewSession {
  token: string;
  csrfToken: string;
  sessionId: string;
}

export async function createSession(
  db: Db,
  config: Config,
  userId: string,
  now = new Date(),
): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const row = await db
    .insertInto('sessions')
    .values({
      userId,
      tokenHash: hashToken(token),
      csrfToken,
      lastSeenAt: now,
      idleExpiresAt: new Date(now.getTime() + config.sessionIdleMinutes * 60_000),
      absoluteExpiresAt: new Date(now.getTime() + config.sessionAbsoluteHours * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, csrfToken, sessionId: row.id };
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  user: SessionUser;
}

/** The live session for a token, sliding its idle expiry; null when unknown, expired, revoked or the user is disabled. */
export async function resolveSession(
  db: Db,
  config: Config,
  token: string,
  now = new Date(),
): Promise<ResolvedSession | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.id as sessionId',
      'sessions.csrfToken',
      'sessions.lastSeenAt',
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.organisationId',
    ])
    .where('sessions.tokenHash', '=', hashToken(token))
    .where('sessions.revokedAt', 'is', null)
    .where('sessions.idleExpiresAt', '>', now)
    .where('sessions.absoluteExpiresAt', '>', now)
    .where('users.disabledAt', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // Slide the idle window at most once a minute, so reads stay cheap.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({
        lastSeenAt: now,
        idleExpiresAt: new Date(now.getTime() + config.sessionIdleMinutes * 60_000),
      })
      .where('id', '=', row.sessionId)
      .execute();
  }
  return {
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      organisationId: row.organisationId,
    },
  };
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revokedAt: new Date() })
    .where('id', '=', sessionId)
    .execute();
}

/** Ends every session of a user (password change, disabling). */
export async function revokeUserSessions(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revokedAt: new Date() })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute();
}
