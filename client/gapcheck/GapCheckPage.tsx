/**
 * Gap check (/gap-check): before launching a group, an organiser or Link Worker picks the needs,
 * a place (postcode or a click on the map), an optional session and a radius, and reads the
 * verdict in words, the similar services nearby (list and map), demand, barriers and venues.
 */
import { FiguresTo } from '../releases/FiguresTo.jsx';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { cellToLatLng } from 'h3-js';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { placeBody, resolvePlaceText, type Place } from '../places/placesApi.js';
import { TagPicker } from '../ui/TagPicker.jsx';
import { BARRIER_TEXT, DAYS, km, runGapCheck, VERDICT_TEXT, type GapCheckRequest, type GapCheckResult } from './gapCheckApi.js';
import { GapCheckMap } from './GapCheckMap.jsx';
import { A } from '@solidjs/router';
import { proposalLinkFromCheck, type CheckHandover } from '../proposals/fromGapCheck.js';
import { session } from '../session.js';
import './gapcheck.css';
import { formatDate } from '../ui/wording.js';

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
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [failure, setFailure] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
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
    if (!tags().length) local.tags = 'Choose at least one need.';
    if (!placeText().trim() && !point()) local.postcode = 'Enter a place or postcode, or click the map to choose a place.';
    setErrors(local);
    if (Object.keys(local).length) return;
    const body: GapCheckRequest = { tags: [...tags()], radiusKm: radiusKm() };
    // A typed place nobody chose from the list counts as its best match ("E2 6" + Check).
    let chosen = place();
    if (!chosen && placeText().trim()) {
      chosen = await resolvePlaceText(placeText()).catch(() => null);
      if (!chosen) {
        setErrors({ postcode: `No place called “${placeText().trim()}” was found. Try a postcode like E2 6 or a neighbourhood name.` });
        return;
      }
      setPlace(chosen);
    }
    const p = point();
    if (chosen) Object.assign(body, placeBody(chosen));
    else if (p) Object.assign(body, p);
    if (day()) body.schedule = [{ day: Number(day()), start: start(), end: end() }];
    setBusy(true);
    setFailure(null);
    const handover: CheckHandover = {
      tags: [...body.tags],
      place: chosen ?? (p ? { kind: 'area', name: '', lat: p.lat, lng: p.lng, detail: 'Chosen on the map' } : null),
      radiusKm: radiusKm(),
      sessions: body.schedule ?? [],
      venueId: null,
    };
    try {
      setResult(await runGapCheck(body));
      setChecked(handover);
    } catch (err) {
      setResult(null);
      setChecked(null);
      if (err instanceof ApiError && err.status === 422) setErrors(err.fields);
      else setFailure(err instanceof Error ? err.message : 'The gap check failed.');
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) => (
    <Show when={errors()[name]}>{(msg) => <p class="error" id={`gc-${name.replace(/\W/g, '-')}-error`}>{msg()}</p>}</Show>
  );

  return (
    <section class="page">
      <h1>Gap check</h1>
      <p>Before you start a group, check what already runs nearby and how much unmet need Link Workers have recorded.</p>
      <div class="gapcheck">
        <form onSubmit={submit} novalidate aria-describedby="gc-privacy">
          <TagPicker id="gc-tags" label="Needs the group would meet" selected={tags()} onChange={setTags} error={errors().tags} />
          <fieldset>
            <legend>Where</legend>
            <PlaceInput
              id="gc-place"
              label="Place, postcode or venue"
              text={placeText()}
              placeholder="e.g. E2 6 or Bethnal Green"
              error={errors().postcode}
              onTextChange={(t) => { setPlaceText(t); setPlace(null); if (t) setPoint(null); }}
              onChoose={(p) => { setPlace(p); setPoint(null); }}
            />
            <p class="hint" id="gc-place-hint">
              <Show when={point()} fallback="Or click the map to choose the place.">
                {(p) => (
                  <>
                    Place chosen on the map: {p().lat.toFixed(4)}, {p().lng.toFixed(4)}.{' '}
                    <button type="button" class="link-button" onClick={() => setPoint(null)}>Clear the place</button>
                  </>
                )}
              </Show>
            </p>
            {fieldError('lat')}
            <div class="field">
              <label for="gc-radius">Radius (km)</label>
              <input id="gc-radius" type="number" min="0.5" max="5" step="0.5" value={radiusKm()} onInput={(e) => setRadiusKm(Number(e.currentTarget.value) || 1.5)} />
            </div>
            {fieldError('radiusKm')}
          </fieldset>
          <fieldset>
            <legend>When (optional)</legend>
            <div class="field">
              <label for="gc-day">Day</label>
              <select id="gc-day" value={day()} onChange={(e) => setDay(e.currentTarget.value)}>
                <option value="">Any day</option>
                <For each={DAYS}>{(d, i) => <option value={i() + 1}>{d}</option>}</For>
              </select>
            </div>
            <Show when={day()}>
              <div class="field">
                <label for="gc-start">Starts</label>
                <input id="gc-start" type="time" value={start()} onInput={(e) => setStart(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="gc-end">Ends</label>
                <input id="gc-end" type="time" value={end()} onInput={(e) => setEnd(e.currentTarget.value)} />
              </div>
              {fieldError('schedule.0.end')}
            </Show>
          </fieldset>
          <p class="hint" id="gc-privacy">Counts under 8 show as “&lt;8” and others are rounded to 5, so no person can be picked out.</p>
          <button type="submit" disabled={busy()}>{busy() ? 'Checking…' : 'Check for a gap'}</button>
        </form>
        <div>
          <GapCheckMap place={point() ?? (place() && !result() ? { lat: place()!.lat, lng: place()!.lng } : null) ?? checkedPlace()} radiusKm={radiusKm()} similar={result()?.similar ?? []} onChoose={(p) => { setPoint(p); setPlace(null); setPlaceText(''); }} />
          <Show when={failure()}>{(msg) => <p class="error" role="alert">{msg()}</p>}</Show>
          <div aria-live="polite">
            <Show when={result()}>{(r) => <GapCheckAnswer result={r()} checked={checked()} />}</Show>
          </div>
        </div>
      </div>
    </section>
  );
}

function GapCheckAnswer(props: { result: GapCheckResult; checked: CheckHandover | null }) {
  const r = () => props.result;
  // Proposals are opened by organisers (and admins); a Link Worker reads the check only.
  const canPropose = () => props.checked !== null && (session()?.role === 'organiser' || session()?.role === 'admin');
  const proposeLink = (venueId: string | null = null) => proposalLinkFromCheck({ ...props.checked!, venueId });
  return (
    <article class="gapcheck-result" data-verdict={r().verdict}>
      <div class={`verdict verdict-${r().verdict}`}>
        <h2>Verdict: {VERDICT_TEXT[r().verdict]}</h2>
        <p>{r().explanation}</p>
        <Show when={canPropose()}>
          <p><A class="button" href={proposeLink()}>Open a proposal from this check</A></p>
        </Show>
      </div>
      <h3>Demand in the last {r().window.weeks} published weeks</h3>
      <FiguresTo publishedThrough={r().publishedThrough} />
      <p>
        {r().demand.display} need flags; {r().activeLinkWorkers.display} Link Workers active in the area.
      </p>
      <Show when={r().searchMisses}>
        {(m) => <p class="search-misses">Searches that found nothing: {m().display} (directory searches for this need near here with no active service in reach; one per person per week, counted apart from the flags).</p>}
      </Show>
      <Show when={r().topBarriers.length}>
        <h4>Barriers most often recorded</h4>
        <ul>
          <For each={r().topBarriers}>{(b) => <li>{BARRIER_TEXT[b.barrier] ?? b.barrier}: {b.count.display}</li>}</For>
        </ul>
      </Show>
      <h3>Similar services nearby</h3>
      <Show when={r().similar.length} fallback={<p>None within the radius.</p>}>
        <ol class="similar-list">
          <For each={r().similar}>
            {(s) => (
              <li>
                <strong>{s.service.name}</strong> — {km(s.distanceKm)}{s.service.locations.some((l) => l.confidential) ? ' (confidential location, distance approximate)' : ''}.{' '}
                {s.scheduleOverlap ? 'Runs at an overlapping time.' : 'No overlapping session.'}{' '}
                <Show when={s.misses.length}>Misses: {s.misses.join(', ')}. </Show>
                <span class="hint">
                  {s.service.schedules.map((x) => `${DAYS[x.day - 1]} ${x.start}–${x.end}`).join('; ') || 'No published sessions'}
                  {' · '}
                  {s.service.lastVerifiedAt ? `last verified ${formatDate(s.service.lastVerifiedAt)}` : 'never verified'}
                </span>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <h3>Bookable venues nearby</h3>
      <Show when={r().venues.length} fallback={<p>No bookable venues listed within the radius.</p>}>
        <ul>
          <For each={r().venues}>
            {(v) => (
              <li>
                {v.location.name} — {km(v.distanceKm)}{v.location.address ? `, ${v.location.address}` : ''}
                <Show when={v.location.bookingInfo}> ({v.location.bookingInfo})</Show>
                <Show when={canPropose()}>
                  {' '}<A href={proposeLink(v.location.id)}>Propose it here<span class="visually-hidden"> at {v.location.name}</span></A>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </article>
  );
}
