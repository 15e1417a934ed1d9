/**
 * Area boundaries and the area panel: choose a kind of area, see the boundaries in view, and
 * click one (or choose it from the list) to read its summary — suppressed need counts, active
 * services and its top gaps (GET /api/v1/areas/{id}/summary).
 */
import { FiguresTo } from '../../releases/FiguresTo.jsx';
import { createEffect, createResource, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import { api, type GapItem, type SuppressedCount } from '../../api.js';
import { onFeatureClick } from '../featureClick.js';
import { useMapView } from '../mapContext.js';
import { tagName } from '../taxonomy.js';
import { bboxParam, createViewportLoader } from '../viewportLoader.js';
import '../../gapcheck/gapcheck.css';
import { addAreaLayer, AREA_LAYERS, AREA_STYLE, highlightArea, removeAreaLayer, setAreaData, type AreaShapes } from './areaLayer.js';

const KINDS = [
  { value: 'neighbourhood', label: 'Neighbourhoods' },
  { value: 'ward', label: 'Wards' },
  { value: 'msoa', label: 'MSOAs' },
  { value: 'lsoa', label: 'LSOAs' },
  { value: 'lad', label: 'Local authorities' },
] as const;

interface AreaSummary {
  area: { id: string; code: string; name: string; kind: string };
  needs: Record<string, SuppressedCount>;
  services: number;
  gaps: GapItem[];
  publishedThrough: string | null;
}

export default function AreaPanel() {
  const view = useMapView();
  const { map } = view;
  const [kind, setKind] = createSignal<string>('neighbourhood');
  const [selected, setSelected] = createSignal<string | null>(null);
  const shapes = createViewportLoader('areas', kind, (bbox, k, signal) =>
    api.get<AreaShapes>('/api/v1/areas.geojson', { query: { kind: k, bbox: bboxParam(bbox) }, signal }),
  );
  const [summary] = createResource(selected, (id) => api.get<AreaSummary>(`/api/v1/areas/${id}/summary`));

  onMount(() => {
    addAreaLayer(map);
    const stopClicks = onFeatureClick(map, AREA_LAYERS.fill, 'id', setSelected);
    onCleanup(() => {
      if (!view.alive()) return;
      stopClicks();
      removeAreaLayer(map);
    });
  });
  createEffect(on(shapes.data, (fc) => fc && setAreaData(map, fc)));
  createEffect(() => highlightArea(map, selected()));

  const needs = () => Object.entries(summary.latest?.needs ?? {}).sort(([, a], [, b]) => (b.value ?? 0) - (a.value ?? 0));

  return (
    <section class="layer-panel" aria-labelledby="areas-heading" data-layer="areas" data-state={shapes.state()}>
      <h2 id="areas-heading">Areas</h2>
      <div class="field">
        <label for="areas-kind">Boundaries</label>
        <select id="areas-kind" value={kind()} onChange={(e) => { setKind(e.currentTarget.value); setSelected(null); }}>
          <For each={KINDS}>{(k) => <option value={k.value}>{k.label}</option>}</For>
        </select>
      </div>
      <details class="legend">
        <summary>Key</summary>
        <ul>
          <li>
            <svg aria-hidden="true" width="24" height="24"><path d="M3 12h18" stroke={AREA_STYLE.outline} stroke-width="2" stroke-dasharray="4 3" /></svg>
            Area boundary (dashed)
          </li>
          <li>
            <svg aria-hidden="true" width="24" height="24"><path d="M3 12h18" stroke={AREA_STYLE.selected} stroke-width="4" /></svg>
            The area you chose (thick line)
          </li>
        </ul>
      </details>
      <Show when={shapes.error()}>{(problem) => <p class="error" role="alert">{problem().message}</p>}</Show>
      <Show when={selected()}>
        <div class="area-summary" aria-live="polite">
          <Show when={summary.latest} fallback={<p class="hint">Loading the area…</p>}>
            {(s) => (
              <>
                <h3>{s().area.name}</h3>
                <FiguresTo publishedThrough={s().publishedThrough} />
                <p>
                  {s().services} active service{s().services === 1 ? '' : 's'} in this area. Needs flagged in the last 12 weeks
                  (counts under 8 show as “&lt;8”, others are rounded to 5):
                </p>
                <Show when={needs().length} fallback={<p class="hint">No needs flagged here in this window.</p>}>
                  <table class="compact">
                    <thead><tr><th scope="col">Need</th><th scope="col">Flags</th></tr></thead>
                    <tbody>
                      <For each={needs().slice(0, 12)}>{([slug, count]) => <tr><td>{tagName(slug)}</td><td>{count.display}</td></tr>}</For>
                    </tbody>
                  </table>
                </Show>
                <Show when={s().gaps.length}>
                  <h4>Top gaps</h4>
                  <ul>
                    <For each={s().gaps.slice(0, 5)}>{(g) => <li>{g.reason}</li>}</For>
                  </ul>
                </Show>
                <button type="button" onClick={() => setSelected(null)}>Close the area summary</button>
              </>
            )}
          </Show>
        </div>
      </Show>
      <h3 class="list-heading">Areas in view</h3>
      <ul class="area-list">
        <For each={[...(shapes.data()?.features ?? [])].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en-GB'))}>
          {(f) => (
            <li>
              <button type="button" class="link-button" aria-pressed={selected() === f.properties.id} onClick={() => setSelected(f.properties.id)}>
                {f.properties.name}
              </button>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
