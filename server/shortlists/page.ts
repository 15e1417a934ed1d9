/**
 * The public, printable page behind a shortlist link (`/l/{token}`): no sign-in, no script, in
 * the client's language (right to left for Arabic). Print CSS fits A4 and A5 (a narrow printed
 * page gets smaller type); `?paper=a4|a5` asks the browser for that sheet. An entry stays on one sheet where it can.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { RTL_LANGUAGES } from '../../i18n/define.js';
import { dateIn, labelLanguage, labelsFor, type ShortlistEntry } from './shortlist.js';

export type Paper = 'a4' | 'a5';

const STYLE = `body{font-family:system-ui,"Noto Sans Bengali","Noto Naskh Arabic",sans-serif;max-width:40rem;margin:1.5rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}
h1{font-size:1.5rem;margin:.2rem 0 .5rem}h2{font-size:1.2rem;margin:0}.org{color:#4b5563;margin:0 0 .5rem}
article{border-top:2px solid #1b1f24;padding:.75rem 0;break-inside:avoid}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .9rem;margin:.5rem 0 0}dt{font-weight:700}dd{margin:0}
.lang{display:inline-block;border:1px solid #4b5563;border-radius:999px;padding:0 .5rem;font-size:.85rem;margin-inline-start:.4rem}
.note{font-weight:700}a{color:#0b5cad}footer{margin-top:1.5rem;font-size:.9rem;color:#4b5563}
@page{margin:12mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:11pt}a{color:inherit;text-decoration:none}footer{font-size:9pt}}
@media print and (max-width:140mm){body{font-size:9.5pt}h1{font-size:14pt}h2{font-size:11pt}dl{gap:.1rem .6rem}}`;
const A4 = '@page{size:A4}';
const A5 = '@page{size:A5;margin:9mm}';

function document(
  language: string,
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
  paper?: Paper,
) {
  const lang = labelLanguage(language);
  const t = labelsFor(language);
  const css = STYLE + (paper === 'a5' ? A5 : paper === 'a4' ? A4 : '');
  return html`<!doctype html>
<html lang="${language}" dir="${RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Gapmap</title>
<style>${css}</style>
</head><body><main>${body}</main>
<footer><p>${t('footer')}</p></footer>
</body></html>`;
}

function entry(e: ShortlistEntry, language: string) {
  const t = labelsFor(language);
  const reach = [
    e.phone && html`${t('phone')}: <a href="tel:${e.phone.replace(/\s+/g, '')}">${e.phone}</a>`,
    e.email && html`${t('email')}: <a href="mailto:${e.email}">${e.email}</a>`,
    e.website && html`${t('website')}: <a href="${e.website}">${e.website}</a>`,
  ].filter(Boolean);
  return html`<article aria-labelledby="s-${e.id}">
<h2 id="s-${e.id}">${e.name}</h2>
<p class="org">${e.organisation}</p>
${e.availability ? html`<p class="note">${e.availability}</p>` : ''}
<dl>
<dt>${t('what')}</dt><dd><span lang="${e.summaryInEnglish ? 'en' : language}">${e.summary}</span>${e.summaryInEnglish ? html`<span class="lang">${t('inEnglish')}</span>` : ''}</dd>
${e.when.length ? html`<dt>${t('when')}</dt><dd>${e.when.map((w, i) => (i ? html`<br>${w}` : w))}</dd>` : ''}
<dt>${t('where')}</dt><dd>${e.where.map((w, i) => (i ? html`<br>${w}` : w))}</dd>
<dt>${t('cost')}</dt><dd>${e.cost}</dd>
<dt>${t('howToJoin')}</dt><dd>${e.howToJoin.map((w, i) => (i ? html`<br>${w}` : w))}</dd>
<dt>${t('askFor')}</dt><dd>${e.askFor}${reach.map((r) => html`<br>${r}`)}</dd>
</dl>
</article>`;
}

export function shortlistPage(
  entries: ShortlistEntry[],
  language: string,
  expiresAt: Date,
  missing: boolean,
  paper?: Paper,
) {
  const t = labelsFor(language);
  return document(
    language,
    t('pageTitle'),
    html`<h1>${t('pageTitle')}</h1>
<p>${t('intro')}</p>
<p>${t('expiresOn', { date: dateIn(labelLanguage(language), expiresAt) })}</p>
${missing ? html`<p role="note">${t('someRemoved')}</p>` : ''}
${entries.map((e) => entry(e, language))}`,
    paper,
  );
}

export function shortlistProblemPage(language: string, kind: 'expired' | 'not_found') {
  const t = labelsFor(language);
  const [title, body] =
    kind === 'expired'
      ? [t('expiredTitle'), t('expiredBody')]
      : [t('notFoundTitle'), t('notFoundBody')];
  return document(language, title, html`<h1>${title}</h1><p role="alert">${body}</p>`);
}
