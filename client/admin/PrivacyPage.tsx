/**
 * /admin/privacy (admin): the suppression threshold (it can only be raised above the deployment's
 * floor) and the releases of need figures: which weeks are published, and publishing an ended
 * week early (which closes its undo window).
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { listReleases, publishThrough, type Release } from '../releases/releasesApi.js';
import { onDay, weekEnding } from '../releases/weeks.js';
import { api, ApiError } from '../api.js';
import { Field } from '../auth/Field.jsx';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../auth/auth.css';
import { formatDateTime } from '../ui/wording.js';

export interface PrivacySetting {
  threshold: number;
  floor: number;
  max: number;
  stored: number | null;
}

function PrivacyPanel() {
  const [setting, { mutate }] = createResource(() => api.get<PrivacySetting>('/api/v1/settings/privacy'));
  const [value, setValue] = createSignal('');
  const [error, setError] = createSignal<string | undefined>();
  const [saved, setSaved] = createSignal<string | null>(null);

  async function save(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    setSaved(null);
    try {
      const next = await api.put<PrivacySetting>('/api/v1/settings/privacy', { threshold: Number(value()) });
      mutate(next);
      setSaved(`Saved. Counts under ${next.threshold} are now hidden everywhere.`);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields.threshold ?? err.message) : 'Could not reach Gapmap.');
    }
  }

  return (
    <section class="page" aria-labelledby="privacy-title">
      <h1 id="privacy-title">Privacy threshold</h1>
      <p>
        Every count shown outside this admin view is perturbed a little, then numbers from 1 up to the threshold are shown as
        “&lt;threshold” and larger ones rounded to the nearest 5 (the NHS small-number rule).
      </p>
      <Show when={setting()} fallback={<p role="status">Loading…</p>}>
        {(s) => (
          <>
            <p>
              In force now: <strong>{s().threshold}</strong>. This deployment's floor is <strong>{s().floor}</strong>: the threshold
              can be raised, never set lower than that here.
            </p>
            <form onSubmit={save} novalidate>
              <Field
                id="privacy-threshold"
                label="New threshold"
                type="number"
                inputmode="numeric"
                min={s().floor}
                max={s().max}
                required
                hint={`A whole number from ${s().floor} to ${s().max}.`}
                error={error()}
                value={value() || String(s().threshold)}
                onInput={(e) => setValue(e.currentTarget.value)}
              />
              <button type="submit">Save threshold</button>
            </form>
            <Show when={saved()}>{(m) => <p class="form-ok" role="status">{m()}</p>}</Show>
          </>
        )}
      </Show>
    </section>
  );
}

const REASONS: Record<Release['reason'], string> = {
  scheduled: 'on schedule',
  early: 'early, by an admin',
  moderation: 'again, after a moderation removal',
  seed: 'with the demo data',
};

/** The Monday of the last week that has ended (last week), as 'YYYY-MM-DD'. */
function lastEndedWeek(now = new Date()): string {
  const utc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const isoDow = ((new Date(utc).getUTCDay() + 6) % 7) + 1;
  return new Date(utc - (isoDow - 1 + 7) * 86_400_000).toISOString().slice(0, 10);
}

function ReleasesPanel() {
  const [releases, { refetch }] = createResource(() => listReleases());
  const [through, setThrough] = createSignal(lastEndedWeek());
  const [error, setError] = createSignal<string | undefined>();
  const [done, setDone] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function publish(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    setDone(null);
    setBusy(true);
    try {
      const { published } = await publishThrough(through());
      setDone(published.length
        ? `Published ${published.length} week${published.length === 1 ? '' : 's'}, to the week ending ${weekEnding(published[published.length - 1]!)}. Flags of those weeks can no longer be undone.`
        : 'Those weeks were already published: nothing changed.');
      void refetch();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields.through ?? err.message) : 'Could not reach Gapmap.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="releases-title">
      <h2 id="releases-title">Published weeks</h2>
      <p>
        Need figures leave Gapmap only from published weeks, which never change afterwards. Each week is published
        automatically at 02:00 on the Tuesday after it ends, once its flags can no longer be undone. When a week is
        published, its flags lose their author, their note and their exact time.
      </p>
      <Show when={releases.latest} fallback={<p role="status">Loading…</p>}>
        {(r) => (
          <>
            <p data-testid="latest-release">
              <Show when={r().latestWeek} fallback={<>No week has been published yet.</>}>
                {(week) => <>Figures run to the week ending <strong>{weekEnding(week())}</strong>.</>}
              </Show>
              <Show when={r().nextScheduled}>{(next) => <> The next week is published on {onDay(next())}.</>}</Show>
            </p>
            <Show when={r().items.length}>
              <table class="releases">
                <caption>Recent releases, newest first</caption>
                <thead><tr><th scope="col">Week ending</th><th scope="col">Published</th><th scope="col">How</th></tr></thead>
                <tbody>
                  <For each={r().items}>
                    {(item) => (
                      <tr>
                        <td>{weekEnding(item.week)}{item.revision > 1 ? ` (revision ${item.revision})` : ''}</td>
                        <td>{formatDateTime(item.publishedAt)}</td>
                        <td>{REASONS[item.reason]}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Show>
      <form onSubmit={publish} novalidate aria-labelledby="publish-early">
        <h3 id="publish-early">Publish an ended week early</h3>
        <Field
          id="release-through"
          label="Publish every week up to the week of"
          type="date"
          required
          hint="Any day of a week that has ended. Publishing closes the undo window of its flags."
          error={error()}
          value={through()}
          onInput={(e) => setThrough(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy()}>{busy() ? 'Publishing…' : 'Publish'}</button>
      </form>
      <Show when={done()}>{(m) => <p class="form-ok" role="status">{m()}</p>}</Show>
    </section>
  );
}

export default function PrivacyPage() {
  return (
    <RequireRole roles={['admin']}>
      <PrivacyPanel />
      <ReleasesPanel />
    </RequireRole>
  );
}
