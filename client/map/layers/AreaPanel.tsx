/**
 * Area boundaries and the area panel: choose a kind of area, see the boundaries in view, and
 * click one (or choose it from the list) to read its summary — suppressed need counts, active
 * services and its top gaps (GET /api/v1/areas/{id}/summary).
 */
import { FiguresTo } from '../../releases/FiguresTo.jsx';
import { KeyLine } from './KeySwatches.jsx';
import {
  createEffect,
  createResource,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
} from 'solid-js';
import messages from '../../../i18n/messages/mapLayers.js';
import { api } from '../../api.js';
import type { AreaSummary } from '../../../server/areas/schemas.js';
import { labelsIn, locale, useMessages } from '../../i18n/language.js';
import { formatNumber } from '../../ui/wording.js';
import { onFeatureClick } from '../featureClick.js';
import { useMapView } from '../mapContext.js';
import { tagName } from '../taxonomy.js';
import { bboxParam, createViewportLoader } from '../viewportLoader.js';
import '../../gapcheck/gapcheck.css';
import {
  addAreaLayer,
  AREA_LAYERS,
  AREA_STYLE,
  highlightArea,
  removeAreaLayer,
  setAreaData,
  type AreaShapes,
} from './areaLayer.js';

const t = useMessages(messages);

/** The kinds of boundary offered, in this order, with their plural words. */
const KIND_LABELS = labelsIn(messages, {
  neighbourhood: 'kindNeighbourhoods',
  ward: 'kindWards',
  msoa: 'kindMsoas',
  lsoa: 'kindLsoas',
  lad: 'kindLads',
});
const KINDS = Object.keys(KIND_LABELS) as (keyof typeof KIND_LABELS)[];

export default function AreaPanel() {
  const view = useMapView();
  const { map } = view;
  const [kind, setKind] = createSignal<string>('neighbourhood');
  const [selected, setSelected] = createSignal<string | null>(null);
  const shapes = createViewportLoader('areas', kind, (bbox, k, signal) =>
    api.get<AreaShapes>('/api/v1/areas.geojson', {
      query: { kind: k, bbox: bboxParam(bbox) },
      signal,
    }),
  );
  const [summary] = createResource(selected, (id) =>
    api.get<AreaSummary>(`/api/v1/areas/${id}/summary`),
  );

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

  const needs = () =>
    Object.entries(summary.latest?.needs ?? {}).sort(
      ([, a], [, b]) => (b.value ?? 0) - (a.value ?? 0),
    );

  return (
    <section
      class="layer-panel"
      aria-labelledby="areas-heading"
      data-layer="areas"
      data-state={shapes.state()}
    >
      <h2 id="areas-heading">{t('areasHeading')}</h2>
      <div class="field">
        <label for="areas-kind">{t('boundaries')}</label>
        <select
          id="areas-kind"
          value={kind()}
          onChange={(e) => {
            setKind(e.currentTarget.value);
            setSelected(null);
          }}
        >
          <For each={KINDS}>{(k) => <option value={k}>{KIND_LABELS[k]}</option>}</For>
        </select>
      </div>
      <details class="legend">
        <summary>{t('key')}</summary>
        <ul>
          <li>
            <KeyLine stroke={AREA_STYLE.outline} width={2} dash="4 3" />
            {t('areaBoundary')}
          </li>
          <li>
            <KeyLine stroke={AREA_STYLE.selected} width={4} />
            {t('areaChosen')}
          </li>
        </ul>
      </details>
      <Show when={shapes.error()}>
        {(problem) => (
          <p class="error" role="alert">
            {problem().message}
          </p>
        )}
      </Show>
      <Show when={selected()}>
        <div class="area-summary" aria-live="polite">
          <Show when={summary.latest} fallback={<p class="hint">{t('loadingArea')}</p>}>
            {(s) => (
              <>
                <h3>{s().area.name}</h3>
                <FiguresTo publishedThrough={s().publishedThrough} />
                <p>
                  {t(s().services === 1 ? 'areaSummaryOne' : 'areaSummaryMany', {
                    count: formatNumber(s().services),
                  })}
                </p>
                <Show when={needs().length} fallback={<p class="hint">{t('noNeedsHere')}</p>}>
                  <table class="compact">
                    <thead>
                      <tr>
                        <th scope="col">{t('colNeed')}</th>
                        <th scope="col">{t('colFlags')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={needs().slice(0, 12)}>
                        {([slug, count]) => (
                          <tr>
                            <td>{tagName(slug)}</td>
                            <td>{count.display}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Show>
                <Show when={s().gaps.length}>
                  <h4>{t('topGaps')}</h4>
                  <ul>
                    <For each={s().gaps.slice(0, 5)}>{(g) => <li>{g.reason}</li>}</For>
                  </ul>
                </Show>
                <button type="button" onClick={() => setSelected(null)}>
                  {t('closeSummary')}
                </button>
              </>
            )}
          </Show>
        </div>
      </Show>
      <h3 class="list-heading">{t('areasInView')}</h3>
      <ul class="area-list">
        <For
          each={[...(shapes.data()?.features ?? [])].sort((a, b) =>
            a.properties.name.localeCompare(b.properties.name, locale()),
          )}
        >
          {(f) => (
            <li>
              <button
                type="button"
                class="link-button"
                aria-pressed={selected() === f.properties.id}
                onClick={() => setSelected(f.properties.id)}
              >
                {f.properties.name}
              </button>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
