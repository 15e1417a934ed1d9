/**
 * /proposals/new: open a proposal; the gap check runs as it is opened and is kept with it.
 * Opened from a gap check ("Open a proposal from this check"), the needs, place, radius,
 * sessions and venue arrive in the URL (fromGapCheck.ts), so the same check is stored.
 */
import { useLocation, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Index, Show } from 'solid-js';
import { api } from '../api.js';
import { Field, FieldError } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { placeBody, resolvePlaceText, type Place } from '../places/placesApi.js';
import { TagPicker } from '../ui/TagPicker.jsx';
import { readCheckHandover, type ProposedSession } from './fromGapCheck.js';
import { proposalsApi } from './proposalsApi.js';
import '../referrals/codesign.css';
import { formatNumber, weekdayName } from '../ui/wording.js';
import messages from '../../i18n/messages/codesign.js';
import ui from '../../i18n/messages/ui.js';
import { useMessages } from '../i18n/language.js';
import type { BookableVenue as Venue } from '../../server/proposals/venues.js';

const t = useMessages(messages);
const tUi = useMessages(ui);
const DAY_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;
const coordinate = (x: number) =>
  formatNumber(x, { minimumFractionDigits: 4, maximumFractionDigits: 4 });

const DEFAULT_RADIUS_KM = 1.5;

function NewProposalForm() {
  const navigate = useNavigate();
  const handover = readCheckHandover(useLocation().search);
  const fromCheck = handover.tags.length > 0 || handover.place !== null;
  const state = createFormState();
  const errors = state.fields;
  const [tags, setTags] = createSignal<string[]>(handover.tags);
  const [placeText, setPlaceText] = createSignal(handover.place?.name ?? '');
  const [place, setPlace] = createSignal<Place | null>(handover.place);
  const [radiusKm, setRadiusKm] = createSignal(handover.radiusKm ?? DEFAULT_RADIUS_KM);
  const [sessions, setSessions] = createSignal<ProposedSession[]>(handover.sessions);
  const [venueId, setVenueId] = createSignal(handover.venueId ?? '');
  const [venues] = createResource(
    () => {
      const p = place();
      return p ? { lat: p.lat, lng: p.lng, radiusKm: radiusKm() } : null;
    },
    (q) =>
      api
        .get<{ items: Venue[] }>('/api/v1/venues', {
          query: { near: `${q.lat},${q.lng}`, radiusKm: q.radiusKm },
        })
        .then((r) => r.items),
  );

  const setSession = (i: number, patch: Partial<ProposedSession>) =>
    setSessions(sessions().map((s, j) => (j === i ? { ...s, ...patch } : s)));

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
    state.clear();
    await state.send(
      async () => {
        // A typed place nobody chose from the list counts as its best match ("E2 6" + Open).
        let chosen = place();
        if (!chosen && placeText().trim()) chosen = await resolvePlaceText(placeText());
        if (chosen) {
          setPlace(chosen);
          // A proposal keeps its point (a venue idea, not a person): a postcode sector or
          // district ("E2 6") is sent as the point the place search gave for it.
          Object.assign(
            body,
            chosen.kind === 'postcode' && chosen.precision === 'unit'
              ? placeBody(chosen)
              : { lat: chosen.lat, lng: chosen.lng },
          );
        } else if (placeText().trim()) {
          state.show(
            t('correctFields'),
            { postcode: tUi('noSuchPlace', { place: placeText().trim() }) },
            false,
          );
          return;
        }
        const created = await proposalsApi.create(body);
        navigate(`/proposals/${created.id}`);
      },
      t('openFailed'),
      (err) => (err.status === 422 ? t('correctFields') : err.message),
    );
  }

  return (
    <section class="page cd-form">
      <h1>{t('openAProposal')}</h1>
      <Show when={fromCheck} fallback={<p class="hint">{t('newIntro')}</p>}>
        <p class="cd-ok" role="status">
          {sessions().length ? t('filledFromCheckSessions') : t('filledFromCheck')}
        </p>
      </Show>
      <Show when={state.error()}>
        {(m) => (
          <p class="cd-error" role="alert">
            {m()}
          </p>
        )}
      </Show>
      <form onSubmit={submit}>
        <Field
          id="p-title"
          name="title"
          label={t('titleLabel')}
          required
          maxlength="200"
          error={errors().title}
        />
        <TagPicker
          id="p-tags"
          label={t('needsAnswers')}
          selected={tags()}
          onChange={setTags}
          error={errors().tags}
        />
        <PlaceInput
          id="p-place"
          label={t('whereRun')}
          hint={
            place() && !place()!.name
              ? t('pointHint', { lat: coordinate(place()!.lat), lng: coordinate(place()!.lng) })
              : t('placeHint')
          }
          text={placeText()}
          error={errors().postcode ?? errors().lat ?? errors().lng}
          onTextChange={(text) => {
            setPlaceText(text);
            setPlace(null);
            setVenueId('');
          }}
          onChoose={setPlace}
        />
        <div class="field">
          <label for="p-radius">{t('radiusLabel')}</label>
          <input
            id="p-radius"
            type="number"
            min="0.5"
            max="20"
            step="0.5"
            value={radiusKm()}
            onInput={(e) => setRadiusKm(Number(e.currentTarget.value) || DEFAULT_RADIUS_KM)}
          />
          <FieldError id="p-radius-error" message={errors().radiusKm} />
        </div>
        <div class="field">
          <label for="p-venue">{t('venueOptional')}</label>
          <span class="hint" id="p-venue-hint">
            {t('venueHint')}
          </span>
          <select
            id="p-venue"
            value={venueId()}
            onChange={(e) => setVenueId(e.currentTarget.value)}
            aria-describedby={`p-venue-hint${errors().venueLocationId ? ' p-venue-error' : ''}`}
            disabled={!place()}
          >
            <option value="">{place() ? t('noVenueYet') : t('choosePlaceFirst')}</option>
            <For each={venues() ?? []}>
              {(v) => (
                <option value={v.id}>
                  {v.name} — {t('kmDistance', { km: formatNumber(v.distanceKm) })}
                  {v.address ? `, ${v.address}` : ''}
                </option>
              )}
            </For>
          </select>
          <Show when={place() && venues() && !venues()!.length}>
            <span class="hint">{t('noVenues')}</span>
          </Show>
          <Show when={errors().venueLocationId}>
            {(m) => (
              <span class="field-error" id="p-venue-error">
                {t('venueError', { problem: m() })}
              </span>
            )}
          </Show>
        </div>
        <div class="field">
          <label for="p-description">{t('describeLabel')}</label>
          <textarea id="p-description" name="description" maxlength="5000" />
        </div>
        <fieldset>
          <legend>{t('sessionsLegend')}</legend>
          <Index each={sessions()}>
            {(s, i) => (
              <div
                class="cd-row"
                role="group"
                aria-label={t('sessionN', { n: formatNumber(i + 1) })}
              >
                <div class="field">
                  <label for={`p-day-${i}`}>{t('day')}</label>
                  <select
                    id={`p-day-${i}`}
                    value={s().day}
                    onChange={(e) => setSession(i, { day: Number(e.currentTarget.value) })}
                  >
                    <For each={DAY_NUMBERS}>
                      {(d) => <option value={d}>{weekdayName(d)}</option>}
                    </For>
                  </select>
                </div>
                <Field
                  id={`p-start-${i}`}
                  label={t('starts')}
                  type="time"
                  value={s().start}
                  onInput={(e) => setSession(i, { start: e.currentTarget.value })}
                  error={errors()[`schedule.${i}.start`]}
                />
                <Field
                  id={`p-end-${i}`}
                  label={t('ends')}
                  type="time"
                  value={s().end}
                  onInput={(e) => setSession(i, { end: e.currentTarget.value })}
                  error={errors()[`schedule.${i}.end`]}
                />
                <button
                  type="button"
                  class="secondary"
                  onClick={() => setSessions(sessions().filter((_, j) => j !== i))}
                >
                  {t('remove')}
                  <span class="visually-hidden">
                    {' '}
                    {t('removeSession', { n: formatNumber(i + 1) })}
                  </span>
                </button>
              </div>
            )}
          </Index>
          <button
            type="button"
            class="secondary"
            onClick={() => setSessions([...sessions(), { day: 1, start: '18:00', end: '20:00' }])}
          >
            {t('addSession')}
          </button>
        </fieldset>
        <button type="submit" disabled={state.busy()}>
          {state.busy() ? t('checkingGap') : t('openProposalButton')}
        </button>
      </form>
    </section>
  );
}

export default function NewProposalPage() {
  return (
    <RequireRole roles={['organiser']}>
      <NewProposalForm />
    </RequireRole>
  );
}
