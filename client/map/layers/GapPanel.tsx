/**
 * The gap layer: the ranked gaps for a need as hexagons, with a legend and the ranked list twin
 * (each row reads its reason; choosing one flies to and outlines its hexagon, and a click on a
 * hexagon highlights its row).
 */
import { A } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { api, ApiError, type GapItem } from '../../api.js';
import { onFeatureClick, revealRow } from '../featureClick.js';
import { useMapView } from '../mapContext.js';
import { NeedTagSelect } from '../NeedTagSelect.jsx';
import { tagName } from '../taxonomy.js';
import '../../gapcheck/gapcheck.css';
import { HexBandKey } from './HexBandKey.jsx';
import { addGapLayer, addSearchMissLayer, GAP_BANDS, GAP_LAYERS, gapCentre, gapKey, highlightGap, removeGapLayer, removeSearchMissLayer, setGapData, setSearchMissData, type SearchMissUnit } from './gapLayer.js';
import { cellToLatLng } from 'h3-js';
import { useMapFilter, useMapWindow, windowStart } from '../urlState.js';
import { FiguresTo } from '../../releases/FiguresTo.jsx';

const TOP = 50;

const MISS_WORDS = {
  heading: 'Searches that found nothing',
  hint: 'Directory searches by signed-in users for this need near a place, with no active service within the chosen distance: one per person per need per week, counted in areas about 5 km² (dashed outlines). A separate signal: never added into the flag counts above.',
  none: 'No published searches that found nothing for this need.',
  row: (tag: string, count: string) => `${tag}: ${count} searches found nothing here`,
};

export default function GapPanel() {
  const view = useMapView();
  const { map } = view;
  // The need filter is shared through the URL: every layer shows the same need, and a link restores it.
  const [tag, setTag] = useMapFilter('tag');
  const [selected, setSelected] = createSignal<string | null>(null);
  // The window is the need layer's too (one `weeks=` in the URL), so both layers describe the same weeks.
  const [weeks, setWeeks] = useMapWindow(12);
  const [publishedThrough, setPublishedThrough] = createSignal<string | null | undefined>(undefined);
  const [misses, setMisses] = createSignal<SearchMissUnit[]>([]);
  const [gaps] = createResource(() => ({ t: tag(), w: weeks() }), async ({ t, w }) => {
    view.setLoading('gaps', true);
    try {
      const answer = await api.get<{ items: GapItem[]; publishedThrough: string | null; searchMisses?: SearchMissUnit[] }>('/api/v1/gaps', { query: { by: 'cell', tag: t || undefined, from: windowStart(w), limit: TOP } });
      setPublishedThrough(answer.publishedThrough);
      setMisses(answer.searchMisses ?? []);
      return answer.items;
    } finally {
      view.setLoading('gaps', false);
    }
  });

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
    <section class="layer-panel" aria-labelledby="gaps-heading" data-layer="gaps" data-state={gaps.loading ? 'loading' : gaps.error ? 'error' : 'ready'}>
      <h2 id="gaps-heading">Gaps</h2>
      <FiguresTo publishedThrough={publishedThrough()} />
      <NeedTagSelect id="gaps-tag" label="Need" value={tag()} onChange={setTag} />
      <div class="field">
        <label for="gaps-window">Flags from</label>
        <select id="gaps-window" value={String(weeks())} onChange={(e) => setWeeks(Number(e.currentTarget.value))}>
          <For each={[4, 12, 26]}>{(w) => <option value={String(w)}>The last {w} weeks</option>}</For>
        </select>
      </div>
      <Show when={gaps.error as unknown}>
        {(e) => (
          <p class="error" role="alert">
            <Show when={e() instanceof ApiError && (e() as ApiError).status === 401} fallback="The gaps could not be loaded.">
              <A href="/sign-in">Sign in</A> to see the gaps.
            </Show>
          </p>
        )}
      </Show>
      <details class="legend" open>
        <summary>Key</summary>
        <HexBandKey bands={GAP_BANDS} stroke="#5b1a12" fillOpacity="0.7" />
        <p class="hint">
          A gap is demand (suppressed flag counts over the last 12 weeks) left after sharing out the places of services
          within about 1 km. Funders see larger hexagons. The ranked list below says the same in words.
        </p>
      </details>
      <Show when={(gaps.latest ?? []).length > 0} fallback={<p class="hint">{gaps.loading ? 'Loading gaps…' : 'No recorded demand for this need yet.'}</p>}>
        <ol class="gap-list">
          <For each={gaps.latest ?? []}>
            {(g) => (
              <li id={`gap-row-${gapKey(g)}`} classList={{ selected: selected() === gapKey(g) }}>
                <button type="button" class="link-button" aria-pressed={selected() === gapKey(g)} onClick={() => choose(g)}>
                  {tagName(g.tag)} — {g.place}
                </button>
                <span class="hint"> {g.score === null ? 'too few flags to score' : `score ${g.score}`}, demand {g.demand.display}, places in reach {g.supply}</span>
                <p class="hint">{g.reason}</p>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <section class="search-misses" aria-labelledby="search-misses-heading">
        <h3 id="search-misses-heading">{MISS_WORDS.heading}</h3>
        <p class="hint">{MISS_WORDS.hint}</p>
        <Show when={misses().length} fallback={<p class="hint">{MISS_WORDS.none}</p>}>
          <ol class="gap-list">
            <For each={misses()}>
              {(u) => (
                <li>
                  <button type="button" class="link-button" onClick={() => showMiss(u)}>{MISS_WORDS.row(tagName(u.tag), u.count.display)}</button>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>
    </section>
  );
}
