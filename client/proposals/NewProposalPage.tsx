/** /proposals/new: open a proposal; the gap check runs as it is opened and is kept with it. */
import { useNavigate } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { Field } from '../auth/Field.jsx';
import { RequireRole } from '../auth/RequireRole.jsx';
import { taxonomy, taxonomyTree } from '../map/taxonomy.js';
import { DAY_NAMES, proposalsApi } from './proposalsApi.js';
import '../referrals/codesign.css';

function NewProposalForm() {
  const navigate = useNavigate();
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const day = Number(text('day'));
    const body: Record<string, unknown> = {
      title: text('title'),
      description: text('description'),
      tags: form.getAll('tags').map(String),
      schedule: day ? [{ day, start: text('start'), end: text('end') }] : [],
    };
    if (text('postcode')) body.postcode = text('postcode');
    else if (text('lat') || text('lng')) Object.assign(body, { lat: Number(text('lat')), lng: Number(text('lng')) });
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const created = await proposalsApi.create(body);
      navigate(`/proposals/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setErrors(err.fields);
        setError('Please correct the fields marked below.');
      } else setError(err instanceof ApiError ? err.message : 'Could not open the proposal.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page cd-form">
      <h1>Open a proposal</h1>
      <p class="hint">We check what already runs nearby and the need recorded there, and keep that snapshot with the proposal.</p>
      <Show when={error()}>{(m) => <p class="cd-error" role="alert">{m()}</p>}</Show>
      <form onSubmit={submit}>
        <Field id="p-title" name="title" label="Title" required maxlength="200" error={errors().title} />
        <div class="field">
          <label for="p-tags">Needs it answers</label>
          <span class="hint" id="p-tags-hint">Hold Ctrl (⌘ on a Mac) to choose more than one.</span>
          <Show when={errors().tags}>{(m) => <span class="field-error" id="p-tags-error">Error: {m()}</span>}</Show>
          <select id="p-tags" name="tags" multiple size="8" required aria-describedby="p-tags-hint" aria-invalid={errors().tags ? 'true' : undefined}>
            <For each={taxonomyTree(taxonomy() ?? [])}>
              {(g) => <optgroup label={g.term.name}><For each={g.children}>{(c) => <option value={c.slug}>{c.name}</option>}</For></optgroup>}
            </For>
          </select>
        </div>
        <Field id="p-postcode" name="postcode" label="Postcode of the place" hint="Or give a point below." error={errors().postcode} />
        <div class="cd-row">
          <Field id="p-lat" name="lat" label="Latitude" inputmode="decimal" error={errors().lat} />
          <Field id="p-lng" name="lng" label="Longitude" inputmode="decimal" error={errors().lng} />
        </div>
        <div class="field">
          <label for="p-description">What would it be?</label>
          <textarea id="p-description" name="description" maxlength="5000" />
        </div>
        <fieldset>
          <legend>Proposed weekly session (optional)</legend>
          <div class="cd-row">
            <div class="field">
              <label for="p-day">Day</label>
              <select id="p-day" name="day"><option value="">No session yet</option><For each={DAY_NAMES.slice(1)}>{(d, i) => <option value={i() + 1}>{d}</option>}</For></select>
            </div>
            <Field id="p-start" name="start" label="Starts" type="time" error={errors()['schedule.0.start']} />
            <Field id="p-end" name="end" label="Ends" type="time" error={errors()['schedule.0.end']} />
          </div>
        </fieldset>
        <button type="submit" disabled={busy()}>{busy() ? 'Checking the gap…' : 'Open proposal'}</button>
      </form>
    </section>
  );
}

export default function NewProposalPage() {
  return <RequireRole roles={['organiser']}><NewProposalForm /></RequireRole>;
}
