/** The digest as a short HTML page and as plain text for a mailing list, in the reader's language. */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { DEFAULT_LANG, type Lang } from '../../i18n/define.js';
import digestMessages from '../../i18n/messages/digest.js';
import { directionOf, localeOf, translator } from '../i18n/language.js';
import type { MailMessage } from '../mail/mailer.js';
import type { Digest } from './digest.js';

type T = ReturnType<typeof translator<typeof digestMessages.en>>;
const STAGE = {
  idea: 'stageIdea',
  co_designing: 'stageCoDesigning',
  pilot: 'stagePilot',
  running: 'stageRunning',
  closed: 'stageClosed',
} as const satisfies Record<
  Digest['stageChanges'][number]['stage'],
  keyof typeof digestMessages.en
>;
const VERDICT: Record<string, keyof typeof digestMessages.en> = {
  likely_gap: 'verdictLikelyGap',
  partly_served: 'verdictPartlyServed',
  already_served: 'verdictAlreadyServed',
};
const STATUS: Record<string, keyof typeof digestMessages.en> = {
  sent: 'statusSent',
  acknowledged: 'statusAcknowledged',
  contacted: 'statusContacted',
  attended: 'statusAttended',
  not_a_fit: 'statusNotAFit',
  no_response: 'statusNoResponse',
  withdrawn: 'statusWithdrawn',
};
const day = (iso: string) => iso.slice(0, 10);
const more = (t: T, shown: number, total: number) =>
  total > shown ? t('showing', { shown, total }) : '';
const label = (t: T, table: Record<string, keyof typeof digestMessages.en>, code: string) =>
  table[code] ? t(table[code]) : code;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** As hono/html escapes: a catalogue message wraps a name in markup, so the name is escaped here. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);

export function digestTitle(d: Digest, lang: Lang = DEFAULT_LANG): string {
  return translator(digestMessages, lang)('title', { from: day(d.since), to: day(d.until) });
}

function headline(t: T, d: Digest): string {
  const c = d.counts;
  return [
    t(c.newServices === 1 ? 'newServicesOne' : 'newServicesOther', { count: c.newServices }),
    t('changedCount', { count: c.changedServices }),
    t('endedCount', { count: c.endedServices }),
    t(c.newProposals === 1 ? 'newProposalsOne' : 'newProposalsOther', { count: c.newProposals }),
    t(c.referralUpdates === 1 ? 'referralUpdatesOne' : 'referralUpdatesOther', {
      count: c.referralUpdates,
    }),
  ].join(' · ');
}

function section<X>(
  t: T,
  title: string,
  items: X[],
  total: number,
  item: (x: X) => HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  if (!items.length) return '';
  return html`<section><h2>${title}${more(t, items.length, total)}</h2><ul>${items.map((x) => html`<li>${item(x)}</li>`)}</ul></section>`;
}

export function digestHtml(d: Digest, publicUrl: string, lang: Lang = DEFAULT_LANG) {
  const t = translator(digestMessages, lang);
  const link = (path: string) => new URL(path, publicUrl).toString();
  const service = (s: Digest['newServices'][number]) =>
    html`<a href="${link(`/services/${s.id}`)}"><strong>${s.name}</strong></a> — ${s.organisationName}. ${s.summary}`;
  return html`<!doctype html>
<html lang="${localeOf(lang)}" dir="${directionOf(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${digestTitle(d, lang)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1.5rem auto;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #c9d1d9}ul{padding-left:1.2rem}li{margin:.35rem 0}a{color:#0b5cad}
.headline{font-weight:600}.muted{color:#4a5561}@media print{a{color:inherit}}</style></head>
<body><main>
<h1>${digestTitle(d, lang)}</h1>
<p class="headline">${headline(t, d)}</p>
${section(t, t('sectionNewServices'), d.newServices, d.counts.newServices, service)}
${section(t, t('sectionChangedServices'), d.changedServices, d.counts.changedServices, service)}
${section(t, t('sectionEndedServices'), d.endedServices, d.counts.endedServices, (s) => html`${raw(t('hasEnded', { name: `<strong>${escapeHtml(s.name)}</strong>`, organisation: escapeHtml(s.organisationName) }))}`)}
${section(t, t('sectionNewProposals'), d.newProposals, d.counts.newProposals, (p) => html`<a href="${link(`/proposals/${p.id}`)}"><strong>${p.title}</strong></a> (${p.gapVerdict ? label(t, VERDICT, p.gapVerdict) : t('noGapCheck')}) — ${t('joinAdvise')}`)}
${section(t, t('sectionStageChanges'), d.stageChanges, d.counts.stageChanges, (s) => html`<a href="${link(`/proposals/${s.proposalId}`)}">${s.title}</a> ${t('nowAt')} <strong>${t(STAGE[s.stage])}</strong> (${day(s.at)}).`)}
${section(t, t('sectionReferrals'), d.referralUpdates, d.counts.referralUpdates, (r) => html`<span class="code">${r.code}</span> ${t('referralTo')} ${r.serviceName}: <strong>${label(t, STATUS, r.status)}</strong> (${day(r.at)}).`)}
${section(t, t('sectionStale'), d.staleServices, d.counts.staleServices, (s) => html`<a href="${link(`/services/${s.id}`)}">${s.name}</a> — ${s.organisationName}: ${s.lastVerifiedAt ? t('notCheckedSince', { date: day(s.lastVerifiedAt) }) : t('neverChecked')}.`)}
${d.counts.newServices + d.counts.changedServices + d.counts.endedServices + d.counts.newProposals + d.counts.stageChanges + d.counts.referralUpdates === 0 ? html`<p>${t('nothingNew')}</p>` : raw('')}
<p class="muted">${t('fullDirectory')} <a href="${link('/map')}">${link('/map')}</a> · ${t('printable')} <a href="${link('/catalogue')}">${link('/catalogue')}</a></p>
</main></body></html>`;
}

export function digestText(d: Digest, publicUrl: string, lang: Lang = DEFAULT_LANG): string {
  const t = translator(digestMessages, lang);
  const link = (path: string) => new URL(path, publicUrl).toString();
  const title = digestTitle(d, lang);
  const out: string[] = [title, '='.repeat(title.length), headline(t, d), ''];
  const block = <X>(title: string, items: X[], total: number, line: (x: X) => string) => {
    if (!items.length) return;
    out.push(
      `${title}${more(t, items.length, total)}`,
      '-'.repeat(title.length),
      ...items.map((x) => `* ${line(x)}`),
      '',
    );
  };
  const service = (s: Digest['newServices'][number]) =>
    `${s.name} (${s.organisationName}): ${s.summary} ${link(`/services/${s.id}`)}`;
  block(t('sectionNewServices'), d.newServices, d.counts.newServices, service);
  block(t('sectionChangedServices'), d.changedServices, d.counts.changedServices, service);
  block(t('sectionEndedServices'), d.endedServices, d.counts.endedServices, (s) =>
    t('hasEndedText', { name: s.name, organisation: s.organisationName }),
  );
  block(
    t('sectionNewProposals'),
    d.newProposals,
    d.counts.newProposals,
    (p) =>
      `${p.title} (${p.gapVerdict ? label(t, VERDICT, p.gapVerdict) : t('noGapCheck')}) ${link(`/proposals/${p.id}`)}`,
  );
  block(t('sectionStageChanges'), d.stageChanges, d.counts.stageChanges, (s) =>
    t('nowAtText', { title: s.title, stage: t(STAGE[s.stage]), date: day(s.at) }),
  );
  block(
    t('sectionReferrals'),
    d.referralUpdates,
    d.counts.referralUpdates,
    (r) =>
      `${r.code} ${t('referralTo')} ${r.serviceName}: ${label(t, STATUS, r.status)} (${day(r.at)})`,
  );
  if (out.length === 4) out.push(t('nothingNew'), '');
  block(
    t('sectionStale'),
    d.staleServices,
    d.counts.staleServices,
    (s) =>
      `${s.name} (${s.organisationName}): ${s.lastVerifiedAt ? t('notCheckedSince', { date: day(s.lastVerifiedAt) }) : t('neverChecked')} ${link(`/services/${s.id}`)}`,
  );
  out.push(`${t('directoryText')} ${link('/map')}`, `${t('printable')} ${link('/catalogue')}`);
  return `${out.join('\n')}\n`;
}

/** The digest as a message for the mail adapter (a list address; sending is the relay's job). */
export async function digestMessage(
  d: Digest,
  publicUrl: string,
  to: string,
  lang: Lang = DEFAULT_LANG,
): Promise<MailMessage> {
  return {
    kind: 'digest',
    to,
    subject: digestTitle(d, lang),
    text: digestText(d, publicUrl, lang),
    html: (await digestHtml(d, publicUrl, lang)).toString(),
  };
}
