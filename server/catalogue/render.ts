/** The catalogue as printable HTML: A4, two columns of cards per need group, print CSS with @page. */
import { html } from 'hono/html';
import { DEFAULT_LANG, type Lang } from '../../i18n/define.js';
import messages from '../../i18n/messages/catalogue.js';
import { directionOf, localeOf, translator } from '../i18n/language.js';
import type { Catalogue, CatalogueCard } from './catalogue.js';

type T = ReturnType<typeof translator<typeof messages.en>>;
const DAYS = ['', 'dayMon', 'dayTue', 'dayWed', 'dayThu', 'dayFri', 'daySat', 'daySun'] as const;
const FREQUENCY = { fortnightly: 'fortnightly', monthly: 'monthly' } as const;
const COST = { free: 'costFree', low_cost: 'costLowCost', paid: 'costPaid' } as const;
const ROUTE = {
  self: 'routeSelf',
  link_worker: 'routeLinkWorker',
  gp: 'routeGp',
  other: 'routeOther',
} as const;
const ACCEPTING = { open: null, waitlist: 'acceptingWaitlist', full: 'acceptingFull' } as const;

export function when(card: CatalogueCard, t: T = translator(messages, DEFAULT_LANG)): string {
  if (!card.sessions.length) return t('timesOnRequest');
  return card.sessions
    .map((s) => {
      const every =
        s.frequency === 'weekly'
          ? ''
          : ` (${s.frequency in FREQUENCY ? t(FREQUENCY[s.frequency as keyof typeof FREQUENCY]) : s.frequency})`;
      const day = DAYS[s.day];
      return `${day ? t(day) : ''} ${s.start}–${s.end}${every}`;
    })
    .join('; ');
}

export function where(card: CatalogueCard, t: T = translator(messages, DEFAULT_LANG)): string {
  if (!card.places.length) return t('placeOnRequest');
  return card.places
    .map((p) =>
      p.confidential
        ? t('addressOnReferral', { district: p.district ?? t('localArea') })
        : [p.name, p.address, p.postcode].filter(Boolean).join(', '),
    )
    .join('; ');
}

const STYLE = `
@page { size: A4; margin: 12mm 11mm 14mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; font-size: 10pt; line-height: 1.35; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
header { border-bottom: 2px solid #111; margin-bottom: 4mm; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
.meta { color: #333; margin: 0 0 2mm; }
.screen-only { background: #f3f5f7; padding: 2mm 3mm; border-radius: 2mm; }
section.group { margin-top: 5mm; }
section.group > h2 { font-size: 13pt; margin: 0 0 2mm; padding-bottom: 1mm; border-bottom: 1px solid #999; break-after: avoid; }
.cards { column-count: 2; column-gap: 6mm; }
article.card { break-inside: avoid; page-break-inside: avoid; border: 1px solid #777; border-radius: 2mm; padding: 2.5mm 3mm; margin: 0 0 4mm; display: inline-block; width: 100%; }
article.card h3 { font-size: 11pt; margin: 0 0 1mm; }
article.card p { margin: 0 0 1.5mm; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.6mm 2.5mm; margin: 0; }
dt { font-weight: 700; }
dd { margin: 0; overflow-wrap: anywhere; }
.badge { font-weight: 700; }
@media print { .screen-only { display: none; } body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

function card(t: T, c: CatalogueCard) {
  const route = [t(ROUTE[c.referral.route]), c.referral.url, c.referral.email]
    .filter(Boolean)
    .join(' · ');
  const contact =
    [c.keyContact.name, c.keyContact.phone, c.keyContact.email].filter(Boolean).join(' · ') ||
    c.organisationName;
  const accepting = ACCEPTING[c.accepting];
  const notice = [c.status === 'paused' ? t('paused') : '', accepting ? t(accepting) : '']
    .filter(Boolean)
    .join(' · ');
  return html`<article class="card" aria-labelledby="svc-${c.id}">
<h3 id="svc-${c.id}">${c.name}</h3>
${
  c.text
    ? html`<p lang="${c.text.inEnglish ? 'en' : c.text.language}">${c.text.summary}${c.text.inEnglish ? html` <span class="lang">${t('inEnglish')}</span>` : ''}</p>`
    : html`<p>${c.summary}</p>`
}
${notice ? html`<p class="badge">${notice}</p>` : ''}
<dl>
<dt>${t('when')}</dt><dd>${when(c, t)}</dd>
<dt>${t('where')}</dt><dd>${where(c, t)}</dd>
<dt>${t('cost')}</dt><dd>${t(COST[c.cost.kind])}${c.cost.text ? `: ${c.cost.text}` : ''}</dd>
<dt>${t('contact')}</dt><dd>${contact} (${c.organisationName})</dd>
<dt>${t('referral')}</dt><dd>${route}</dd>
${c.text?.howToJoin ? html`<dt>${t('howToJoin')}</dt><dd lang="${c.text.language}">${c.text.howToJoin}</dd>` : ''}
</dl>
</article>`;
}

/** The page in the reader's language (`lang`); the services' own texts follow the catalogue's `language`. */
export function catalogueHtml(cat: Catalogue, lang: Lang = DEFAULT_LANG) {
  const t = translator(messages, lang);
  const generated = cat.generatedAt.slice(0, 10);
  const scope = [
    cat.filters.tags.length ? t('scopeNeeds', { tags: cat.filters.tags.join(', ') }) : '',
    cat.filters.area ? t('scopeArea', { area: cat.filters.area.name }) : '',
  ]
    .filter(Boolean)
    .join('; ');
  return html`<!doctype html>
<html lang="${localeOf(lang)}" dir="${directionOf(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('title', { date: generated })}</title><style>${STYLE}</style></head>
<body><main>
<header>
<h1>${t('heading')}</h1>
<p class="meta">${t('generated')} <time datetime="${cat.generatedAt}">${generated}</time> · ${t(cat.serviceCount === 1 ? 'servicesOne' : 'servicesOther', { count: cat.serviceCount })}${scope ? ` · ${scope}` : ''}${cat.truncated ? ` · ${t('truncated')}` : ''}</p>
<p class="screen-only">${t('printHelp')}</p>
</header>
${cat.groups.length ? cat.groups.map((g) => html`<section class="group" aria-labelledby="grp-${g.slug}"><h2 id="grp-${g.slug}">${g.name}</h2><div class="cards">${g.cards.map((c) => card(t, c))}</div></section>`) : html`<p>${t('noMatch')}</p>`}
</main></body></html>`;
}
