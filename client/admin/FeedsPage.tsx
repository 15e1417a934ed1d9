/**
 * /admin/feeds (admin): Open Referral UK feeds Gapmap harvests on a schedule (a council's
 * directory, say). Register a feed's address, harvest it now, pause or remove it, and read
 * each run's report: what was created, updated, left unchanged, and what was rejected and why.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, ApiError } from '../api.js';
import { Field, FormError } from '../auth/Field.jsx';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../auth/auth.css';
import './admin.css';
import { formatDateTime } from '../ui/wording.js';

interface HarvestRun {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  modifiedAfter: string | null;
  firstPage: number;
  pages: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { id: string | null; page: number; errors: Record<string, string> }[];
  error: string | null;
}

interface Feed {
  id: string;
  url: string;
  name: string;
  intervalMinutes: number;
  enabled: boolean;
  nextRunAt: string;
  harvestedThrough: string | null;
  running: boolean;
  resumePage: number | null;
  lastRun: HarvestRun | null;
}

/** The app's one date-and-time format (client/ui/wording.ts). */
const when = (iso: string) => formatDateTime(iso);
const EVERY = [[60, 'Every hour'], [360, 'Every 6 hours'], [1440, 'Every day'], [10080, 'Every week']] as const;

function RunReport(props: { run: HarvestRun }) {
  return (
    <div class="run-report">
      <p>
        <strong>{props.run.status === 'succeeded' ? 'Finished' : props.run.status === 'failed' ? 'Stopped' : 'Running'}</strong>{' '}
        {when(props.run.startedAt)}: {props.run.created} new, {props.run.updated} updated, {props.run.unchanged} unchanged,{' '}
        {props.run.rejected.length} rejected ({props.run.pages} page{props.run.pages === 1 ? '' : 's'}
        {props.run.firstPage > 1 ? `, resumed at page ${props.run.firstPage}` : ''}
        {props.run.modifiedAfter ? `, changes since ${when(props.run.modifiedAfter)}` : ', everything'}).
      </p>
      <Show when={props.run.error}>{(e) => <p class="form-error">Why it stopped: {e()}. The next run carries on from where this one stopped.</p>}</Show>
      <Show when={props.run.rejected.length}>
        <details>
          <summary>Rejected services ({props.run.rejected.length})</summary>
          <ul>
            <For each={props.run.rejected}>
              {(r) => (
                <li>
                  <code>{r.id ?? 'no id'}</code> (page {r.page}):{' '}
                  {Object.entries(r.errors).map(([field, reason]) => `${field} ${reason}`).join('; ')}
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
  const [feeds, { refetch }] = createResource(() => api.get<{ items: Feed[] }>('/api/v1/import/feeds'));
  const [url, setUrl] = createSignal('');
  const [name, setName] = createSignal('');
  const [every, setEvery] = createSignal(1440);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);

  async function add(e: SubmitEvent) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    try {
      const feed = await api.post<Feed>('/api/v1/import/feeds', { url: url().trim(), ...(name().trim() ? { name: name().trim() } : {}), intervalMinutes: every() });
      setUrl('');
      setName('');
      setStatus(`Registered “${feed.name}”. Its first harvest is due now; use “Harvest now” to run it at once.`);
      void refetch();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setErrors(err.fields);
      else setFormError(err instanceof ApiError ? err.message : 'Could not reach Gapmap.');
    }
  }

  async function act(feed: Feed, what: 'harvest' | 'pause' | 'resume' | 'remove') {
    if (what === 'remove' && !confirm(`Stop harvesting “${feed.name}”? Services it brought stay in the directory.`)) return;
    setBusy(feed.id);
    setStatus(what === 'harvest' ? `Harvesting “${feed.name}”…` : null);
    try {
      if (what === 'harvest') {
        const started = await api.post<HarvestRun>(`/api/v1/import/feeds/${feed.id}/harvest`);
        const run = await followRun(feed.id, started.id);
        setStatus(run.status === 'succeeded'
          ? `“${feed.name}” harvested: ${run.created} new, ${run.updated} updated, ${run.unchanged} unchanged, ${run.rejected.length} rejected.`
          : `The harvest of “${feed.name}” stopped: ${run.error ?? 'see its report'}.`);
      } else if (what === 'remove') {
        await api.delete(`/api/v1/import/feeds/${feed.id}`);
        setStatus(`“${feed.name}” removed.`);
      } else {
        await api.patch(`/api/v1/import/feeds/${feed.id}`, { enabled: what === 'resume' });
        setStatus(`“${feed.name}” ${what === 'resume' ? 'resumed' : 'paused'}.`);
      }
    } catch (err) {
      setStatus(err instanceof ApiError ? err.message : 'Could not reach Gapmap.');
    } finally {
      setBusy(null);
      void refetch();
    }
  }

  return (
    <section class="page" aria-labelledby="feeds-title">
      <h1 id="feeds-title">Open Referral UK feeds</h1>
      <p>
        Gapmap can keep a copy of another directory's services — a council's, for example — by reading its Open Referral UK
        API on a schedule. Each run asks only for what changed since the last one, reads page by page, retries when the feed
        is slow, and picks up where it stopped if it fails part-way.
      </p>

      <h2>Add a feed</h2>
      <FormError message={formError()} />
      <form onSubmit={add} novalidate>
        <Field id="feed-url" label="Feed address" type="url" required placeholder="https://directory.example.gov.uk/api/v1"
          hint="The ORUK API's base address (ending …/services is fine too)." error={errors().url} value={url()} onInput={(e) => setUrl(e.currentTarget.value)} />
        <Field id="feed-name" label="Name (optional)" hint="How reports and the placeholder organisation name it; defaults to the address's host."
          error={errors().name} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <div class="field">
          <label for="feed-interval">How often</label>
          <select id="feed-interval" value={every()} onChange={(e) => setEvery(Number(e.currentTarget.value))}>
            <For each={EVERY}>{([minutes, label]) => <option value={minutes}>{label}</option>}</For>
          </select>
        </div>
        <button type="submit">Add feed</button>
      </form>
      <p role="status" aria-live="polite">{status() ?? ''}</p>

      <h2>Feeds</h2>
      <Show when={feeds.latest} fallback={<p role="status">Loading…</p>}>
        {(list) => (
          <Show when={list().items.length} fallback={<p>No feeds yet.</p>}>
            <ul class="feed-list">
              <For each={list().items}>
                {(f) => (
                  <li>
                    <h3>{f.name}</h3>
                    <p><code>{f.url}</code></p>
                    <p class="hint">
                      {f.enabled ? `${EVERY.find(([m]) => m === f.intervalMinutes)?.[1] ?? `Every ${f.intervalMinutes} minutes`}; next run ${when(f.nextRunAt)}.` : 'Paused.'}
                      {f.running ? ' Running now.' : ''}
                      {f.resumePage ? ` The last run stopped; the next resumes at page ${f.resumePage}.` : ''}
                    </p>
                    <Show when={f.lastRun} fallback={<p>Not harvested yet.</p>}>{(run) => <RunReport run={run()} />}</Show>
                    <div class="actions">
                      <button type="button" disabled={busy() !== null || f.running} onClick={() => void act(f, 'harvest')}>Harvest now</button>
                      <button type="button" class="secondary" disabled={busy() !== null} onClick={() => void act(f, f.enabled ? 'pause' : 'resume')}>{f.enabled ? 'Pause' : 'Resume'}</button>
                      <button type="button" class="secondary" disabled={busy() !== null} onClick={() => void act(f, 'remove')}>Remove</button>
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
  return <RequireRole roles={['admin']}><Feeds /></RequireRole>;
}
