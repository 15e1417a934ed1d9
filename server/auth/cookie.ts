/** The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure except for plain http on this machine. */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Browsers drop Secure cookies on plain http, which would break `npm start` on a laptop; so
 * Secure is left off only for http to localhost. Anything else (including http to a real host,
 * which a TLS-terminating proxy forwards) keeps it.
 */
export function cookieIsSecure(requestUrl: string): boolean {
  const url = new URL(requestUrl);
  return !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: cookieIsSecure(c.req.url),
    path: '/',
    // The browser may forget it when the session's absolute lifetime ends anyway.
    maxAge: c.var.config.sessionAbsoluteHours * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: cookieIsSecure(c.req.url), httpOnly: true, sameSite: 'Lax' });
}
