/**
 * `GET /s/{serviceId}`: the public, read-only card of one active service — what "copy for a
 * message" links to, so a client opening it on a phone sees the service without signing in,
 * whatever PUBLIC_DIRECTORY says. Open Graph tags give WhatsApp and mail a preview. Confidential
 * locations show only their district (the service view already withholds the rest).
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/errors.js';
import { costText, placeText, referralText, whenText } from './exports.js';
import type { ServiceView } from './services.js';
import { isEnglish, serviceTextIn } from './translations.js';
import { loadServiceView } from './views.js';
import messages from '../../i18n/messages/share.js';
import valueMessages from '../../i18n/messages/catalogue.js';
import { isLang, type Lang } from '../../i18n/define.js';
import { directionOf, localeOf, requestLanguage, translator } from '../i18n/language.js';

const ACCEPTING = {
  open: 'acceptingOpen',
  waitlist: 'acceptingWaitlist',
  full: 'acceptingFull',
} as const;
type T = ReturnType<typeof translator<typeof messages.en>>;
const Id = z.string().uuid();

/** The link a message carries for this service. */
export const shareLink = (publicUrl: string, serviceId: string) =>
  new URL(`/s/${serviceId}`, publicUrl).toString();

interface Contact {
  organisation: string;
  email: string | null;
  phone: string | null;
  website: string | null;
}

function page(
  t: T,
  lang: Lang,
  head: HtmlEscapedString | Promise<HtmlEscapedString>,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  return html`<!doctype html>
<html lang="${localeOf(lang)}" dir="${directionOf(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${head}
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:1.5rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}
h1{font-size:1.5rem;margin:.2rem 0}.org{color:#4b5563;margin:0 0 .75rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem .9rem}
dt{font-weight:700}dd{margin:0}a{color:#0b5cad}.badge{display:inline-block;border:1px solid #1b1f24;border-radius:999px;padding:0 .6rem;font-size:.9rem}
footer{margin-top:2rem;font-size:.9rem;color:#4b5563}</style>
</head><body><main>${body}</main>
<footer><p>${t('footer')}</p></footer>
</body></html>`;
}

/** `?lang=bn`: the organiser's summary and "how to join" in that language, or the English marked as such. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

function card(
  t: T,
  lang: Lang,
  v: ServiceView,
  contact: Contact,
  tagNames: string[],
  link: string,
  language?: string,
) {
  const text = language ? serviceTextIn(v, language) : null;
  const w = translator(valueMessages, lang);
  const description = [
    v.summary,
    v.schedules.length
      ? t('whenLine', { when: v.schedules.map((s) => whenText(s, w)).join('; ') })
      : '',
    t('costLine', { cost: costText(v, w) }),
  ]
    .filter(Boolean)
    .join(' · ');
  const head = html`<title>${v.name} · Gapmap</title>
<meta name="description" content="${description}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="Gapmap">
<meta property="og:title" content="${v.name} (${contact.organisation})">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${link}">
<meta name="twitter:card" content="summary">
<link rel="canonical" href="${link}">`;
  const reach = [
    contact.phone && html`<a href="tel:${contact.phone.replace(/\s+/g, '')}">${contact.phone}</a>`,
    contact.email && html`<a href="mailto:${contact.email}">${contact.email}</a>`,
    contact.website && html`<a href="${contact.website}">${contact.website}</a>`,
  ].filter(Boolean);
  const body = html`<article aria-labelledby="service-name">
<h1 id="service-name">${v.name}</h1>
<p class="org">${contact.organisation}</p>
<p><span class="badge">${t(ACCEPTING[v.accepting])}</span></p>
${
  text && !isEnglish(language!)
    ? html`<p lang="${text.inEnglish ? 'en' : language}">${text.summary}${text.inEnglish ? html` <span class="badge">${t('inEnglish')}</span>` : ''}</p>`
    : html`<p>${v.summary}</p>`
}
<dl>
${v.schedules.length ? html`<dt>${t('when')}</dt><dd>${v.schedules.map((s) => whenText(s, w)).join('; ')}</dd>` : ''}
<dt>${t('where')}</dt><dd>${v.locations.map((l) => placeText(l, w)).join('; ') || t('askService')}</dd>
<dt>${t('cost')}</dt><dd>${costText(v, w)}</dd>
<dt>${t('howToJoin')}</dt><dd>${referralText(v, w)}${text?.howToJoin ? html`<br><span lang="${language}">${text.howToJoin}</span>` : ''}</dd>
${v.languages.length ? html`<dt>${t('languages')}</dt><dd>${v.languages.join(', ')}</dd>` : ''}
${tagNames.length ? html`<dt>${t('for')}</dt><dd>${tagNames.join(', ')}</dd>` : ''}
${reach.length ? html`<dt>${t('contact')}</dt><dd>${reach.map((r, i) => (i ? html`, ${r}` : r))}</dd>` : ''}
</dl>
</article>`;
  return page(t, lang, head, body);
}

const notFoundHtml = (t: T, lang: Lang) =>
  page(
    t,
    lang,
    html`<title>${t('notFoundTitle')} · Gapmap</title><meta name="robots" content="noindex">`,
    html`<h1>${t('notListed')}</h1><p role="alert">${t('notListedHelp')}</p>`,
  );

export function serviceSharePages() {
  const app = new Hono<AppEnv>();
  app.get('/:id', async (c) => {
    // `?lang=` names the language of the service's own texts; a language the app ships also sets the page's.
    const textLang = c.req.query('lang');
    const lang = isLang(textLang) ? textLang : requestLanguage(c);
    const t = translator(messages, lang);
    const notFoundPage = () => notFoundHtml(t, lang);
    // The page depends on the reader's language.
    c.header('Vary', 'Accept-Language, Cookie');
    const id = Id.safeParse(c.req.param('id'));
    if (!id.success) return c.html(notFoundPage(), 404);
    const db = c.var.db;
    let view: ServiceView;
    try {
      view = await loadServiceView(db, id.data);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return c.html(notFoundPage(), 404);
      throw err;
    }
    if (view.status !== 'active') return c.html(notFoundPage(), 404);
    const [org, tags] = await Promise.all([
      db
        .selectFrom('organisations')
        .select(['name', 'email', 'phone', 'website'])
        .where('id', '=', view.organisationId)
        .executeTakeFirstOrThrow(),
      view.tags.length
        ? db
            .selectFrom('taxonomy')
            .select(['slug', 'name'])
            .where('slug', 'in', view.tags)
            .orderBy('name')
            .execute()
        : Promise.resolve([]),
    ]);
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(
      card(
        t,
        lang,
        view,
        { organisation: org.name, email: org.email, phone: org.phone, website: org.website },
        tags.map((t) => t.name),
        shareLink(c.var.config.publicUrl, view.id),
        textLang && LANGUAGE_TAG.test(textLang) ? textLang : undefined,
      ),
    );
  });
  return app;
}
