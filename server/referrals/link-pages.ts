/**
 * The small HTML page behind a signed referral link (`/r/{token}`): what was referred and one
 * button per next step. Plain forms, no script, so it works in any mail client's browser.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { REFERRAL_STATUSES, type ReferralStatus } from '../../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { AppError, notFound } from '../http/errors.js';
import { moveByReferralLink, resolveReferralLink } from './links.js';

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  sent: 'Sent',
  acknowledged: 'Seen — we will be in touch',
  contacted: 'We have contacted them',
  attended: 'They came along',
  not_a_fit: 'Not a fit for us',
  no_response: 'No response from them',
  withdrawn: 'Withdrawn by the Link Worker',
};

function page(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Gapmap</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}
button{font:inherit;padding:.6rem 1rem;margin:.25rem 0;border-radius:4px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer;width:100%;text-align:left}
button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.code{font-family:monospace;font-size:1.2rem;letter-spacing:.1em}</style>
</head><body><main>${body}</main></body></html>`;
}

async function errorPage(c: Context<AppEnv>, err: unknown) {
  if (!(err instanceof AppError)) throw err;
  const status = err.status === 410 || err.status === 404 || err.status === 409 ? err.status : 400;
  return c.html(page('Referral link', html`<h1>Referral link</h1><p role="alert">${err.message}</p>`), status);
}

/** newToken(): 32 random bytes as base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function referralLinkPages() {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    // A capability URL: keep it out of caches and out of Referer headers of outgoing links.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.get('/:token', async (c) => {
    try {
      const { referral, moves } = await resolveReferralLink(c.var.db, c.req.param('token'));
      return c.html(
        page(
          `Referral ${referral.code}`,
          html`<h1>Referral to ${referral.serviceName}</h1>
<p>Reference code: <span class="code">${referral.code}</span></p>
<p>Current status: <strong>${STATUS_LABELS[referral.status]}</strong></p>
${moves.length
  ? html`<form method="post"><fieldset><legend>Update the status (this link works once)</legend>
${moves.map((m) => html`<button type="submit" name="status" value="${m}">${STATUS_LABELS[m]}</button>`)}
</fieldset></form>`
  : html`<p>There is nothing left to update.</p>`}
<p>Sign in to Gapmap to read the note and see the history.</p>`,
        ),
      );
    } catch (err) {
      return errorPage(c, err);
    }
  });
  app.post('/:token', async (c) => {
    try {
      // Cheap checks first: a token of the shape we issue, naming a live link. Only then is the
      // (size-limited) form read, so an anonymous body on a made-up token costs nothing.
      const token = c.req.param('token');
      if (!TOKEN_SHAPE.test(token)) throw notFound('Referral link');
      await resolveReferralLink(c.var.db, token);
      const status = (await c.req.parseBody()).status;
      if (typeof status !== 'string' || !(REFERRAL_STATUSES as readonly string[]).includes(status)) {
        return c.html(page('Referral link', html`<h1>Referral link</h1><p role="alert">Choose one of the buttons.</p>`), 422);
      }
      const moved = await moveByReferralLink(c.var.db, c.req.param('token'), status as ReferralStatus);
      return c.html(
        page('Thank you', html`<h1>Thank you</h1><p role="status">Referral <span class="code">${moved.code}</span> to ${moved.serviceName} is now: <strong>${STATUS_LABELS[moved.status]}</strong>.</p>
<p>The Link Worker can see this straight away.</p>`),
      );
    } catch (err) {
      return errorPage(c, err);
    }
  });
  return app;
}
