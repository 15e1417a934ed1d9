/**
 * The small HTML page behind a signed referral link (`/r/{token}`): what was referred and one
 * button per next step (the page layout: server/http/link-page.ts).
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { REFERRAL_STATUSES, type ReferralStatus } from '../../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { capabilityHeaders, linkErrorPage, linkPage } from '../http/link-page.js';
import { moveByReferralLink, resolveReferralLink } from './links.js';
import { TOKEN_SHAPE } from '../auth/signed-links.js';
import type { Mailer } from '../mail/mailer.js';

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  sent: 'Sent',
  acknowledged: 'Seen — we will be in touch',
  contacted: 'We have contacted them',
  attended: 'They came along',
  not_a_fit: 'Not a fit for us',
  no_response: 'No response from them',
  withdrawn: 'Withdrawn by the Link Worker',
};

export function referralLinkPages(deps: { mailer: Mailer }) {
  const app = new Hono<AppEnv>();
  app.use('*', capabilityHeaders);
  app.get('/:token', async (c) => {
    try {
      const { referral, moves } = await resolveReferralLink(c.var.db, c.req.param('token'));
      return c.html(
        linkPage(
          `Referral ${referral.code}`,
          html`<h1>Referral to ${referral.serviceName}</h1>
<p>Reference code: <span class="code">${referral.code}</span></p>
<p>Current status: <strong>${STATUS_LABELS[referral.status]}</strong></p>
${
  moves.length
    ? html`<form method="post"><fieldset><legend>Update the status (this link works once)</legend>
${moves.map((m) => html`<button type="submit" name="status" value="${m}">${STATUS_LABELS[m]}</button>`)}
</fieldset></form>`
    : html`<p>There is nothing left to update.</p>`
}
<p>Sign in to Gapmap to read the note and see the history.</p>`,
        ),
      );
    } catch (err) {
      return linkErrorPage(c, err, 'Referral link');
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
      if (
        typeof status !== 'string' ||
        !(REFERRAL_STATUSES as readonly string[]).includes(status)
      ) {
        return c.html(
          linkPage(
            'Referral link',
            html`<h1>Referral link</h1><p role="alert">Choose one of the buttons.</p>`,
          ),
          422,
        );
      }
      const moved = await moveByReferralLink(
        { db: c.var.db, config: c.var.config, logger: c.var.logger, mailer: deps.mailer },
        token,
        status as ReferralStatus,
      );
      return c.html(
        linkPage(
          'Thank you',
          html`<h1>Thank you</h1><p role="status">Referral <span class="code">${moved.code}</span> to ${moved.serviceName} is now: <strong>${STATUS_LABELS[moved.status]}</strong>.</p>
<p>The Link Worker can see this straight away.</p>`,
        ),
      );
    } catch (err) {
      return linkErrorPage(c, err, 'Referral link');
    }
  });
  return app;
}
