/**
 * /admin/feeds (admin): Open Referral UK feeds Gapmap harvests on a schedule (a council's
 * directory, say). Register a feed's address, harvest it now, pause or remove it, and read
 * each run's report: what was created, updated, left unchanged, and what was rejected and why.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, ApiError } from '../api.js';
import { Field, FormError } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../auth/auth.css';
import './admin.css';
import { formatDateTime, formatNumber } from '../ui/wording.js';
import messages from '../../i18n/messages/admin.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import type { Feed, HarvestRun } from '../../server/oruk/feed-schemas.js';

const t = useMessages(messages);

/** The app's one date-and-time format (client/ui/wording.ts). */
const when = (iso: string) => formatDateTime(iso);
const EVERY = [
  [60, 'everyHour'],
  [360, 'every6Hours'],
  [1440, 'everyDay'],
  [10080, 'everyWeek'],
] as const;
function everyLabel(minutes: number): string {
  const key = EVERY.find(([m]) => m === minutes)?.[1];
  return key ? t(key) : t('everyMinutes', { count: formatNumber(minutes) });
}
const RUN_STATUS: Readonly<Record<HarvestRun['status'], string>> = labelsIn(messages, {
  succeeded: 'runFinished',
  failed: 'runStopped',
  running: 'runRunning',
});
const count = (n: number) => formatNumber(n);

/** "2 pages, resumed at page 2, changes since …": what a run read. */
function runDetails(run: HarvestRun): string {
  return [
    t(run.pages === 1 ? 'pagesOne' : 'pagesMany', { count: count(run.pages) }),
    run.firstPage > 1 ? t('resumedAtPage', { page: count(run.firstPage) }) : '',
    run.modifiedAfter ? t('changesSince', { when: when(run.modifiedAfter) }) : t('everything'),
  ]
    .filter(Boolean)
    .join(', ');
}

function RunReport(props: { run: HarvestRun }) {
  return (
    <div class="run-report">
      <p>
        <strong>{RUN_STATUS[props.run.status]}</strong>{' '}
        {t('runSummary', {
          when: when(props.run.startedAt),
          created: count(props.run.created),
          updated: count(props.run.updated),
          unchanged: count(props.run.unchanged),
          rejected: count(props.run.rejected.length),
          details: runDetails(props.run),
        })}
      </p>
      <Show when={props.run.error}>
        {(e) => <p class="form-error">{t('whyStopped', { error: e() })}</p>}
      </Show>
      <Show when={props.run.rejected.length}>
        <details>
          <summary>{t('rejectedServices', { count: count(props.run.rejected.length) })}</summary>
          <ul>
            <For each={props.run.rejected}>
              {(r) => (
                <li>
                  <code>{r.id ?? t('noId')}</code> {t('onPage', { page: count(r.page) })}{' '}
                  {Object.entries(r.errors)
                    .map(([field, reason]) => `${field} ${reason}`)
                    .join('; ')}
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </div>
  );
}

/** A run's report once it has ended (a harvest runs on after the request that started it). */
async function followRun(feedId: string, runId: string): Promise<HarvestRun> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 1500));
    const { items } = await api.get<{ items: HarvestRun[] }>(`/api/v1/import/feeds/${feedId}/runs`);
    const run = items.find((r) => r.id === runId);
    if (run && run.status !== 'running') return run;
  }
}

function Feeds() {
  const [feeds, { refetch }] = createResource(() =>
    api.get<{ items: Feed[] }>('/api/v1/import/feeds'),
  );
  const [url, setUrl] = createSignal('');
  const [name, setName] = createSignal('');
  const [every, setEvery] = createSignal(1440);
  const state = createFormState();
  const [status, setStatus] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);

  async function add(e: SubmitEvent) {
    e.preventDefault();
    state.clear();
    const body = {
      url: url().trim(),
      ...(name().trim() ? { name: name().trim() } : {}),
      intervalMinutes: every(),
    };
    await state.send(
      async () => {
        const feed = await api.post<Feed>('/api/v1/import/feeds', body);
        setUrl('');
        setName('');
        setStatus(t('feedRegistered', { name: feed.name }));
        void refetch();
      },
      t('couldNotReach'),
      // A 422's reasons are beside the fields; the form says nothing more.
      (err) => (err.status === 422 ? null : err.message),
    );
  }

  async function act(feed: Feed, what: 'harvest' | 'pause' | 'resume' | 'remove') {
    if (what === 'remove' && !confirm(t('confirmRemoveFeed', { name: feed.name }))) return;
    setBusy(feed.id);
    setStatus(what === 'harvest' ? t('harvesting', { name: feed.name }) : null);
    try {
      if (what === 'harvest') {
        const started = await api.post<HarvestRun>(`/api/v1/import/feeds/${feed.id}/harvest`);
        const run = await followRun(feed.id, started.id);
        setStatus(
          run.status === 'succeeded'
            ? t('harvested', {
                name: feed.name,
                created: count(run.created),
                updated: count(run.updated),
                unchanged: count(run.unchanged),
                rejected: count(run.rejected.length),
              })
            : t('harvestStopped', { name: feed.name, reason: run.error ?? t('seeItsReport') }),
        );
      } else if (what === 'remove') {
        await api.delete(`/api/v1/import/feeds/${feed.id}`);
        setStatus(t('feedRemoved', { name: feed.name }));
      } else {
        await api.patch(`/api/v1/import/feeds/${feed.id}`, { enabled: what === 'resume' });
        setStatus(t(what === 'resume' ? 'feedResumed' : 'feedPaused', { name: feed.name }));
      }
    } catch (err) {
      setStatus(err instanceof ApiError ? err.message : t('couldNotReach'));
    } finally {
      setBusy(null);
      void refetch();
    }
  }

  return (
    <section class="page" aria-labelledby="feeds-title">
      <h1 id="feeds-title">{t('feedsTitle')}</h1>
      <p>{t('feedsIntro')}</p>

      <h2>{t('addAFeed')}</h2>
      <FormError message={state.error()} />
      <form onSubmit={add} novalidate>
        <Field
          id="feed-url"
          label={t('feedAddress')}
          type="url"
          required
          placeholder="https://directory.example.gov.uk/api/v1"
          hint={t('feedAddressHint')}
          error={state.fields().url}
          value={url()}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <Field
          id="feed-name"
          label={t('feedNameOptional')}
          hint={t('feedNameHint')}
          error={state.fields().name}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <div class="field">
          <label for="feed-interval">{t('howOften')}</label>
          <select
            id="feed-interval"
            value={every()}
            onChange={(e) => setEvery(Number(e.currentTarget.value))}
          >
            <For each={EVERY}>
              {([minutes, label]) => <option value={minutes}>{t(label)}</option>}
            </For>
          </select>
        </div>
        <button type="submit">{t('addFeed')}</button>
      </form>
      <p role="status" aria-live="polite">
        {status() ?? ''}
      </p>

      <h2>{t('feedsHeading')}</h2>
      <Show when={feeds.latest} fallback={<p role="status">{t('loading')}</p>}>
        {(list) => (
          <Show when={list().items.length} fallback={<p>{t('noFeeds')}</p>}>
            <ul class="feed-list">
              <For each={list().items}>
                {(f) => (
                  <li>
                    <h3>{f.name}</h3>
                    <p>
                      <code>{f.url}</code>
                    </p>
                    <p class="hint">
                      {f.enabled
                        ? t('nextRun', {
                            every: everyLabel(f.intervalMinutes),
                            when: when(f.nextRunAt),
                          })
                        : t('feedPausedState')}
                      {f.running ? ` ${t('runningNow')}` : ''}
                      {f.resumePage ? ` ${t('lastRunStopped', { page: count(f.resumePage) })}` : ''}
                    </p>
                    <Show when={f.lastRun} fallback={<p>{t('notHarvested')}</p>}>
                      {(run) => <RunReport run={run()} />}
                    </Show>
                    <div class="actions">
                      <button
                        type="button"
                        disabled={busy() !== null || f.running}
                        onClick={() => void act(f, 'harvest')}
                      >
                        {t('harvestNow')}
                      </button>
                      <button
                        type="button"
                        class="secondary"
                        disabled={busy() !== null}
                        onClick={() => void act(f, f.enabled ? 'pause' : 'resume')}
                      >
                        {f.enabled ? t('pause') : t('resume')}
                      </button>
                      <button
                        type="button"
                        class="secondary"
                        disabled={busy() !== null}
                        onClick={() => void act(f, 'remove')}
                      >
                        {t('remove')}
                      </button>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

export default function FeedsPage() {
  return (
    <RequireRole roles={['admin']}>
      <Feeds />
    </RequireRole>
  );
}
