/**
 * Authentication and authorisation, in one place.
 * - `sessionMiddleware` reads the session cookie or a Bearer token and sets `c.var.user`.
 * - `csrfGuard` requires `X-CSRF-Token` on cookie-authenticated writes.
 * - `requireRole(...)` is declared by each route; admins pass every role check.
 * Object-level checks (an organiser edits only their organisation's records) live in each
 * feature's logic and use `assertOrganisationAccess`.
 */
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../db/schema.js';
import { resolveSession } from '../auth/sessions.js';
import { safeEqual } from '../auth/tokens.js';
import type { AppEnv, SessionUser } from './env.js';
import { forbidden, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'gapmap_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sessionMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set('user', null);
  c.set('auth', null);
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
  const token = bearer ?? cookie;
  if (token) {
    const session = await resolveSession(c.get('db'), c.get('config'), token);
    if (session) {
      c.set('user', session.user);
      c.set('auth', {
        sessionId: session.sessionId,
        via: bearer ? 'bearer' : 'cookie',
        csrfToken: session.csrfToken,
      });
    }
  }
  await next();
});

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

/** Signed in with one of these roles (admin always passes). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    if (user.role !== 'admin' && !roles.includes(user.role)) throw forbidden();
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
