/** /admin/privacy (admin): the suppression threshold. It can only be raised above the deployment's floor. */
import { createResource, createSignal, Show } from 'solid-js';
import { api, ApiError } from '../api.js';
import { Field } from '../auth/Field.jsx';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../auth/auth.css';

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

export default function PrivacyPage() {
  return <RequireRole roles={['admin']}><PrivacyPanel /></RequireRole>;
}
