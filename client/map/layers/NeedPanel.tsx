/**
 * The need layer: where Link Workers flagged needs they could not meet, as hexagons with
 * suppressed counts, filtered by need and time window. The legend explains the bands and the
 * list twin names every hexagon in view with its count and top needs; choosing a row flies to
 * and outlines its hexagon, and a click on a hexagon selects its row.
 */
import { A } from '@solidjs/router';
import type { Marker } from 'maplibre-gl';
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import { api } from '../../api.js';
import { appConfig } from '../../appConfig.js';
import { session } from '../../session.js';
import { onFeatureClick } from '../featureClick.js';
import { useMapView } from '../mapContext.js';
import { NeedTagSelect } from '../NeedTagSelect.jsx';
import { tagName } from '../taxonomy.js';
import { bboxParam, createViewportLoader } from '../viewportLoader.js';
import { HexBandKey } from './HexBandKey.jsx';
import './needs.css';
import { FiguresTo } from '../../releases/FiguresTo.jsx';
import { addNeedLayer, cellCentre, highlightNeed, NEED_LAYERS, needBands, placeNeedLabels, removeNeedLayer, setNeedData, type NeedMap } from './needLayer.js';
import { useMapFilter, useMapWindow } from '../urlState.js';
import { BARRIERS } from '../../barriers.js';
import { oneOf } from '../filterQuery.js';

const WINDOWS = [
  { weeks: 4, label: 'Last 4 weeks' },
  { weeks: 12, label: 'Last 12 weeks' },
  { weeks: 26, label: 'Last 26 weeks' },
] as const;
/** Labels on more hexagons than this would bury the map; the list still has them all. */
const MAX_LABELS = 150;

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
  const params = createMemo(() => ({ tag: tag(), barrier: oneOf(barrier(), BARRIERS), weeks: weeks(), raw: raw() && isAdmin(), res: resolutionFor(view.zoom(), session.latest?.role) }));
  const needs = createViewportLoader('needs', params, (bbox, p, signal) => {
    const now = new Date();
    return api.get<NeedMap>('/api/v1/map/needs', {
      query: { bbox: bboxParam(bbox), res: p.res, tag: p.tag || undefined, barrier: p.barrier || undefined, from: isoDay(new Date(now.getTime() - (p.weeks - 1) * 7 * 86_400_000)), to: isoDay(now), raw: p.raw ? 1 : undefined },
      signal,
    });
  });
  let labels: Marker[] = [];

  onMount(() => {
    addNeedLayer(map, threshold());
    const stopClicks = onFeatureClick(map, NEED_LAYERS.fill, 'cell', (cell) => {
      setSelected(cell);
      document.getElementById(`need-row-${cell}`)?.scrollIntoView({ block: 'nearest' });
    });
    onCleanup(() => {
      for (const m of labels) m.remove();
      if (!view.alive()) return;
      stopClicks();
      removeNeedLayer(map);
    });
  });

  // New data → the source; once MapLibre has drawn it (it tiles in a worker), say how many hexagons are on the map.
  const [rendered, setRendered] = createSignal<number | null>(null);
  createEffect(on(needs.data, (data) => {
    if (!data) return;
    setRendered(null);
    setNeedData(map, data, threshold());
    map.once('idle', () => setRendered(data.features.length));
    labels = placeNeedLabels(map, data.features.length <= MAX_LABELS ? data.features : [], labels);
  }));
  createEffect(() => highlightNeed(map, selected()));

  const rows = () =>
    [...(needs.data()?.features ?? [])].sort((a, b) => (b.properties.count.value ?? 0) - (a.properties.count.value ?? 0));
  const topTags = (tags: Record<string, { value: number | null; display: string }>) =>
    Object.entries(tags).sort(([, a], [, b]) => (b.value ?? 0) - (a.value ?? 0)).slice(0, 3);
  const choose = (cell: string) => {
    setSelected(cell);
    map.flyTo({ center: cellCentre(cell), zoom: Math.max(map.getZoom(), 13.5) });
  };

  return (
    <section class="layer-panel" aria-labelledby="needs-heading" data-layer="needs" data-state={needs.state()} data-rendered={rendered() ?? undefined}>
      <h2 id="needs-heading">Unmet needs</h2>
      <FiguresTo publishedThrough={needs.data()?.publishedThrough} />
      <NeedTagSelect id="needs-tag" label="Need" value={tag()} onChange={setTag} />
      <div class="field">
        <label for="needs-barrier">Barrier recorded</label>
        <select id="needs-barrier" value={oneOf(barrier(), BARRIERS)} onChange={(e) => setBarrier(e.currentTarget.value)}>
          <option value="">Any or none</option>
          <For each={BARRIERS}>{(b) => <option value={b.value}>{b.label}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="needs-window">Time window</label>
        <select id="needs-window" value={String(weeks())} onChange={(e) => setWeeks(Number(e.currentTarget.value))}>
          <For each={WINDOWS}>{(w) => <option value={String(w.weeks)}>{w.label}</option>}</For>
        </select>
      </div>
      <Show when={isAdmin()}>
        <label class="check">
          <input type="checkbox" checked={raw()} onChange={(e) => setRaw(e.currentTarget.checked)} /> Exact counts (admin only; never share)
        </label>
      </Show>
      <Show when={needs.error()}>
        {(e) => (
          <p class="error" role="alert">
            <Show when={e().status === 401} fallback={e().status === 422 ? 'Zoom in to see needs here.' : e().message}>
              <A href="/sign-in">Sign in</A> to see needs.
            </Show>
          </p>
        )}
      </Show>
      <details class="legend" open>
        <summary>Key</summary>
        <HexBandKey bands={needBands(threshold())} stroke="#49006a" />
        <p class="hint">
          Each hexagon shows how many needs Link Workers flagged there and could not meet. Small numbers are shown
          as "&lt;{threshold()}" and others are rounded to 5 with a little fixed noise, so no person or Link Worker can be
          picked out. Hexagons get larger as you zoom out{session.latest?.role === 'funder' ? ' and are never the smallest size for funders' : ''}.
        </p>
      </details>
      <p class="list-count" aria-live="polite">
        {needs.state() === 'loading' ? 'Loading needs in view…' : `${rows().length} hexagon${rows().length === 1 ? '' : 's'} with flagged needs in view`}
      </p>
      <ul class="need-list">
        <For each={rows()}>
          {(f) => (
            <li id={`need-row-${f.properties.cell}`} classList={{ selected: selected() === f.properties.cell }}>
              <button type="button" aria-pressed={selected() === f.properties.cell} onClick={() => choose(f.properties.cell)}>
                <span class="need-total">{f.properties.count.display} flags</span>
                <span class="hint">{topTags(f.properties.tags).map(([slug, c]) => `${tagName(slug)} ${c.display}`).join(' · ')}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
