/** The catalogue as printable HTML: A4, two columns of cards per need group, print CSS with @page. */
import { html } from 'hono/html';
import type { Catalogue, CatalogueCard } from './catalogue.js';

const DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const COST = { free: 'Free', low_cost: 'Low cost', paid: 'Paid' } as const;
const ROUTE = { self: 'Self-referral: just turn up or get in touch', link_worker: 'Through a Link Worker', gp: 'Through a GP', other: 'Other' } as const;
const ACCEPTING = { open: '', waitlist: 'Waiting list', full: 'Full: not taking referrals now' } as const;

export function when(card: CatalogueCard): string {
  if (!card.sessions.length) return 'Times on request';
  return card.sessions.map((s) => `${DAYS[s.day]} ${s.start}–${s.end}${s.frequency === 'weekly' ? '' : ` (${s.frequency})`}`).join('; ');
}

export function where(card: CatalogueCard): string {
  if (!card.places.length) return 'Place on request';
  return card.places
    .map((p) => (p.confidential ? `${p.district ?? 'Local area'} (address given on referral)` : [p.name, p.address, p.postcode].filter(Boolean).join(', ')))
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

function card(c: CatalogueCard) {
  const route = [ROUTE[c.referral.route], c.referral.url, c.referral.email].filter(Boolean).join(' · ');
  const contact = [c.keyContact.name, c.keyContact.phone, c.keyContact.email].filter(Boolean).join(' · ') || c.organisationName;
  const notice = [c.status === 'paused' ? 'Paused' : '', ACCEPTING[c.accepting]].filter(Boolean).join(' · ');
  return html`<article class="card" aria-labelledby="svc-${c.id}">
<h3 id="svc-${c.id}">${c.name}</h3>
${c.text
  ? html`<p lang="${c.text.inEnglish ? 'en' : c.text.language}">${c.text.summary}${c.text.inEnglish ? html` <span class="lang">(In English)</span>` : ''}</p>`
  : html`<p>${c.summary}</p>`}
${notice ? html`<p class="badge">${notice}</p>` : ''}
<dl>
<dt>When</dt><dd>${when(c)}</dd>
<dt>Where</dt><dd>${where(c)}</dd>
<dt>Cost</dt><dd>${COST[c.cost.kind]}${c.cost.text ? `: ${c.cost.text}` : ''}</dd>
<dt>Contact</dt><dd>${contact} (${c.organisationName})</dd>
<dt>Referral</dt><dd>${route}</dd>
${c.text?.howToJoin ? html`<dt>How to join</dt><dd lang="${c.text.language}">${c.text.howToJoin}</dd>` : ''}
</dl>
</article>`;
}

export function catalogueHtml(cat: Catalogue) {
  const generated = cat.generatedAt.slice(0, 10);
  const scope = [cat.filters.tags.length ? `needs: ${cat.filters.tags.join(', ')}` : '', cat.filters.area ? `area: ${cat.filters.area.name}` : ''].filter(Boolean).join('; ');
  return html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gapmap catalogue ${generated}</title><style>${STYLE}</style></head>
<body><main>
<header>
<h1>Community support catalogue</h1>
<p class="meta">Generated <time datetime="${cat.generatedAt}">${generated}</time> · ${cat.serviceCount} service${cat.serviceCount === 1 ? '' : 's'}${scope ? ` · ${scope}` : ''}${cat.truncated ? ' · first part only: filter by need or area for the rest' : ''}</p>
<p class="screen-only">Print this page or save it as a PDF from your browser's Print menu (Ctrl+P or ⌘P). Check times before referring: details change.</p>
</header>
${cat.groups.length ? cat.groups.map((g) => html`<section class="group" aria-labelledby="grp-${g.slug}"><h2 id="grp-${g.slug}">${g.name}</h2><div class="cards">${g.cards.map(card)}</div></section>`) : html`<p>No services match.</p>`}
</main></body></html>`;
}
