/** /updates: the weekly digest on screen, with the printable versions and the catalogue. */
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../referrals/codesign.css';
import { formatDate, formatNumber } from '../ui/wording.js';
import { STAGE_LABELS, VERDICT_LABELS } from '../proposals/proposalsApi.js';
import { STATUS_LABELS } from '../referrals/referralsApi.js';
import messages from '../../i18n/messages/codesign.js';
import { useMessages } from '../i18n/language.js';
import type { Digest } from '../../server/digest/schemas.js';

const t = useMessages(messages);

type DigestService = Digest['newServices'][number];

const count = (n: number | undefined) => formatNumber(n ?? 0);
const weekAgo = () => new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
/** A stored code in words from its table; a code the table does not know is shown as it is. */
const label = (table: Readonly<Record<string, string>>, code: string) =>
  table[code] ?? code.replace(/_/g, ' ');

function Updates() {
  const [since, setSince] = createSignal(weekAgo());
  const [digest] = createResource(since, (s) =>
    api.get<Digest>('/api/v1/digest', { query: { since: s } }),
  );
  const services = (title: string, items: DigestService[]) => (
    <Show when={items.length}>
      <section class="cd-section">
        <h2>{title}</h2>
        <ul>
          <For each={items}>
            {(s) => (
              <li>
                <A href={`/refer/${s.id}`}>
                  <strong>{s.name}</strong>
                </A>{' '}
                — {s.organisationName}. {s.summary}
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
  return (
    <section class="page">
      <h1>{t('whatsNew')}</h1>
      <div class="cd-row">
        <div class="field">
          <label for="digest-since">{t('since')}</label>
          <input
            id="digest-since"
            type="date"
            value={since()}
            onChange={(e) => e.currentTarget.value && setSince(e.currentTarget.value)}
          />
        </div>
        <p class="cd-actions">
          <a class="button secondary" href={`/digest?since=${since()}`} rel="external">
            {t('digestHtml')}
          </a>
          <a class="button secondary" href={`/digest.txt?since=${since()}`} rel="external">
            {t('digestText')}
          </a>
          <a class="button" href="/catalogue" rel="external">
            {t('printCatalogue')}
          </a>
        </p>
      </div>
      <Show when={digest.error}>
        <p class="cd-error" role="alert">
          {t('digestFailed')}
        </p>
      </Show>
      <Show when={digest()}>
        {(d) => (
          <>
            <p>
              <strong>
                {t('countsLine', {
                  newServices: count(d().counts.newServices),
                  changed: count(d().counts.changedServices),
                  ended: count(d().counts.endedServices),
                  proposals: count(d().counts.newProposals),
                  referrals: count(d().counts.referralUpdates),
                })}
              </strong>
            </p>
            {services(t('newServices'), d().newServices)}
            {services(t('changedServices'), d().changedServices)}
            {services(t('endedServices'), d().endedServices)}
            <Show when={d().newProposals.length || d().stageChanges.length}>
              <section class="cd-section">
                <h2>{t('proposalsTitle')}</h2>
                <ul>
                  <For each={d().newProposals}>
                    {(p) => (
                      <li>
                        {t('newLabel')} <A href={`/proposals/${p.id}`}>{p.title}</A>
                        {p.gapVerdict ? ` (${label(VERDICT_LABELS, p.gapVerdict)})` : ''}
                      </li>
                    )}
                  </For>
                  <For each={d().stageChanges}>
                    {(s) => (
                      <li>
                        <A href={`/proposals/${s.proposalId}`}>{s.title}</A>{' '}
                        {t('movedTo', { stage: label(STAGE_LABELS, s.stage) })}
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </Show>
            <Show when={d().referralUpdates.length}>
              <section class="cd-section">
                <h2>{t('referralsHeading')}</h2>
                <ul>
                  <For each={d().referralUpdates}>
                    {(r) => (
                      <li>
                        <span class="cd-code">{r.code}</span>{' '}
                        {t('referralTo', {
                          service: r.serviceName,
                          status: label(STATUS_LABELS, r.status),
                          date: formatDate(r.at),
                        })}
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

export default function DigestPage() {
  return (
    <RequireRole roles="signed-in">
      <Updates />
    </RequireRole>
  );
}
