/**
 * The small, script-free HTML page behind a signed link from an email (server/auth/signed-links.ts):
 * a referral link (`/r/{token}`), a listing check (`/check/{token}`). Plain forms, so it works in
 * any mail client's browser; a capability URL, so it is kept out of caches and Referer headers.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from './env.js';
import { AppError } from './errors.js';

export function linkPage(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Gapmap</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}
button{font:inherit;padding:.6rem 1rem;margin:.25rem 0;border-radius:4px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer;width:100%;text-align:left}
button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.code{font-family:monospace;font-size:1.2rem;letter-spacing:.1em}</style>
</head><body><main>${body}</main></body></html>`;
}

/** An AppError as a page with its status (404, 409, 410; anything else a 400); other errors go on. */
export function linkErrorPage(c: Context<AppEnv>, err: unknown, title: string) {
  if (!(err instanceof AppError)) throw err;
  const status = err.status === 410 || err.status === 404 || err.status === 409 ? err.status : 400;
  return c.html(linkPage(title, html`<h1>${title}</h1><p role="alert">${err.message}</p>`), status);
}

/** Capability URLs: keep them out of caches and out of Referer headers of outgoing links. */
export const capabilityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
};
