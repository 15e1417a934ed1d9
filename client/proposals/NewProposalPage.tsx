/** /proposals/new: open a proposal; the gap check runs as it is opened and is kept with it. */
import { useNavigate } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { Field } from '../auth/Field.jsx';
import { RequireRole } from '../auth/RequireRole.jsx';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { placeBody, resolvePlaceText, type Place } from '../places/placesApi.js';
import { TagPicker } from '../ui/TagPicker.jsx';
import { DAY_NAMES, proposalsApi } from './proposalsApi.js';
import '../referrals/codesign.css';

function NewProposalForm() {
  const navigate = useNavigate();
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [tags, setTags] = createSignal<string[]>([]);
  const [placeText, setPlaceText] = createSignal('');
  const [place, setPlace] = createSignal<Place | null>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const day = Number(text('day'));
    const body: Record<string, unknown> = {
      title: text('title'),
      description: text('description'),
      tags: tags(),
      schedule: day ? [{ day, start: text('start'), end: text('end') }] : [],
    };
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      // A typed place nobody chose from the list counts as its best match ("E2 6" + Open).
      let chosen = place();
      if (!chosen && placeText().trim()) chosen = await resolvePlaceText(placeText());
      if (chosen) {
        setPlace(chosen);
        Object.assign(body, placeBody(chosen));
      } else if (placeText().trim()) {
        setErrors({ postcode: `No place called “${placeText().trim()}” was found. Try a postcode like E2 6 or a neighbourhood name.` });
        setError('Please correct the fields marked below.');
        return;
      }
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
        <TagPicker id="p-tags" label="Needs it answers" selected={tags()} onChange={setTags} error={errors().tags} />
        <PlaceInput
          id="p-place"
          label="Where it would run"
          hint="A postcode (E2 6 is enough), a neighbourhood or a venue."
          text={placeText()}
          error={errors().postcode ?? errors().lat ?? errors().lng}
          onTextChange={(t) => { setPlaceText(t); setPlace(null); }}
          onChoose={setPlace}
        />
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
