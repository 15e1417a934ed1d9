/**
 * `/check/{token}`: the page behind a listing check reminder. GET shows the service and three
 * buttons (and never spends the link, so a mail scanner cannot); POST answers once.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { TOKEN_SHAPE } from '../auth/signed-links.js';
import type { AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { capabilityHeaders, linkErrorPage, linkPage } from '../http/link-page.js';
import { answerCheckLink, resolveCheckLink, type CheckOutcome } from './check-links.js';
import { CHECK_ANSWERS, CHECK_WORDS, formatDay, type CheckAnswer } from './wording.js';

const W = CHECK_WORDS;

function thanks(o: CheckOutcome) {
  if (o.answer === 'still_right') {
    return html`<h1>Thank you</h1><p role="status"><strong>${o.serviceName}</strong> is marked as checked today. Link Workers will see that it is current.</p>`;
  }
  if (o.answer === 'has_ended') {
    return html`<h1>Thank you</h1><p role="status"><strong>${o.serviceName}</strong> is marked as ended and no longer shown as running.</p>
<p>If this was a mistake, sign in to Gapmap and set it back to active.</p>`;
  }
  return html`<h1>Thank you</h1><p role="status"><strong>${o.serviceName}</strong> is marked as needing changes for your organisation.</p>
<p>To put it right, sign in and edit the listing: <a href="${o.editUrl}">sign in to edit ${o.serviceName}</a>. When it is right again, press “Still right” on its page.</p>
<p>No account yet? Ask your organisation's Gapmap organiser or the Gapmap admin for an invitation.</p>`;
}

export function checkLinkPages() {
  const app = new Hono<AppEnv>();
  app.use('*', capabilityHeaders);
  app.get('/:token', async (c) => {
    try {
      const { service } = await resolveCheckLink(c.var.db, c.req.param('token'));
      return c.html(
        linkPage(
          W.title,
          html`<h1>Is ${service.name} still right?</h1>
<p>${service.organisationName}</p>
<p>${service.summary}</p>
<p>${service.lastVerifiedAt ? `Last confirmed on ${formatDay(service.lastVerifiedAt)}.` : 'Nobody has confirmed it yet.'}</p>
<form method="post"><fieldset><legend>${W.legend}</legend>
${CHECK_ANSWERS.map((a) => html`<button type="submit" name="answer" value="${a}">${W.answers[a]}<br><small>${W.hints[a]}</small></button>`)}
</fieldset></form>`,
        ),
      );
    } catch (err) {
      return linkErrorPage(c, err, W.title);
    }
  });
  app.post('/:token', async (c) => {
    try {
      // Cheap checks first (a token of our shape naming a live link); only then is the form read.
      const token = c.req.param('token');
      if (!TOKEN_SHAPE.test(token)) throw notFound(W.link.what);
      await resolveCheckLink(c.var.db, token);
      const answer = (await c.req.parseBody()).answer;
      if (typeof answer !== 'string' || !(CHECK_ANSWERS as readonly string[]).includes(answer)) {
        return c.html(
          linkPage(W.title, html`<h1>${W.title}</h1><p role="alert">${W.chooseOne}</p>`),
          422,
        );
      }
      return c.html(
        linkPage(
          'Thank you',
          thanks(await answerCheckLink(c.var.db, c.var.config, token, answer as CheckAnswer)),
        ),
      );
    } catch (err) {
      return linkErrorPage(c, err, W.title);
    }
  });
  return app;
}
