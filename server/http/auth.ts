/**
 * Authentication and authorisation, in one place.
 * - `sessionMiddleware` reads the session cookie or a Bearer token and sets `c.var.user`. A
 *   request whose own write confirms its session (`confirmedByWrite`: the single flag) may be
 *   signed in from a session this process read live within the last minute; it is answered only
 *   once that session is confirmed, by its write or else by a read (`confirmSession`).
 * - `csrfGuard` requires `X-CSRF-Token` on cookie-authenticated writes.
 * - `requireRole(...)` is declared by each route; admins pass every role check.
 * Object-level checks (an organiser edits only their organisation's records) live in each
 * feature's logic and use `assertOrganisationAccess`.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../db/schema.js';
import { rememberedSession, resolveSession, type ResolvedSession } from '../auth/sessions.js';
import { safeEqual } from '../auth/tokens.js';
import type { AppEnv, SessionUser } from './env.js';
import { forbidden, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'gapmap_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * For a request whose own write confirms its session, the roles that write allows; undefined for
 * every other request (each reads its session).
 */
export type ConfirmedByWrite = (c: Context<AppEnv>) => readonly Role[] | undefined;

/** The request's session token and how it came (a Bearer token wins over the cookie). */
function tokenOf(c: Context<AppEnv>): { token: string; via: 'bearer' | 'cookie' } | null {
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

function signIn(
  c: Context<AppEnv>,
  session: ResolvedSession,
  via: 'bearer' | 'cookie',
  confirmed: boolean,
): void {
  c.set('user', session.user);
  c.set('auth', { sessionId: session.sessionId, via, csrfToken: session.csrfToken, confirmed });
}

export function sessionMiddleware(options: { confirmedByWrite?: ConfirmedByWrite } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('user', null);
    c.set('auth', null);
    const presented = tokenOf(c);
    if (presented) {
      const db = c.get('db');
      const roles = options.confirmedByWrite?.(c);
      const remembered = roles && rememberedSession(db, presented.token);
      if (remembered && passes(remembered.user.role, roles)) {
        signIn(c, remembered, presented.via, false);
      } else {
        const session = await resolveSession(db, c.get('config'), presented.token);
        if (session) signIn(c, session, presented.via, true);
      }
    }
    await next();
    // A request signed in from memory whose write did not confirm its session (it ended before
    // writing, or wrote nothing): its session is read now, and if it has ended the answer is 401.
    const roles = options.confirmedByWrite?.(c);
    if (roles && c.get('auth')?.confirmed === false) await confirmSession(c, roles);
  });
}

/**
 * Confirms a request's remembered session by a read (nothing to do once confirmed): 401 if it has
 * ended (the request is then signed out), 403 if its user's role no longer passes `roles`.
 */
export async function confirmSession(c: Context<AppEnv>, roles: readonly Role[]): Promise<void> {
  if (c.get('auth')?.confirmed !== false) return;
  await readSessionAgain(c, roles);
}

/**
 * Reads the request's session again (after its write found it ended): throws 401 if it has
 * ended, 403 if its user's role no longer passes `roles`; otherwise signs the request in with it.
 */
export async function readSessionAgain(c: Context<AppEnv>, roles: readonly Role[]): Promise<void> {
  const presented = tokenOf(c);
  const session =
    presented && (await resolveSession(c.get('db'), c.get('config'), presented.token));
  if (!presented || !session) {
    c.set('user', null);
    c.set('auth', null);
    throw unauthorized();
  }
  signIn(c, session, presented.via, true);
  if (!passes(session.user.role, roles)) throw forbidden();
}

/**
 * Signing in and accepting an invite act on the credentials in the body, never with the
 * authority of a cookie the browser happens to hold, so a stale session must not block them.
 */
const CSRF_EXEMPT = [/^\/api\/v1\/auth\/login$/, /^\/api\/v1\/invites\/[^/]+\/accept$/];

/** Cookie-authenticated writes must echo the session's CSRF token; Bearer requests need not. */
export const csrfGuard = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.get('auth');
  if (
    auth?.via === 'cookie' &&
    !SAFE_METHODS.has(c.req.method) &&
    !CSRF_EXEMPT.some((r) => r.test(c.req.path))
  ) {
    const sent = c.req.header('x-csrf-token') ?? '';
    if (!safeEqual(sent, auth.csrfToken)) throw forbidden('Missing or wrong X-CSRF-Token header.');
  }
  await next();
});

/** A user of this role may do what these roles may (admin always passes). */
export const passes = (role: Role, roles: readonly Role[]): boolean =>
  role === 'admin' || roles.includes(role);

/** Every role that passes `roles`, admin included (for a check made in SQL). */
export const rolesPassing = (roles: readonly Role[]): Role[] => [
  ...new Set<Role>(['admin', ...roles]),
];

/** Signed in with one of these roles (admin always passes). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    if (!passes(user.role, roles)) throw forbidden();
    await next();
  });
}

/** Any signed-in user. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('user')) throw unauthorized();
  await next();
});

/** The signed-in user; use after requireRole/requireUser. */
export function currentUser(c: { get(key: 'user'): SessionUser | null }): SessionUser {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return user;
}

/** Object-level check: admins pass; organisers only for their own organisation. */
export function assertOrganisationAccess(user: SessionUser, organisationId: string | null): void {
  if (user.role === 'admin') return;
  if (
    user.role === 'organiser' &&
    organisationId !== null &&
    user.organisationId === organisationId
  )
    return;
  throw forbidden('This record belongs to another organisation.');
}
