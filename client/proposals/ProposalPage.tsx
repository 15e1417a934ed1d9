/** /proposals/:id — one proposal: gap-check snapshot, stage, hurdles, people, backing, launch. */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { tagName } from '../map/taxonomy.js';
import { ProposalParticipation } from './ProposalParticipation.jsx';
import { DAY_NAMES, proposalsApi, STAGE_LABELS, VERDICT_LABELS, type Proposal } from './proposalsApi.js';
import '../referrals/codesign.css';
import { formatDate } from '../ui/wording.js';

function StageAndHurdles(props: { proposal: Proposal; onChange: (p: Proposal) => void; onError: (m: string) => void }) {
  const [hurdles, setHurdles] = createSignal(props.proposal.hurdles.join('\n'));
  async function patch(body: Record<string, unknown>) {
    try {
      props.onChange(await proposalsApi.patch(props.proposal.id, { version: props.proposal.version, ...body }));
    } catch (e) {
      props.onError(e instanceof ApiError ? e.message : 'Could not update the proposal.');
    }
  }
  return (
    <Show when={props.proposal.canRun}>
      <section class="cd-section" aria-labelledby="run-heading">
        <h2 id="run-heading">Run this proposal</h2>
        <Show when={props.proposal.allowedStageMoves.length} fallback={<p>This proposal is closed.</p>}>
          <div class="cd-actions" role="group" aria-label="Move to stage">
            <For each={props.proposal.allowedStageMoves}>
              {(s) => <button type="button" class={s === 'closed' ? 'secondary' : undefined} onClick={() => void patch({ stage: s })}>Move to {STAGE_LABELS[s]}</button>}
            </For>
          </div>
        </Show>
        <form class="cd-form" onSubmit={(e) => { e.preventDefault(); void patch({ hurdles: hurdles().split('\n').map((h) => h.trim()).filter(Boolean) }); }}>
          <div class="field">
            <label for="hurdles">Hurdles (one per line)</label>
            <textarea id="hurdles" value={hurdles()} onInput={(e) => setHurdles(e.currentTarget.value)} />
          </div>
          <button type="submit" class="secondary">Save hurdles</button>
        </form>
      </section>
    </Show>
  );
}

function ProposalView() {
  const params = useParams<{ id: string }>();
  const [proposal, { mutate, refetch }] = createResource(() => params.id, (id) => proposalsApi.get(id));
  const [error, setError] = createSignal<string | null>(null);
  const [launched, setLaunched] = createSignal<string | null>(null);

  async function launch(p: Proposal) {
    if (!window.confirm(`Launch "${p.title}" as a service in the directory?`)) return;
    try {
      setLaunched((await proposalsApi.launch(p.id)).serviceId);
      await refetch();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not launch the proposal.');
    }
  }

  return (
    <section class="page">
      <Show when={proposal.error}><p class="cd-error" role="alert">This proposal could not be loaded.</p></Show>
      <Show when={proposal()}>
        {(p) => (
          <>
            <p><A href="/proposals">← All proposals</A></p>
            <h1>{p().title}</h1>
            <p>Stage: <strong>{STAGE_LABELS[p().stage]}</strong> · Needs: {p().tags.map(tagName).join(', ')}</p>
            <Show when={p().description}><p>{p().description}</p></Show>
            <Show when={p().schedule.length}>
              <p>Proposed: {p().schedule.map((s) => `${DAY_NAMES[s.day]} ${s.start}–${s.end}`).join('; ')}</p>
            </Show>
            <div aria-live="polite">
              <Show when={error()}>{(m) => <p class="cd-error" role="alert">{m()}</p>}</Show>
              <Show when={launched()}><p class="cd-ok">Launched: the service is now in the directory and on the <A href="/map">map</A>.</p></Show>
            </div>
            <section class="cd-section" aria-labelledby="gap-heading">
              <h2 id="gap-heading">Gap check when it was opened</h2>
              <Show when={p().gapCheck} fallback={<p>No gap check was stored.</p>}>
                {(g) => (
                  <>
                    <p>
                      Verdict: <strong>{g().verdict ? VERDICT_LABELS[g().verdict!] ?? g().verdict : 'unknown'}</strong>
                      <Show when={g().radiusKm}>{(km) => <> (within {km()} km)</>}</Show>
                    </p>
                    <Show when={p().venueLocationId ? g().venues?.find((v) => v.location.id === p().venueLocationId) : undefined}>
                      {(v) => <p>Venue: <strong>{v().location.name}</strong>{v().location.address ? `, ${v().location.address}` : ''} ({v().distanceKm} km away)</p>}
                    </Show>
                    <Show when={g().explanation}><p>{g().explanation}</p></Show>
                    <Show when={g().similar?.length}>
                      <ul><For each={g().similar}>{(s) => <li>{s.service.name} — {s.distanceKm} km</li>}</For></ul>
                    </Show>
                  </>
                )}
              </Show>
              <Show when={p().hurdles.length}>
                <h3>Hurdles</h3>
                <ul><For each={p().hurdles}>{(h) => <li>{h}</li>}</For></ul>
              </Show>
            </section>
            <StageAndHurdles proposal={p()} onChange={(next) => { mutate(next); setError(null); }} onError={setError} />
            <ProposalParticipation proposal={p()} onChanged={() => void refetch()} onError={setError} />
            <Show when={p().serviceId}>{(id) => <p class="cd-ok">Running as a service: <A href={`/refer/${id()}`}>refer someone to it</A>.</p>}</Show>
            <Show when={p().canLaunch}>
              <section class="cd-section" aria-labelledby="launch-heading">
                <h2 id="launch-heading">Launch</h2>
                <p>Creates the service (with this place, the needs and the proposed sessions) for your organisation and moves the proposal to Running.</p>
                <button type="button" onClick={() => void launch(p())}>Launch as a service</button>
              </section>
            </Show>
            <section class="cd-section" aria-labelledby="history-heading">
              <h2 id="history-heading">History</h2>
              <ol class="cd-history"><For each={p().history}>{(h) => <li>{STAGE_LABELS[h.stage]} — {formatDate(h.at)}</li>}</For></ol>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}

export default function ProposalPage() {
  return <RequireRole roles="signed-in"><ProposalView /></RequireRole>;
}
