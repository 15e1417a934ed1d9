/** Sessions: opaque 256-bit tokens, stored as SHA-256 hashes, with idle and absolute expiry. */
import { sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.js';
import type { Db } from '../../db/schema.js';
import { batchedRead } from '../perf/coalesce.js';
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

/**
 * The session rows of these token hashes that are not revoked and whose user is not disabled,
 * read once for the requests that arrive together (batchedRead: never a read that started before
 * the request, so a revocation committed before it is always seen; on PGlite kept in memory until
 * a write to sessions or users commits). Expiry is checked by each caller against its own clock.
 */
const liveSessionRows = batchedRead(
  async (db: Db, hashes: string[]) =>
    new Map((await sessionRowsOf(db, hashes)).map((r) => [r.tokenHash, r])),
  { keptUntil: 'sessions' },
);

/** Every request runs it: the hashes are one array, so it is compiled once. */
const sessionRowsOf = compiledOnce((db: Db, hashes: string[]) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.tokenHash',
      'sessions.id as sessionId',
      'sessions.csrfToken',
      'sessions.lastSeenAt',
      'sessions.idleExpiresAt',
      'sessions.absoluteExpiresAt',
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.organisationId',
    ])
    .where('sessions.tokenHash', '=', sql<string>`any(${hashes}::text[])`)
    .where('sessions.revokedAt', 'is', null)
    .where('users.disabledAt', 'is', null),
);

/** The live session for a token, sliding its idle expiry; null when unknown, expired, revoked or the user is disabled. */
export async function resolveSession(
  db: Db,
  config: Config,
  token: string,
  now = new Date(),
): Promise<ResolvedSession | null> {
  const hash = hashToken(token);
  const found = await liveSessionRows(db, hash);
  const row = found && found.idleExpiresAt > now && found.absoluteExpiresAt > now ? found : null;
  if (!row) {
    forgetSession(db, token);
    return null;
  }
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
  const session: ResolvedSession = {
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
  remember(db, hash, session, now.getTime());
  return session;
}

/**
 * Sessions this process read live within the last REMEMBER_MS, by token hash: only for requests
 * whose own write confirms their session (the single flag's statement, needs/queries.ts
 * `insertCountedFlags`), never as an answer by itself. A remembered session may have been revoked
 * since; the write refuses it then, and it is forgotten.
 */
const remembered = new WeakMap<Db, Map<string, { session: ResolvedSession; readAt: number }>>();
/** As long as a read slides the idle expiry (resolveSession): a request at least once a minute reads it. */
const REMEMBER_MS = 60_000;
/** Sessions remembered per database at most; past it the memory starts over. */
const MAX_REMEMBERED = 10_000;

function remember(db: Db, hash: string, session: ResolvedSession, at: number): void {
  let sessions = remembered.get(db);
  if (!sessions) remembered.set(db, (sessions = new Map()));
  if (sessions.size >= MAX_REMEMBERED) sessions.clear();
  sessions.set(hash, { session, readAt: at });
}

/** The session this process read live for this token within the last minute, or null. */
export function rememberedSession(db: Db, token: string, now = Date.now()): ResolvedSession | null {
  const entry = remembered.get(db)?.get(hashToken(token));
  return entry && now - entry.readAt < REMEMBER_MS ? entry.session : null;
}

function forgetSession(db: Db, token: string): void {
  remembered.get(db)?.delete(hashToken(token));
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
