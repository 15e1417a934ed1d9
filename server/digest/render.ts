/** The digest as a short HTML page and as plain text for a mailing list. */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { MailMessage } from '../mail/mailer.js';
import type { Digest } from './digest.js';

const STAGE = { idea: 'idea', co_designing: 'co-designing', pilot: 'pilot', running: 'running', closed: 'closed' } as const;
const VERDICT: Record<string, string> = { likely_gap: 'likely gap', partly_served: 'partly served', already_served: 'already served' };
const STATUS: Record<string, string> = {
  sent: 'new referral', acknowledged: 'acknowledged', contacted: 'contacted', attended: 'attended', not_a_fit: 'not a fit',
  no_response: 'no response', withdrawn: 'withdrawn',
};
const day = (iso: string) => iso.slice(0, 10);
const more = (shown: number, total: number) => (total > shown ? ` (showing ${shown} of ${total})` : '');

export function digestTitle(d: Digest): string {
  return `Gapmap digest ${day(d.since)} to ${day(d.until)}`;
}

function headline(d: Digest): string {
  const c = d.counts;
  return [
    `${c.newServices} new service${c.newServices === 1 ? '' : 's'}`,
    `${c.changedServices} changed`,
    `${c.endedServices} ended`,
    `${c.newProposals} new proposal${c.newProposals === 1 ? '' : 's'}`,
    `${c.referralUpdates} referral update${c.referralUpdates === 1 ? '' : 's'}`,
  ].join(' · ');
}

function section<T>(title: string, items: T[], total: number, item: (x: T) => HtmlEscapedString | Promise<HtmlEscapedString>) {
  if (!items.length) return '';
  return html`<section><h2>${title}${more(items.length, total)}</h2><ul>${items.map((x) => html`<li>${item(x)}</li>`)}</ul></section>`;
}

export function digestHtml(d: Digest, publicUrl: string) {
  const link = (path: string) => new URL(path, publicUrl).toString();
  const service = (s: Digest['newServices'][number]) => html`<a href="${link(`/services/${s.id}`)}"><strong>${s.name}</strong></a> — ${s.organisationName}. ${s.summary}`;
  return html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${digestTitle(d)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1.5rem auto;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #c9d1d9}ul{padding-left:1.2rem}li{margin:.35rem 0}a{color:#0b5cad}
.headline{font-weight:600}.muted{color:#4a5561}@media print{a{color:inherit}}</style></head>
<body><main>
<h1>${digestTitle(d)}</h1>
<p class="headline">${headline(d)}</p>
${section('New services', d.newServices, d.counts.newServices, service)}
${section('Changed services', d.changedServices, d.counts.changedServices, service)}
${section('Ended services', d.endedServices, d.counts.endedServices, (s) => html`<strong>${s.name}</strong> — ${s.organisationName} has ended.`)}
${section('New proposals', d.newProposals, d.counts.newProposals, (p) => html`<a href="${link(`/proposals/${p.id}`)}"><strong>${p.title}</strong></a> (${p.gapVerdict ? VERDICT[p.gapVerdict] ?? p.gapVerdict : 'no gap check'}) — join, advise or say you would refer.`)}
${section('Proposals that moved on', d.stageChanges, d.counts.stageChanges, (s) => html`<a href="${link(`/proposals/${s.proposalId}`)}">${s.title}</a> is now at <strong>${STAGE[s.stage]}</strong> (${day(s.at)}).`)}
${section('Your referrals', d.referralUpdates, d.counts.referralUpdates, (r) => html`<span class="code">${r.code}</span> to ${r.serviceName}: <strong>${STATUS[r.status]}</strong> (${day(r.at)}).`)}
${section('Not checked for six months', d.staleServices, d.counts.staleServices, (s) => html`<a href="${link(`/services/${s.id}`)}">${s.name}</a> — ${s.organisationName}: ${s.lastVerifiedAt ? `not checked since ${day(s.lastVerifiedAt)}` : 'never checked'}.`)}
${d.counts.newServices + d.counts.changedServices + d.counts.endedServices + d.counts.newProposals + d.counts.stageChanges + d.counts.referralUpdates === 0 ? html`<p>Nothing new this time.</p>` : raw('')}
<p class="muted">Full directory and map: <a href="${link('/map')}">${link('/map')}</a> · Printable catalogue: <a href="${link('/catalogue')}">${link('/catalogue')}</a></p>
</main></body></html>`;
}

export function digestText(d: Digest, publicUrl: string): string {
  const link = (path: string) => new URL(path, publicUrl).toString();
  const out: string[] = [digestTitle(d), '='.repeat(digestTitle(d).length), headline(d), ''];
  const block = <T>(title: string, items: T[], total: number, line: (x: T) => string) => {
    if (!items.length) return;
    out.push(`${title}${more(items.length, total)}`, '-'.repeat(title.length), ...items.map((x) => `* ${line(x)}`), '');
  };
  const service = (s: Digest['newServices'][number]) => `${s.name} (${s.organisationName}): ${s.summary} ${link(`/services/${s.id}`)}`;
  block('New services', d.newServices, d.counts.newServices, service);
  block('Changed services', d.changedServices, d.counts.changedServices, service);
  block('Ended services', d.endedServices, d.counts.endedServices, (s) => `${s.name} (${s.organisationName}) has ended.`);
  block('New proposals', d.newProposals, d.counts.newProposals, (p) => `${p.title} (${p.gapVerdict ? VERDICT[p.gapVerdict] ?? p.gapVerdict : 'no gap check'}) ${link(`/proposals/${p.id}`)}`);
  block('Proposals that moved on', d.stageChanges, d.counts.stageChanges, (s) => `${s.title} is now at ${STAGE[s.stage]} (${day(s.at)})`);
  block('Your referrals', d.referralUpdates, d.counts.referralUpdates, (r) => `${r.code} to ${r.serviceName}: ${STATUS[r.status]} (${day(r.at)})`);
  if (out.length === 4) out.push('Nothing new this time.', '');
  block('Not checked for six months', d.staleServices, d.counts.staleServices, (s) => `${s.name} (${s.organisationName}): ${s.lastVerifiedAt ? `not checked since ${day(s.lastVerifiedAt)}` : 'never checked'} ${link(`/services/${s.id}`)}`);
  out.push(`Directory and map: ${link('/map')}`, `Printable catalogue: ${link('/catalogue')}`);
  return `${out.join('\n')}\n`;
}

/** The digest as a message for the mail adapter (a list address; sending is the relay's job). */
export async function digestMessage(d: Digest, publicUrl: string, to: string): Promise<MailMessage> {
  return { kind: 'digest', to, subject: digestTitle(d), text: digestText(d, publicUrl), html: (await digestHtml(d, publicUrl)).toString() };
}
