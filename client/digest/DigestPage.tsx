/** /updates: the weekly digest on screen, with the printable versions and the catalogue. */
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../referrals/codesign.css';
import { formatDate } from '../ui/wording.js';

interface DigestService { id: string; name: string; summary: string; organisationName: string }
interface Digest {
  since: string;
  counts: Record<string, number>;
  newServices: DigestService[];
  changedServices: DigestService[];
  endedServices: DigestService[];
  newProposals: { id: string; title: string; gapVerdict: string | null }[];
  stageChanges: { proposalId: string; title: string; stage: string; at: string }[];
  referralUpdates: { referralId: string; code: string; serviceName: string; status: string; at: string }[];
}

const weekAgo = () => new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
const label = (s: string) => s.replace(/_/g, ' ');

function Updates() {
  const [since, setSince] = createSignal(weekAgo());
  const [digest] = createResource(since, (s) => api.get<Digest>('/api/v1/digest', { query: { since: s } }));
  const services = (title: string, items: DigestService[]) => (
    <Show when={items.length}>
      <section class="cd-section"><h2>{title}</h2>
        <ul><For each={items}>{(s) => <li><A href={`/refer/${s.id}`}><strong>{s.name}</strong></A> — {s.organisationName}. {s.summary}</li>}</For></ul>
      </section>
    </Show>
  );
  return (
    <section class="page">
      <h1>What's new</h1>
      <div class="cd-row">
        <div class="field">
          <label for="digest-since">Since</label>
          <input id="digest-since" type="date" value={since()} onChange={(e) => e.currentTarget.value && setSince(e.currentTarget.value)} />
        </div>
        <p class="cd-actions">
          <a class="button secondary" href={`/digest?since=${since()}`} rel="external">Digest page (HTML)</a>
          <a class="button secondary" href={`/digest.txt?since=${since()}`} rel="external">Plain text for a mailing list</a>
          <a class="button" href="/catalogue" rel="external">Print the catalogue</a>
        </p>
      </div>
      <Show when={digest.error}><p class="cd-error" role="alert">Could not load the digest.</p></Show>
      <Show when={digest()}>
        {(d) => (
          <>
            <p><strong>{d().counts.newServices} new · {d().counts.changedServices} changed · {d().counts.endedServices} ended services · {d().counts.newProposals} new proposals · {d().counts.referralUpdates} referral updates</strong></p>
            {services('New services', d().newServices)}
            {services('Changed services', d().changedServices)}
            {services('Ended services', d().endedServices)}
            <Show when={d().newProposals.length || d().stageChanges.length}>
              <section class="cd-section"><h2>Proposals</h2>
                <ul>
                  <For each={d().newProposals}>{(p) => <li>New: <A href={`/proposals/${p.id}`}>{p.title}</A>{p.gapVerdict ? ` (${label(p.gapVerdict)})` : ''}</li>}</For>
                  <For each={d().stageChanges}>{(s) => <li><A href={`/proposals/${s.proposalId}`}>{s.title}</A> moved to {label(s.stage)}</li>}</For>
                </ul>
              </section>
            </Show>
            <Show when={d().referralUpdates.length}>
              <section class="cd-section"><h2>Referrals</h2>
                <ul><For each={d().referralUpdates}>{(r) => <li><span class="cd-code">{r.code}</span> to {r.serviceName}: {label(r.status)} ({formatDate(r.at)})</li>}</For></ul>
              </section>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

export default function DigestPage() {
  return <RequireRole roles="signed-in"><Updates /></RequireRole>;
}
