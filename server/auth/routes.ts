/** /api/v1/auth: sign in, sign out, the current session, and changing one's own password. */
import { createRoute, z } from '@hono/zod-openapi';
import { recordAudit } from '../audit/audit.js';
import { currentUser, requireUser } from '../http/auth.js';
import { unauthorized } from '../http/errors.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { clientAddress, createRateLimiter } from '../http/rate-limit.js';
import {
  authenticate,
  changePassword,
  MAX_PASSWORD_LENGTH,
  normaliseEmail,
  startSession,
  toSessionUser,
} from './accounts.js';
import { clearSessionCookie } from './cookie.js';
import { revokeSession } from './sessions.js';
import { statedLanguage } from '../users/language.js';
import { SignedInSchema, UserViewSchema } from './schemas.js';

const LoginBody = z
  .object({
    email: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  })
  .openapi('LoginRequest');

const PasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
    newPassword: z.string(),
  })
  .strict()
  .openapi('PasswordChange');

/** Login attempts per caller address and email (brute force and credential stuffing). */
export const LOGIN_LIMIT = { limit: 10, windowMs: 15 * 60_000 };
/**
 * Login attempts per caller address, whatever the email (password spraying: one password tried
 * against many accounts). Only failures count, so an office behind one address is not locked
 * out by its own sign-ins; behind a reverse proxy set TRUST_PROXY.
 */
export const LOGIN_ADDRESS_LIMIT = { limit: 20, windowMs: 15 * 60_000 };

export function authRoutes() {
  const logins = createRateLimiter({ ...LOGIN_LIMIT, name: 'login' });
  const loginsFromAddress = createRateLimiter({ ...LOGIN_ADDRESS_LIMIT, name: 'login-address' });
  const passwordChanges = createRateLimiter({ ...LOGIN_LIMIT, name: 'password-change' });

  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/login',
        tags: ['Auth'],
        summary:
          'Sign in; sets the HttpOnly session cookie and returns a Bearer token and the CSRF token',
        request: { body: jsonBody(LoginBody) },
        responses: {
          200: jsonResponse(SignedInSchema, 'Signed in'),
          ...errorResponses(400, 401, 422, 429),
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const address = clientAddress(c);
        const attemptKey = `${address}|${normaliseEmail(email)}`;
        const db = c.var.db;
        await logins.consume(db, attemptKey);
        // Refused before the password is checked: an address over its failures learns nothing more.
        await loginsFromAddress.check(db, address);
        const user = await authenticate(db, c.var.config, email, password).catch(
          async (err: unknown) => {
            await loginsFromAddress.hit(db, address);
            throw err;
          },
        );
        // Only failures should pile up: someone who knows the password (a shared office machine,
        // a test suite) is not locked out by their own successful sign-ins.
        await logins.reset(db, attemptKey);
        const session = await db.transaction().execute(async (tx) => {
          // Signing in again from a browser that still holds a session replaces it, not adds to it.
          if (c.var.auth?.via === 'cookie') await revokeSession(tx, c.var.auth.sessionId);
          const s = await startSession(c, tx, user.id);
          await recordAudit(tx, {
            userId: user.id,
            action: 'auth.login',
            entity: 'session',
            entityId: s.sessionId,
          });
          // Mail to them is written in the language they use Gapmap in (users.language).
          const language = statedLanguage(c);
          if (language && language !== user.language)
            await tx.updateTable('users').set({ language }).where('id', '=', user.id).execute();
          return s;
        });
        return c.json(
          { user: toSessionUser(user), token: session.token, csrfToken: session.csrfToken },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/logout',
        tags: ['Auth'],
        summary: 'Sign out: ends this session and clears the cookie (204 even when not signed in)',
        responses: { 204: { description: 'Signed out' }, ...errorResponses(403) },
      }),
      async (c) => {
        const auth = c.var.auth;
        if (auth) {
          await revokeSession(c.var.db, auth.sessionId);
          await recordAudit(c.var.db, {
            userId: c.var.user?.id ?? null,
            action: 'auth.logout',
            entity: 'session',
            entityId: auth.sessionId,
          });
        }
        clearSessionCookie(c);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/session',
        tags: ['Auth'],
        summary: 'The signed-in user and the CSRF token for cookie writes',
        responses: {
          200: jsonResponse(z.object({ user: UserViewSchema, csrfToken: z.string() }), 'Signed in'),
          ...errorResponses(401),
        },
      }),
      (c) => {
        const { user, auth } = c.var;
        if (!user || !auth) throw unauthorized();
        return c.json({ user, csrfToken: auth.csrfToken }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/password',
        tags: ['Auth'],
        summary:
          'Change your own password (current + new, at least 12 characters); your other sessions end',
        middleware: [requireUser] as const,
        request: { body: jsonBody(PasswordBody) },
        responses: {
          204: { description: 'Password changed' },
          ...errorResponses(400, 401, 403, 422, 429),
        },
      }),
      async (c) => {
        const { currentPassword, newPassword } = c.req.valid('json');
        const user = currentUser(c);
        await passwordChanges.consume(c.var.db, user.id);
        await changePassword(
          c.var.db,
          user,
          c.var.auth?.sessionId ?? null,
          currentPassword,
          newPassword,
        );
        return c.body(null, 204);
      },
    );
}
