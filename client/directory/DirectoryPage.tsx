/**
 * /directory: find services by place ("near E2 6"), need, day and part of the day; nearest first
 * with the distance on every card; the whole search in the URL so it can be shared. On a phone
 * the place and the results come first, the other filters behind a "Filters" button.
 */
import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { DAYS, TIME_SLOTS } from '../map/filterQuery.js';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { resolvePlaceText, type Place } from '../places/placesApi.js';
import { hasRole } from '../session.js';
import { TagPicker } from '../ui/TagPicker.jsx';
import { COST_LABEL, directoryApi, FORMAT_LABEL } from './directoryApi.js';
import {
  activeFilterCount,
  ELIGIBILITY,
  RADII,
  searchFromParams,
  searchToApi,
  searchToParams,
  type DirectorySearch,
  type EligibilityKey,
} from './directoryQuery.js';
import { ServiceCard } from './ServiceCard.jsx';
import { ShortlistTray } from '../shortlist/ShortlistTray.jsx';
import './directory.css';
import messages from '../../i18n/messages/directory.js';
import services from '../../i18n/messages/services.js';
import { useMessages } from '../i18n/language.js';
import { createPagedList } from '../ui/pagedList.js';
import { formatNumber, weekdayName } from '../ui/wording.js';

const t = useMessages(messages);
const tServices = useMessages(services);

const PAGE_SIZE = 20;

function Directory() {
  const [params, setParams] = useSearchParams();
  const search = () => searchFromParams(params);
  // Loaded by the effect below once the URL's place has its point.
  const results = createPagedList(
    (cursor, signal) =>
      directoryApi.search({ ...searchToApi(search()), limit: PAGE_SIZE, cursor }, signal),
    {
      lazy: true,
      failed: () => t('couldNotLoad'),
      describe: (e) =>
        `${e.message} ${Object.entries(e.fields)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ')}`,
    },
  );
  const [placeError, setPlaceError] = createSignal<string | undefined>();
  const [filtersOpen, setFiltersOpen] = createSignal(false);
  // The form's own state: the place chosen (or only typed) and the chosen needs.
  const [place, setPlace] = createSignal<Place | null>(null);
  const [placeText, setPlaceText] = createSignal(search().place);
  const [tags, setTags] = createSignal<string[]>(search().tags);
  let form!: HTMLFormElement;

  // The URL is the search: every change of it (a submit, a shared link, back/forward) loads.
  createEffect(
    on(
      () => JSON.stringify(search()),
      () => {
        const s = search();
        setTags(s.tags);
        setPlaceText(s.place);
        // A link may name a place without its point ("?place=E2 6"): find it first.
        if (s.place && !s.near) {
          void resolvePlaceText(s.place).then((found) => {
            if (found)
              setParams(
                searchToParams({
                  ...s,
                  place: found.name,
                  near: { lat: found.lat, lng: found.lng },
                }),
                { replace: true },
              );
            else setPlaceError(t('noPlace', { place: s.place }));
          });
          return;
        }
        void results.reload();
      },
    ),
  );

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    let chosen = place();
    setPlaceError(undefined);
    if (!chosen && placeText().trim()) {
      chosen = await resolvePlaceText(placeText()).catch(() => null);
      if (!chosen) {
        setPlaceError(t('noPlaceTry', { place: placeText().trim() }));
        return;
      }
      setPlace(chosen);
    }
    const next: DirectorySearch = {
      q: text('q'),
      tags: tags(),
      place: chosen?.name ?? '',
      near: chosen ? { lat: chosen.lat, lng: chosen.lng } : null,
      radiusKm: Number(text('radius')) || 2,
      day: text('day'),
      time: text('time'),
      age: text('age'),
      language: text('language'),
      cost: f.getAll('cost').map(String),
      format: f.getAll('format').map(String),
      eligibility: ELIGIBILITY.map(([k]) => k).filter((k) => f.get(k)) as EligibilityKey[],
      includeInactive: !!f.get('includeInactive'),
    };
    // Only what the form shows replaces the URL; a place kept from the URL stays when untouched.
    if (!placeText().trim()) Object.assign(next, { place: '', near: null });
    else if (!chosen) Object.assign(next, { place: search().place, near: search().near });
    setParams({ ...emptyParams(), ...searchToParams(next) });
    setFiltersOpen(false);
  }

  const s = () => search();
  const checked = (list: readonly string[], v: string) => list.includes(v);
  const filterCount = () => activeFilterCount(s());

  return (
    <section class="page directory">
      <div class="directory-head">
        <h1>{t('title')}</h1>
        <p class="no-print directory-tools">
          <Show when={hasRole('organiser')}>
            <A class="button" href="/services/new">
              {t('listService')}
            </A>{' '}
          </Show>
          <button type="button" class="secondary" onClick={() => window.print()}>
            {t('printList')}
          </button>{' '}
          <a
            class="button secondary"
            href={directoryApi.csvUrl(searchToApi(s()))}
            download="gapmap-directory.csv"
          >
            {t('downloadCsv')}
          </a>
        </p>
      </div>
      <form ref={form} class="filters no-print" onSubmit={submit} aria-label={t('searchForm')}>
        <div class="filter-main">
          <PlaceInput
            id="dir-place"
            label={t('near')}
            placeholder={t('nearPlaceholder')}
            text={placeText()}
            error={placeError()}
            onTextChange={(typed) => {
              setPlaceText(typed);
              setPlace(null);
            }}
            onChoose={setPlace}
          />
          <div class="field">
            <label for="dir-radius">{t('within')}</label>
            <select id="dir-radius" name="radius" value={String(s().radiusKm)}>
              <For each={RADII}>
                {(r) => (
                  <option value={String(r)}>
                    {r < 1
                      ? t('metres', { count: formatNumber(r * 1000) })
                      : t('kilometres', { count: formatNumber(r) })}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="field">
            <label for="dir-day">{t('runsOn')}</label>
            <select id="dir-day" name="day" value={s().day}>
              <option value="">{t('anyDay')}</option>
              <For each={DAYS}>
                {(_, i) => <option value={String(i() + 1)}>{weekdayName(i() + 1)}</option>}
              </For>
            </select>
          </div>
          <div class="field">
            <label for="dir-time">{t('partOfDay')}</label>
            <select id="dir-time" name="time" value={s().time} aria-describedby="dir-time-hint">
              <option value="">{t('anyTime')}</option>
              <For each={TIME_SLOTS}>
                {(slot) => <option value={slot.value}>{tServices(slot.label)}</option>}
              </For>
            </select>
            <span class="hint" id="dir-time-hint">
              {t('partOfDayHint')}
            </span>
          </div>
          <div class="filter-actions">
            <button type="submit">{t('search')}</button>
            <button
              type="button"
              class="secondary filters-toggle"
              aria-expanded={filtersOpen()}
              aria-controls="dir-more"
              onClick={() => setFiltersOpen(!filtersOpen())}
            >
              {filterCount()
                ? t('filtersCount', { count: formatNumber(filterCount()) })
                : t('filters')}
            </button>
          </div>
        </div>
        <div id="dir-more" class="filter-more" classList={{ open: filtersOpen() }}>
          <div class="field">
            <label for="dir-q">{t('words')}</label>
            <input
              id="dir-q"
              name="q"
              type="search"
              value={s().q}
              placeholder={t('wordsPlaceholder')}
            />
          </div>
          <TagPicker id="dir-tags" label={t('needs')} selected={tags()} onChange={setTags} groups />
          <div class="filter-row">
            <div class="field">
              <label for="dir-age">{t('age')}</label>
              <input
                id="dir-age"
                name="age"
                type="number"
                min="0"
                max="120"
                inputmode="numeric"
                value={s().age}
              />
            </div>
            <div class="field">
              <label for="dir-lang">{t('languageCode')}</label>
              <input
                id="dir-lang"
                name="language"
                placeholder={t('languagePlaceholder')}
                pattern="[a-z]{2,3}"
                value={s().language}
              />
            </div>
          </div>
          <fieldset>
            <legend>{t('whoFor')}</legend>
            <For each={ELIGIBILITY}>
              {([key, label]) => (
                <label class="check">
                  <input type="checkbox" name={key} checked={s().eligibility.includes(key)} />{' '}
                  {tServices(label)}
                </label>
              )}
            </For>
          </fieldset>
          <fieldset>
            <legend>{t('costFormat')}</legend>
            <For each={Object.entries(COST_LABEL)}>
              {([v, label]) => (
                <label class="check">
                  <input type="checkbox" name="cost" value={v} checked={checked(s().cost, v)} />{' '}
                  {label}
                </label>
              )}
            </For>
            <For each={Object.entries(FORMAT_LABEL)}>
              {([v, label]) => (
                <label class="check">
                  <input type="checkbox" name="format" value={v} checked={checked(s().format, v)} />{' '}
                  {label}
                </label>
              )}
            </For>
            <label class="check">
              <input type="checkbox" name="includeInactive" checked={s().includeInactive} />{' '}
              {t('includeInactive')}
            </label>
          </fieldset>
          <button type="submit">{t('applyFilters')}</button>
        </div>
      </form>
      <Show when={hasRole('link_worker')}>
        <ShortlistTray />
      </Show>
      <Show when={results.error()}>
        <p class="error" role="alert">
          {results.error()}
        </p>
      </Show>
      <p role="status" class="hint no-print results-status">
        {results.loading()
          ? t('loading')
          : s().near
            ? t('resultsNear', {
                count: `${formatNumber(results.items().length)}${results.hasMore() ? '+' : ''}`,
                radius: formatNumber(s().radiusKm),
                place: s().place || t('thePlace'),
              })
            : t('resultsAz', {
                count: `${formatNumber(results.items().length)}${results.hasMore() ? '+' : ''}`,
              })}
      </p>
      <div class="results">
        <For
          each={results.items()}
          fallback={
            <Show when={!results.loading()}>
              <p>{t('noMatch')}</p>
            </Show>
          }
        >
          {(svc) => <ServiceCard service={svc} language={s().language} />}
        </For>
      </div>
      <Show when={results.hasMore()}>
        <p class="no-print">
          <button type="button" onClick={() => void results.more()} disabled={results.loading()}>
            {t('loadMore')}
          </button>
        </p>
      </Show>
    </section>
  );
}

/** Every parameter the directory owns, unset: a new search replaces the old one whole. */
function emptyParams(): Record<string, undefined> {
  return Object.fromEntries(
    [
      'q',
      'tag',
      'place',
      'near',
      'radius',
      'day',
      'time',
      'age',
      'lang',
      'cost',
      'format',
      'for',
      'all',
    ].map((k) => [k, undefined]),
  );
}

export default function DirectoryPage() {
  return (
    <RequireRole roles="signed-in">
      <Directory />
    </RequireRole>
  );
}
