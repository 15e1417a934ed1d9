/**
 * /proposals/new: open a proposal; the gap check runs as it is opened and is kept with it.
 * Opened from a gap check ("Open a proposal from this check"), the needs, place, radius,
 * sessions and venue arrive in the URL (fromGapCheck.ts), so the same check is stored.
 */
import { useLocation, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Index, Show } from 'solid-js';
import { api, ApiError } from '../api.js';
import { Field } from '../auth/Field.jsx';
import { RequireRole } from '../auth/RequireRole.jsx';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { placeBody, resolvePlaceText, type Place } from '../places/placesApi.js';
import { TagPicker } from '../ui/TagPicker.jsx';
import { readCheckHandover, type ProposedSession } from './fromGapCheck.js';
import { DAY_NAMES, proposalsApi } from './proposalsApi.js';
import '../referrals/codesign.css';

interface Venue {
  id: string;
  name: string;
  address: string | null;
  district: string | null;
  bookingInfo: string | null;
  distanceKm: number;
}

const DEFAULT_RADIUS_KM = 1.5;

function NewProposalForm() {
  const navigate = useNavigate();
  const handover = readCheckHandover(useLocation().search);
  const fromCheck = handover.tags.length > 0 || handover.place !== null;
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [tags, setTags] = createSignal<string[]>(handover.tags);
  const [placeText, setPlaceText] = createSignal(handover.place?.name ?? '');
  const [place, setPlace] = createSignal<Place | null>(handover.place);
  const [radiusKm, setRadiusKm] = createSignal(handover.radiusKm ?? DEFAULT_RADIUS_KM);
  const [sessions, setSessions] = createSignal<ProposedSession[]>(handover.sessions);
  const [venueId, setVenueId] = createSignal(handover.venueId ?? '');
  const [venues] = createResource(
    () => { const p = place(); return p ? { lat: p.lat, lng: p.lng, radiusKm: radiusKm() } : null; },
    (q) => api.get<{ items: Venue[] }>('/api/v1/venues', { query: { near: `${q.lat},${q.lng}`, radiusKm: q.radiusKm } }).then((r) => r.items),
  );

  const setSession = (i: number, patch: Partial<ProposedSession>) => setSessions(sessions().map((s, j) => (j === i ? { ...s, ...patch } : s)));

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const body: Record<string, unknown> = {
      title: text('title'),
      description: text('description'),
      tags: tags(),
      radiusKm: radiusKm(),
      schedule: sessions(),
      ...(venueId() ? { venueLocationId: venueId() } : {}),
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
        // A proposal keeps its point (a venue idea, not a person): a postcode sector or
        // district ("E2 6") is sent as the point the place search gave for it.
        Object.assign(body, chosen.kind === 'postcode' && chosen.precision === 'unit' ? placeBody(chosen) : { lat: chosen.lat, lng: chosen.lng });
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
      <Show
        when={fromCheck}
        fallback={<p class="hint">We check what already runs nearby and the need recorded there, and keep that snapshot with the proposal.</p>}
      >
        <p class="cd-ok" role="status">Filled in from your gap check: the needs, the place, the radius{sessions().length ? ' and the sessions' : ''}. The same check is kept with the proposal.</p>
      </Show>
      <Show when={error()}>{(m) => <p class="cd-error" role="alert">{m()}</p>}</Show>
      <form onSubmit={submit}>
        <Field id="p-title" name="title" label="Title" required maxlength="200" error={errors().title} />
        <TagPicker id="p-tags" label="Needs it answers" selected={tags()} onChange={setTags} error={errors().tags} />
        <PlaceInput
          id="p-place"
          label="Where it would run"
          hint={place() && !place()!.name ? `The point chosen on the gap check map (${place()!.lat.toFixed(4)}, ${place()!.lng.toFixed(4)}), or type a place.` : 'A postcode (E2 6 is enough), a neighbourhood or a venue.'}
          text={placeText()}
          error={errors().postcode ?? errors().lat ?? errors().lng}
          onTextChange={(t) => { setPlaceText(t); setPlace(null); setVenueId(''); }}
          onChoose={setPlace}
        />
        <div class="field">
          <label for="p-radius">Radius of the gap check (km)</label>
          <input id="p-radius" type="number" min="0.5" max="20" step="0.5" value={radiusKm()} onInput={(e) => setRadiusKm(Number(e.currentTarget.value) || DEFAULT_RADIUS_KM)} />
          <Show when={errors().radiusKm}>{(m) => <span class="field-error">Error: {m()}</span>}</Show>
        </div>
        <div class="field">
          <label for="p-venue">Venue (optional)</label>
          <span class="hint" id="p-venue-hint">Bookable rooms within the radius of the place, nearest first.</span>
          <select id="p-venue" value={venueId()} onChange={(e) => setVenueId(e.currentTarget.value)} aria-describedby={`p-venue-hint${errors().venueLocationId ? ' p-venue-error' : ''}`} disabled={!place()}>
            <option value="">{place() ? 'No venue yet' : 'Choose the place first'}</option>
            <For each={venues() ?? []}>
              {(v) => <option value={v.id}>{v.name} — {v.distanceKm} km{v.address ? `, ${v.address}` : ''}</option>}
            </For>
          </select>
          <Show when={place() && venues() && !venues()!.length}><span class="hint">No bookable venues within the radius.</span></Show>
          <Show when={errors().venueLocationId}>{(m) => <span class="field-error" id="p-venue-error">Error: the venue {m()}</span>}</Show>
        </div>
        <div class="field">
          <label for="p-description">What would it be?</label>
          <textarea id="p-description" name="description" maxlength="5000" />
        </div>
        <fieldset>
          <legend>Proposed weekly sessions (optional)</legend>
          <Index each={sessions()}>
            {(s, i) => (
              <div class="cd-row" role="group" aria-label={`Session ${i + 1}`}>
                <div class="field">
                  <label for={`p-day-${i}`}>Day</label>
                  <select id={`p-day-${i}`} value={s().day} onChange={(e) => setSession(i, { day: Number(e.currentTarget.value) })}>
                    <For each={DAY_NAMES.slice(1)}>{(d, j) => <option value={j() + 1}>{d}</option>}</For>
                  </select>
                </div>
                <Field id={`p-start-${i}`} label="Starts" type="time" value={s().start} onInput={(e) => setSession(i, { start: e.currentTarget.value })} error={errors()[`schedule.${i}.start`]} />
                <Field id={`p-end-${i}`} label="Ends" type="time" value={s().end} onInput={(e) => setSession(i, { end: e.currentTarget.value })} error={errors()[`schedule.${i}.end`]} />
                <button type="button" class="secondary" onClick={() => setSessions(sessions().filter((_, j) => j !== i))}>
                  Remove<span class="visually-hidden"> session {i + 1}</span>
                </button>
              </div>
            )}
          </Index>
          <button type="button" class="secondary" onClick={() => setSessions([...sessions(), { day: 1, start: '18:00', end: '20:00' }])}>Add a session</button>
        </fieldset>
        <button type="submit" disabled={busy()}>{busy() ? 'Checking the gap…' : 'Open proposal'}</button>
      </form>
    </section>
  );
}

export default function NewProposalPage() {
  return <RequireRole roles={['organiser']}><NewProposalForm /></RequireRole>;
}
