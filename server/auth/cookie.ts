/** The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure except for plain http on this machine. */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Browsers drop Secure cookies on plain http, which would break `npm start` on a laptop; so
 * Secure is left off only for http to localhost. Anything else (including http to a real host,
 * which a TLS-terminating proxy forwards) keeps it. Behind a trusted proxy (TRUST_PROXY=1) the
 * proxy says how the browser connected: X-Forwarded-Proto `https` → Secure, `http` → not.
 */
export function cookieIsSecure(requestUrl: string, forwardedProto?: string): boolean {
  const proto = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  if (proto === 'https') return true;
  if (proto === 'http') return false;
  const url = new URL(requestUrl);
  return !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

/** Secure for this request's session cookie (the forwarded scheme counts only with TRUST_PROXY). */
function secureFor(c: Context<AppEnv>): boolean {
  return cookieIsSecure(
    c.req.url,
    c.var.config.trustProxy ? c.req.header('x-forwarded-proto') : undefined,
  );
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureFor(c),
    path: '/',
    // The browser may forget it when the session's absolute lifetime ends anyway.
    maxAge: c.var.config.sessionAbsoluteHours * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    secure: secureFor(c),
    httpOnly: true,
    sameSite: 'Lax',
  });
}
