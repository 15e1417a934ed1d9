/** /proposals/:id — one proposal: gap-check snapshot, stage, hurdles, people, backing, launch. */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { tagName } from '../map/taxonomy.js';
import { ProposalParticipation } from './ProposalParticipation.jsx';
import { proposalsApi, STAGE_LABELS, VERDICT_LABELS, type Proposal } from './proposalsApi.js';
import '../referrals/codesign.css';
import { formatDate, formatNumber, weekdayName } from '../ui/wording.js';
import messages from '../../i18n/messages/codesign.js';
import { useMessages } from '../i18n/language.js';
import { around } from '../ui/around.jsx';

const t = useMessages(messages);

function StageAndHurdles(props: {
  proposal: Proposal;
  onChange: (p: Proposal) => void;
  onError: (m: string) => void;
}) {
  const [hurdles, setHurdles] = createSignal(props.proposal.hurdles.join('\n'));
  async function patch(body: Record<string, unknown>) {
    try {
      props.onChange(
        await proposalsApi.patch(props.proposal.id, { version: props.proposal.version, ...body }),
      );
    } catch (e) {
      props.onError(e instanceof ApiError ? e.message : t('updateFailed'));
    }
  }
  return (
    <Show when={props.proposal.canRun}>
      <section class="cd-section" aria-labelledby="run-heading">
        <h2 id="run-heading">{t('runHeading')}</h2>
        <Show
          when={props.proposal.allowedStageMoves.length}
          fallback={<p>{t('proposalClosed')}</p>}
        >
          <div class="cd-actions" role="group" aria-label={t('moveToStageGroup')}>
            <For each={props.proposal.allowedStageMoves}>
              {(s) => (
                <button
                  type="button"
                  class={s === 'closed' ? 'secondary' : undefined}
                  onClick={() => void patch({ stage: s })}
                >
                  {t('moveTo', { stage: STAGE_LABELS[s] })}
                </button>
              )}
            </For>
          </div>
        </Show>
        <form
          class="cd-form"
          onSubmit={(e) => {
            e.preventDefault();
            void patch({
              hurdles: hurdles()
                .split('\n')
                .map((h) => h.trim())
                .filter(Boolean),
            });
          }}
        >
          <div class="field">
            <label for="hurdles">{t('hurdlesLabel')}</label>
            <textarea
              id="hurdles"
              value={hurdles()}
              onInput={(e) => setHurdles(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="secondary">
            {t('saveHurdles')}
          </button>
        </form>
      </section>
    </Show>
  );
}

function ProposalView() {
  const params = useParams<{ id: string }>();
  const [proposal, { mutate, refetch }] = createResource(
    () => params.id,
    (id) => proposalsApi.get(id),
  );
  const [error, setError] = createSignal<string | null>(null);
  const [launched, setLaunched] = createSignal<string | null>(null);

  async function launch(p: Proposal) {
    if (!window.confirm(t('confirmLaunch', { title: p.title }))) return;
    try {
      setLaunched((await proposalsApi.launch(p.id)).serviceId);
      await refetch();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('launchFailed'));
    }
  }

  return (
    <section class="page">
      <Show when={proposal.error}>
        <p class="cd-error" role="alert">
          {t('loadProposalFailed')}
        </p>
      </Show>
      <Show when={proposal()}>
        {(p) => (
          <>
            <p>
              <A href="/proposals">{t('allProposals')}</A>
            </p>
            <h1>{p().title}</h1>
            <p>
              {t('stageLabel')} <strong>{STAGE_LABELS[p().stage]}</strong> ·{' '}
              {t('needsList', { needs: p().tags.map(tagName).join(', ') })}
            </p>
            <Show when={p().description}>
              <p>{p().description}</p>
            </Show>
            <Show when={p().schedule.length}>
              <p>
                {t('proposedSessions', {
                  sessions: p()
                    .schedule.map((s) => `${weekdayName(s.day)} ${s.start}–${s.end}`)
                    .join('; '),
                })}
              </p>
            </Show>
            <div aria-live="polite">
              <Show when={error()}>
                {(m) => (
                  <p class="cd-error" role="alert">
                    {m()}
                  </p>
                )}
              </Show>
              <Show when={launched()}>
                <p class="cd-ok">
                  {around(t('launched'), 'map', <A href="/map">{t('mapLink')}</A>)}
                </p>
              </Show>
            </div>
            <section class="cd-section" aria-labelledby="gap-heading">
              <h2 id="gap-heading">{t('gapHeading')}</h2>
              <Show when={p().gapCheck} fallback={<p>{t('noGapStored')}</p>}>
                {(g) => (
                  <>
                    <p>
                      {t('verdictLabel')}{' '}
                      <strong>
                        {g().verdict
                          ? (VERDICT_LABELS[g().verdict!] ?? g().verdict)
                          : t('verdictUnknown')}
                      </strong>
                      <Show when={g().radiusKm}>
                        {(km) => <> {t('withinKm', { km: formatNumber(km()) })}</>}
                      </Show>
                    </p>
                    <Show
                      when={
                        p().venueLocationId
                          ? g().venues?.find((v) => v.location.id === p().venueLocationId)
                          : undefined
                      }
                    >
                      {(v) => (
                        <p>
                          {t('venueLabel')} <strong>{v().location.name}</strong>
                          {v().location.address ? `, ${v().location.address}` : ''}{' '}
                          {t('kmAway', { km: formatNumber(v().distanceKm) })}
                        </p>
                      )}
                    </Show>
                    <Show when={g().explanation}>
                      <p>{g().explanation}</p>
                    </Show>
                    <Show when={g().similar?.length}>
                      <ul>
                        <For each={g().similar}>
                          {(s) => (
                            <li>
                              {s.service.name} —{' '}
                              {t('kmDistance', { km: formatNumber(s.distanceKm) })}
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </>
                )}
              </Show>
              <Show when={p().hurdles.length}>
                <h3>{t('hurdlesHeading')}</h3>
                <ul>
                  <For each={p().hurdles}>{(h) => <li>{h}</li>}</For>
                </ul>
              </Show>
            </section>
            <StageAndHurdles
              proposal={p()}
              onChange={(next) => {
                mutate(next);
                setError(null);
              }}
              onError={setError}
            />
            <ProposalParticipation
              proposal={p()}
              onChanged={() => void refetch()}
              onError={setError}
            />
            <Show when={p().serviceId}>
              {(id) => (
                <p class="cd-ok">
                  {around(
                    t('runningAsService'),
                    'link',
                    <A href={`/refer/${id()}`}>{t('referLink')}</A>,
                  )}
                </p>
              )}
            </Show>
            <Show when={p().canLaunch}>
              <section class="cd-section" aria-labelledby="launch-heading">
                <h2 id="launch-heading">{t('launchHeading')}</h2>
                <p>{t('launchExplain')}</p>
                <button type="button" onClick={() => void launch(p())}>
                  {t('launchButton')}
                </button>
              </section>
            </Show>
            <section class="cd-section" aria-labelledby="history-heading">
              <h2 id="history-heading">{t('historyHeading')}</h2>
              <ol class="cd-history">
                <For each={p().history}>
                  {(h) => (
                    <li>
                      {STAGE_LABELS[h.stage]} — {formatDate(h.at)}
                    </li>
                  )}
                </For>
              </ol>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}

export default function ProposalPage() {
  return (
    <RequireRole roles="signed-in">
      <ProposalView />
    </RequireRole>
  );
}
