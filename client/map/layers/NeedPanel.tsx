/**
 * The need layer: where Link Workers flagged needs they could not meet, as hexagons with
 * suppressed counts, filtered by need and time window. The legend explains the bands and the
 * list twin names every hexagon in view with its count and top needs; choosing a row flies to
 * and outlines its hexagon, and a click on a hexagon selects its row.
 */
import { A } from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
} from 'solid-js';
import messages from '../../../i18n/messages/mapLayers.js';
import { api } from '../../api.js';
import { useMessages } from '../../i18n/language.js';
import { formatNumber } from '../../ui/wording.js';
import { appConfig } from '../../appConfig.js';
import { session } from '../../session.js';
import { onFeatureClick, revealRow } from '../featureClick.js';
import { areaNameAt, fetchAreaShapes } from '../areaShapes.js';
import { useMapView } from '../mapContext.js';
import { NeedTagSelect } from '../NeedTagSelect.jsx';
import { tagName } from '../taxonomy.js';
import { bboxParam, createViewportLoader } from '../viewportLoader.js';
import { HexBandKey } from './HexBandKey.jsx';
import './needs.css';
import { FiguresTo } from '../../releases/FiguresTo.jsx';
import {
  addNeedLayer,
  cellCentre,
  highlightNeed,
  NEED_LAYERS,
  needBands,
  removeNeedLayer,
  setNeedData,
  type NeedMap,
} from './needLayer.js';
import { useMapFilter, useMapWindow } from '../urlState.js';
import { BARRIERS } from '../../barriers.js';
import { oneOf } from '../filterQuery.js';
import { around } from '../../ui/around.jsx';

const t = useMessages(messages);

const WINDOWS = [
  {
    weeks: 4,
    get label() {
      return t('window4');
    },
  },
  {
    weeks: 12,
    get label() {
      return t('window12');
    },
  },
  {
    weeks: 26,
    get label() {
      return t('window26');
    },
  },
] as const;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Hexagon size by zoom; funders never get the finest (the API would refuse it). */
export function resolutionFor(zoom: number, role: string | undefined): 6 | 7 | 8 {
  const res = zoom >= 12 ? 8 : zoom >= 10 ? 7 : 6;
  return role === 'funder' ? (Math.min(res, 7) as 6 | 7) : res;
}

export default function NeedPanel() {
  const view = useMapView();
  const { map } = view;
  const threshold = () => appConfig.latest?.suppressionThreshold ?? 8;
  // Need and window live in the URL, shared with the other layers and restored from a link.
  const [tag, setTag] = useMapFilter('tag');
  const [weeks, setWeeks] = useMapWindow(12);
  const [raw, setRaw] = createSignal(false);
  const [selected, setSelected] = createSignal<string | null>(null);
  const isAdmin = () => session.latest?.role === 'admin';
  // The barrier is in the URL too (`barrier=`): only flags that recorded it are counted.
  const [barrier, setBarrier] = useMapFilter('barrier');
  const params = createMemo(() => ({
    tag: tag(),
    barrier: oneOf(barrier(), BARRIERS),
    weeks: weeks(),
    raw: raw() && isAdmin(),
    res: resolutionFor(view.zoom(), session.latest?.role),
  }));
  const needs = createViewportLoader('needs', params, (bbox, p, signal) => {
    const now = new Date();
    return api.get<NeedMap>('/api/v1/map/needs', {
      query: {
        bbox: bboxParam(bbox),
        res: p.res,
        tag: p.tag || undefined,
        barrier: p.barrier || undefined,
        from: isoDay(new Date(now.getTime() - (p.weeks - 1) * 7 * 86_400_000)),
        to: isoDay(now),
        raw: p.raw ? 1 : undefined,
      },
      signal,
    });
  });

  // Each row names the area its hexagon lies in (the same boundaries the place names layer draws).
  const areas = createViewportLoader(
    'needs-areas',
    () => view.zoom(),
    (bbox, zoom, signal) => fetchAreaShapes(bbox, zoom, signal),
  );
  const placeOf = (cell: string) => {
    const [lng, lat] = cellCentre(cell);
    return areaNameAt(areas.data(), lng, lat);
  };

  onMount(() => {
    addNeedLayer(map, threshold());
    const stopClicks = onFeatureClick(map, NEED_LAYERS.fill, 'cell', (cell) => {
      setSelected(cell);
      revealRow(document.getElementById(`need-row-${cell}`));
    });
    onCleanup(() => {
      if (!view.alive()) return;
      stopClicks();
      removeNeedLayer(map);
    });
  });

  // New data → the source; once MapLibre has drawn it (it tiles in a worker), say how many hexagons are on the map.
  const [rendered, setRendered] = createSignal<number | null>(null);
  createEffect(
    on(needs.data, (data) => {
      if (!data) return;
      setRendered(null);
      setNeedData(map, data, threshold());
      map.once('idle', () => setRendered(data.features.length));
    }),
  );
  createEffect(() => highlightNeed(map, selected()));

  const rows = () =>
    [...(needs.data()?.features ?? [])].sort(
      (a, b) => (b.properties.count.value ?? 0) - (a.properties.count.value ?? 0),
    );
  const topTags = (tags: Record<string, { value: number | null; display: string }>) =>
    Object.entries(tags)
      .sort(([, a], [, b]) => (b.value ?? 0) - (a.value ?? 0))
      .slice(0, 3);
  const choose = (cell: string) => {
    setSelected(cell);
    map.flyTo({ center: cellCentre(cell), zoom: Math.max(map.getZoom(), 13.5) });
  };

  return (
    <section
      class="layer-panel"
      aria-labelledby="needs-heading"
      data-layer="needs"
      data-state={needs.state()}
      data-rendered={rendered() ?? undefined}
    >
      <h2 id="needs-heading">{t('needsHeading')}</h2>
      <FiguresTo publishedThrough={needs.data()?.publishedThrough} />
      <NeedTagSelect id="needs-tag" label={t('needLabel')} value={tag()} onChange={setTag} />
      <div class="field">
        <label for="needs-barrier">{t('barrierRecorded')}</label>
        <select
          id="needs-barrier"
          value={oneOf(barrier(), BARRIERS)}
          onChange={(e) => setBarrier(e.currentTarget.value)}
        >
          <option value="">{t('anyOrNone')}</option>
          <For each={BARRIERS}>{(b) => <option value={b.value}>{b.label}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="needs-window">{t('timeWindow')}</label>
        <select
          id="needs-window"
          value={String(weeks())}
          onChange={(e) => setWeeks(Number(e.currentTarget.value))}
        >
          <For each={WINDOWS}>{(w) => <option value={String(w.weeks)}>{w.label}</option>}</For>
        </select>
      </div>
      <Show when={isAdmin()}>
        <label class="check">
          <input
            type="checkbox"
            checked={raw()}
            onChange={(e) => setRaw(e.currentTarget.checked)}
          />{' '}
          {t('exactCounts')}
        </label>
      </Show>
      <Show when={needs.error()}>
        {(e) => (
          <p class="error" role="alert">
            <Show
              when={e().status === 401}
              fallback={e().status === 422 ? t('zoomIn') : e().message}
            >
              {around(t('signInForNeeds'), 'link', <A href="/sign-in">{t('signIn')}</A>)}
            </Show>
          </p>
        )}
      </Show>
      <details class="legend" open>
        <summary>{t('key')}</summary>
        <HexBandKey bands={needBands(threshold())} stroke="#49006a" />
        <p class="hint">
          {t(session.latest?.role === 'funder' ? 'needHintFunder' : 'needHint', {
            threshold: formatNumber(threshold()),
          })}
        </p>
      </details>
      <p class="list-count" aria-live="polite">
        {needs.state() === 'loading'
          ? t('loadingNeeds')
          : t(rows().length === 1 ? 'hexagonsOne' : 'hexagonsMany', {
              count: formatNumber(rows().length),
            })}
      </p>
      <ul class="need-list">
        <For each={rows()}>
          {(f) => (
            <li
              id={`need-row-${f.properties.cell}`}
              classList={{ selected: selected() === f.properties.cell }}
            >
              <button
                type="button"
                aria-pressed={selected() === f.properties.cell}
                onClick={() => choose(f.properties.cell)}
              >
                <span class="need-total">
                  {t('flagsCount', { count: f.properties.count.display })}{' '}
                  <span class="need-place">
                    {placeOf(f.properties.cell)
                      ? t('inPlace', { place: placeOf(f.properties.cell)! })
                      : t('outsideAreas')}
                  </span>
                </span>
                <span class="hint">
                  {topTags(f.properties.tags)
                    .map(([slug, c]) => `${tagName(slug)} ${c.display}`)
                    .join(' · ')}
                </span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
