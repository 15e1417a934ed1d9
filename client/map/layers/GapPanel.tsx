/**
 * The gap layer: the ranked gaps for a need as hexagons, with a legend and the ranked list twin
 * (each row reads its reason; choosing one flies to and outlines its hexagon, and a click on a
 * hexagon highlights its row).
 */
import { A } from '@solidjs/router';
import {
  createEffect,
  createResource,
  createSignal,
  For,
  onCleanup,
  onMount,
  Show,
} from 'solid-js';
import messages from '../../../i18n/messages/mapLayers.js';
import { api, ApiError, type GapItem } from '../../api.js';
import { useMessages } from '../../i18n/language.js';
import { formatNumber } from '../../ui/wording.js';
import { onFeatureClick, revealRow } from '../featureClick.js';
import { useMapView } from '../mapContext.js';
import { NeedTagSelect } from '../NeedTagSelect.jsx';
import { tagName } from '../taxonomy.js';
import '../../gapcheck/gapcheck.css';
import { HexBandKey } from './HexBandKey.jsx';
import {
  addGapLayer,
  addSearchMissLayer,
  GAP_BANDS,
  GAP_LAYERS,
  gapCentre,
  gapKey,
  highlightGap,
  removeGapLayer,
  removeSearchMissLayer,
  setGapData,
  setSearchMissData,
  type SearchMissUnit,
} from './gapLayer.js';
import { cellToLatLng } from 'h3-js';
import { useMapFilter, useMapWindow, windowStart } from '../urlState.js';
import { FiguresTo } from '../../releases/FiguresTo.jsx';
import { around } from '../../ui/around.jsx';

const TOP = 50;

const t = useMessages(messages);

export default function GapPanel() {
  const view = useMapView();
  const { map } = view;
  // The need filter is shared through the URL: every layer shows the same need, and a link restores it.
  const [tag, setTag] = useMapFilter('tag');
  const [selected, setSelected] = createSignal<string | null>(null);
  // The window is the need layer's too (one `weeks=` in the URL), so both layers describe the same weeks.
  const [weeks, setWeeks] = useMapWindow(12);
  const [publishedThrough, setPublishedThrough] = createSignal<string | null | undefined>(
    undefined,
  );
  const [misses, setMisses] = createSignal<SearchMissUnit[]>([]);
  const [gaps] = createResource(
    () => ({ need: tag(), w: weeks() }),
    async ({ need, w }) => {
      view.setLoading('gaps', true);
      try {
        const answer = await api.get<{
          items: GapItem[];
          publishedThrough: string | null;
          searchMisses?: SearchMissUnit[];
        }>('/api/v1/gaps', {
          query: { by: 'cell', tag: need || undefined, from: windowStart(w), limit: TOP },
        });
        setPublishedThrough(answer.publishedThrough);
        setMisses(answer.searchMisses ?? []);
        return answer.items;
      } finally {
        view.setLoading('gaps', false);
      }
    },
  );

  onMount(() => {
    addGapLayer(map);
    addSearchMissLayer(map);
    const stopClicks = onFeatureClick(map, GAP_LAYERS.fill, 'key', (key) => {
      setSelected(key);
      revealRow(document.getElementById(`gap-row-${key}`));
    });
    onCleanup(() => {
      if (!view.alive()) return;
      stopClicks();
      removeSearchMissLayer(map);
      removeGapLayer(map);
    });
  });

  createEffect(() => {
    const items = gaps.latest;
    if (items) setGapData(map, items);
  });
  createEffect(() => setSearchMissData(map, misses()));
  createEffect(() => highlightGap(map, selected()));
  const showMiss = (u: SearchMissUnit) => {
    const [lat, lng] = cellToLatLng(u.cell);
    map.flyTo({ center: [lng, lat], zoom: Math.max(map.getZoom(), 12) });
  };

  const choose = (g: GapItem) => {
    setSelected(gapKey(g));
    const centre = gapCentre(g);
    if (centre) map.flyTo({ center: centre, zoom: Math.max(map.getZoom(), 13.5) });
  };

  return (
    <section
      class="layer-panel"
      aria-labelledby="gaps-heading"
      data-layer="gaps"
      data-state={gaps.loading ? 'loading' : gaps.error ? 'error' : 'ready'}
    >
      <h2 id="gaps-heading">{t('gapsHeading')}</h2>
      <FiguresTo publishedThrough={publishedThrough()} />
      <NeedTagSelect id="gaps-tag" label={t('needLabel')} value={tag()} onChange={setTag} />
      <div class="field">
        <label for="gaps-window">{t('flagsFrom')}</label>
        <select
          id="gaps-window"
          value={String(weeks())}
          onChange={(e) => setWeeks(Number(e.currentTarget.value))}
        >
          <For each={[4, 12, 26]}>
            {(w) => (
              <option value={String(w)}>{t('theLastWeeks', { count: formatNumber(w) })}</option>
            )}
          </For>
        </select>
      </div>
      <Show when={gaps.error as unknown}>
        {(e) => (
          <p class="error" role="alert">
            <Show
              when={e() instanceof ApiError && (e() as ApiError).status === 401}
              fallback={t('gapsLoadFailed')}
            >
              {around(t('signInForGaps'), 'link', <A href="/sign-in">{t('signIn')}</A>)}
            </Show>
          </p>
        )}
      </Show>
      <details class="legend" open>
        <summary>{t('key')}</summary>
        <HexBandKey bands={GAP_BANDS} stroke="#5b1a12" fillOpacity="0.7" />
        <p class="hint">{t('gapHint')}</p>
      </details>
      <Show
        when={(gaps.latest ?? []).length > 0}
        fallback={<p class="hint">{gaps.loading ? t('loadingGaps') : t('noDemand')}</p>}
      >
        <ol class="gap-list">
          <For each={gaps.latest ?? []}>
            {(g) => (
              <li id={`gap-row-${gapKey(g)}`} classList={{ selected: selected() === gapKey(g) }}>
                <button
                  type="button"
                  class="link-button"
                  aria-pressed={selected() === gapKey(g)}
                  onClick={() => choose(g)}
                >
                  {tagName(g.tag)} — {g.place}
                </button>
                <span class="hint">
                  {' '}
                  {t('gapFigures', {
                    score:
                      g.score === null
                        ? t('tooFewToScore')
                        : t('score', { score: formatNumber(g.score) }),
                    demand: g.demand.display,
                    supply: formatNumber(g.supply),
                  })}
                </span>
                <p class="hint">{g.reason}</p>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <section class="search-misses" aria-labelledby="search-misses-heading">
        <h3 id="search-misses-heading">{t('missHeading')}</h3>
        <p class="hint">{t('missHint')}</p>
        <Show when={misses().length} fallback={<p class="hint">{t('missNone')}</p>}>
          <ol class="gap-list">
            <For each={misses()}>
              {(u) => (
                <li>
                  <button type="button" class="link-button" onClick={() => showMiss(u)}>
                    {t('missRow', { tag: tagName(u.tag), count: u.count.display })}
                  </button>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>
    </section>
  );
}
