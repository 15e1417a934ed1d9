/**
 * Gap check (/gap-check): before launching a group, an organiser or Link Worker picks the needs,
 * a place (postcode or a click on the map), an optional session and a radius, and reads the
 * verdict in words, the similar services nearby (list and map), demand, barriers and venues.
 */
import { FiguresTo } from '../releases/FiguresTo.jsx';
import { createSignal, For, Show } from 'solid-js';
import { cellToLatLng } from 'h3-js';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { placeBody, resolvePlaceText, type Place } from '../places/placesApi.js';
import { TagPicker } from '../ui/TagPicker.jsx';
import { createFormState } from '../ui/formState.js';
import {
  km,
  runGapCheck,
  VERDICT_TEXT,
  type GapCheckRequest,
  type GapCheckResult,
} from './gapCheckApi.js';
import { GapCheckMap } from './GapCheckMap.jsx';
import { A } from '@solidjs/router';
import { proposalLinkFromCheck, type CheckHandover } from '../proposals/fromGapCheck.js';
import { session } from '../session.js';
import './gapcheck.css';
import { formatDate, formatNumber, weekdayName } from '../ui/wording.js';
import { BARRIERS } from '../barriers.js';
import messages from '../../i18n/messages/gapcheck.js';
import ui from '../../i18n/messages/ui.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);
const tUi = useMessages(ui);
/** A recorded barrier in words; a code this client does not know is shown as it is. */
const barrierLabel = (code: string) => BARRIERS.find((b) => b.value === code)?.label ?? code;
const DAY_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;
const coordinate = (x: number) =>
  formatNumber(x, { minimumFractionDigits: 4, maximumFractionDigits: 4 });

export default function GapCheckPage() {
  const [tags, setTags] = createSignal<string[]>([]);
  /** What is typed in the place input, and the place chosen from its list (null once the text changes). */
  const [placeText, setPlaceText] = createSignal('');
  const [place, setPlace] = createSignal<Place | null>(null);
  const [point, setPoint] = createSignal<{ lat: number; lng: number } | null>(null);
  const [radiusKm, setRadiusKm] = createSignal(1.5);
  const [day, setDay] = createSignal('');
  const [start, setStart] = createSignal('18:00');
  const [end, setEnd] = createSignal('20:00');
  const [result, setResult] = createSignal<GapCheckResult | null>(null);
  /** What the shown result was checked with: handed to the proposal form as it was. */
  const [checked, setChecked] = createSignal<CheckHandover | null>(null);
  const state = createFormState();
  const errors = state.fields;
  /** Field errors found here; the last check's failure stays on screen until the next is sent. */
  const showFieldErrors = (fields: Record<string, string>) =>
    state.show(state.error(), fields, false);
  /** After a check by postcode: the centre of the cell the server checked (never the postcode's point). */
  const checkedPlace = () => {
    const cell = result()?.cell;
    if (!cell) return null;
    const [lat, lng] = cellToLatLng(cell);
    return { lat, lng };
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!tags().length) local.tags = t('chooseNeed');
    if (!placeText().trim() && !point()) local.postcode = t('givePlace');
    showFieldErrors(local);
    if (Object.keys(local).length) return;
    const body: GapCheckRequest = { tags: [...tags()], radiusKm: radiusKm() };
    // A typed place nobody chose from the list counts as its best match ("E2 6" + Check).
    let chosen = place();
    if (!chosen && placeText().trim()) {
      chosen = await resolvePlaceText(placeText()).catch(() => null);
      if (!chosen) {
        showFieldErrors({ postcode: tUi('noSuchPlace', { place: placeText().trim() }) });
        return;
      }
      setPlace(chosen);
    }
    const p = point();
    if (chosen) Object.assign(body, placeBody(chosen));
    else if (p) Object.assign(body, p);
    if (day()) body.schedule = [{ day: Number(day()), start: start(), end: end() }];
    state.clear();
    const handover: CheckHandover = {
      tags: [...body.tags],
      place:
        chosen ??
        (p ? { kind: 'area', name: '', lat: p.lat, lng: p.lng, detail: t('chosenOnMap') } : null),
      radiusKm: radiusKm(),
      sessions: body.schedule ?? [],
      venueId: null,
    };
    const checkedOk = await state.send(
      async () => {
        setResult(await runGapCheck(body));
        setChecked(handover);
      },
      t('checkFailed'),
      // A 422's reasons are beside the fields.
      (err) => (err.status === 422 ? null : err.message),
    );
    if (!checkedOk) {
      setResult(null);
      setChecked(null);
    }
  };

  const fieldError = (name: string) => (
    <Show when={errors()[name]}>
      {(msg) => (
        <p class="error" id={`gc-${name.replace(/\W/g, '-')}-error`}>
          {msg()}
        </p>
      )}
    </Show>
  );

  return (
    <section class="page">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <div class="gapcheck">
        <form onSubmit={submit} novalidate aria-describedby="gc-privacy">
          <TagPicker
            id="gc-tags"
            label={t('needsLabel')}
            selected={tags()}
            onChange={setTags}
            error={errors().tags}
          />
          <fieldset>
            <legend>{t('where')}</legend>
            <PlaceInput
              id="gc-place"
              label={t('placeLabel')}
              text={placeText()}
              placeholder={t('placePlaceholder')}
              error={errors().postcode}
              onTextChange={(text) => {
                setPlaceText(text);
                setPlace(null);
                if (text) setPoint(null);
              }}
              onChoose={(p) => {
                setPlace(p);
                setPoint(null);
              }}
            />
            <p class="hint" id="gc-place-hint">
              <Show when={point()} fallback={t('orClickMap')}>
                {(p) => (
                  <>
                    {t('placeOnMap', { lat: coordinate(p().lat), lng: coordinate(p().lng) })}{' '}
                    <button type="button" class="link-button" onClick={() => setPoint(null)}>
                      {t('clearPlace')}
                    </button>
                  </>
                )}
              </Show>
            </p>
            {fieldError('lat')}
            <div class="field">
              <label for="gc-radius">{t('radiusLabel')}</label>
              <input
                id="gc-radius"
                type="number"
                min="0.5"
                max="5"
                step="0.5"
                value={radiusKm()}
                onInput={(e) => setRadiusKm(Number(e.currentTarget.value) || 1.5)}
              />
            </div>
            {fieldError('radiusKm')}
          </fieldset>
          <fieldset>
            <legend>{t('whenOptional')}</legend>
            <div class="field">
              <label for="gc-day">{t('day')}</label>
              <select id="gc-day" value={day()} onChange={(e) => setDay(e.currentTarget.value)}>
                <option value="">{t('anyDay')}</option>
                <For each={DAY_NUMBERS}>{(d) => <option value={d}>{weekdayName(d)}</option>}</For>
              </select>
            </div>
            <Show when={day()}>
              <div class="field">
                <label for="gc-start">{t('starts')}</label>
                <input
                  id="gc-start"
                  type="time"
                  value={start()}
                  onInput={(e) => setStart(e.currentTarget.value)}
                />
              </div>
              <div class="field">
                <label for="gc-end">{t('ends')}</label>
                <input
                  id="gc-end"
                  type="time"
                  value={end()}
                  onInput={(e) => setEnd(e.currentTarget.value)}
                />
              </div>
              {fieldError('schedule.0.end')}
            </Show>
          </fieldset>
          <p class="hint" id="gc-privacy">
            {t('privacy')}
          </p>
          <button type="submit" disabled={state.busy()}>
            {state.busy() ? t('checking') : t('check')}
          </button>
        </form>
        <div>
          <GapCheckMap
            place={
              point() ??
              (place() && !result() ? { lat: place()!.lat, lng: place()!.lng } : null) ??
              checkedPlace()
            }
            radiusKm={radiusKm()}
            similar={result()?.similar ?? []}
            onChoose={(p) => {
              setPoint(p);
              setPlace(null);
              setPlaceText('');
            }}
          />
          <Show when={state.error()}>
            {(msg) => (
              <p class="error" role="alert">
                {msg()}
              </p>
            )}
          </Show>
          <div aria-live="polite">
            <Show when={result()}>
              {(r) => <GapCheckAnswer result={r()} checked={checked()} />}
            </Show>
          </div>
        </div>
      </div>
    </section>
  );
}

function GapCheckAnswer(props: { result: GapCheckResult; checked: CheckHandover | null }) {
  const r = () => props.result;
  // Proposals are opened by organisers (and admins); a Link Worker reads the check only.
  const canPropose = () =>
    props.checked !== null && (session()?.role === 'organiser' || session()?.role === 'admin');
  const proposeLink = (venueId: string | null = null) =>
    proposalLinkFromCheck({ ...props.checked!, venueId });
  return (
    <article class="gapcheck-result" data-verdict={r().verdict}>
      <div class={`verdict verdict-${r().verdict}`}>
        <h2>{t('verdictHeading', { verdict: VERDICT_TEXT[r().verdict] })}</h2>
        <p>{r().explanation}</p>
        <Show when={canPropose()}>
          <p>
            <A class="button" href={proposeLink()}>
              {t('openProposal')}
            </A>
          </p>
        </Show>
      </div>
      <h3>{t('demandHeading', { weeks: formatNumber(r().window.weeks) })}</h3>
      <FiguresTo publishedThrough={r().publishedThrough} />
      <p>
        {t('demandLine', { flags: r().demand.display, workers: r().activeLinkWorkers.display })}
      </p>
      <Show when={r().searchMisses}>
        {(m) => <p class="search-misses">{t('searchMisses', { count: m().display })}</p>}
      </Show>
      <Show when={r().topBarriers.length}>
        <h4>{t('barriersHeading')}</h4>
        <ul>
          <For each={r().topBarriers}>
            {(b) => (
              <li>
                {barrierLabel(b.barrier)}: {b.count.display}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>{t('similarHeading')}</h3>
      <Show when={r().similar.length} fallback={<p>{t('noneWithin')}</p>}>
        <ol class="similar-list">
          <For each={r().similar}>
            {(s) => (
              <li>
                <strong>{s.service.name}</strong> — {km(s.distanceKm)}
                {s.service.locations.some((l) => l.confidential)
                  ? ` ${t('confidentialApprox')}`
                  : ''}
                . {s.scheduleOverlap ? t('overlap') : t('noOverlap')}{' '}
                <Show when={s.misses.length}>{t('misses', { misses: s.misses.join(', ') })} </Show>
                <span class="hint">
                  {s.service.schedules
                    .map((x) => `${weekdayName(x.day)} ${x.start}–${x.end}`)
                    .join('; ') || t('noSessions')}
                  {' · '}
                  {s.service.lastVerifiedAt
                    ? t('lastVerified', { date: formatDate(s.service.lastVerifiedAt) })
                    : t('neverVerified')}
                </span>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <h3>{t('venuesHeading')}</h3>
      <Show when={r().venues.length} fallback={<p>{t('noVenues')}</p>}>
        <ul>
          <For each={r().venues}>
            {(v) => (
              <li>
                {v.location.name} — {km(v.distanceKm)}
                {v.location.address ? `, ${v.location.address}` : ''}
                <Show when={v.location.bookingInfo}> ({v.location.bookingInfo})</Show>
                <Show when={canPropose()}>
                  {' '}
                  <A href={proposeLink(v.location.id)}>
                    {t('proposeHere')}
                    <span class="visually-hidden">
                      {' '}
                      {t('proposeHereAt', { name: v.location.name })}
                    </span>
                  </A>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </article>
  );
}
