/**
 * The place names layer (on by default): area outlines and names in view. Its list twin is the
 * place search above the map; here it says what the lines are and when nothing is imported.
 */
import { createEffect, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { session } from '../../session.js';
import { KeyLine } from './KeySwatches.jsx';
import { fetchAreaShapes } from '../areaShapes.js';
import { useMapView } from '../mapContext.js';
import { createViewportLoader } from '../viewportLoader.js';
import {
  addPlaceNamesLayer,
  PLACE_NAME_STYLE,
  removePlaceNamesLayer,
  setPlaceNamesData,
} from './placeNamesLayer.js';
import messages from '../../../i18n/messages/map.js';
import { useMessages } from '../../i18n/language.js';

const t = useMessages(messages);

export default function PlaceNamesPanel() {
  const view = useMapView();
  const { map } = view;
  const shapes = createViewportLoader(
    'places',
    () => view.zoom(),
    (bbox, zoom, signal) => fetchAreaShapes(bbox, zoom, signal),
  );
  /** How many areas MapLibre has drawn after the latest load (e2e tests wait on it). */
  const [rendered, setRendered] = createSignal<number | null>(null);

  onMount(() => {
    addPlaceNamesLayer(map);
    onCleanup(() => {
      if (view.alive()) removePlaceNamesLayer(map);
    });
  });
  createEffect(
    on(shapes.data, (fc) => {
      if (!fc) return;
      setRendered(null);
      setPlaceNamesData(map, fc);
      map.once('idle', () => setRendered(fc.features.length));
    }),
  );

  return (
    <section
      class="layer-panel"
      aria-labelledby="places-heading"
      data-layer="places"
      data-state={shapes.state()}
      data-rendered={rendered() ?? undefined}
    >
      <h2 id="places-heading" class="visually-hidden">
        {t('layerPlaces')}
      </h2>
      <details class="legend">
        <summary>{t('areaNamesOutlines')}</summary>
        <ul>
          <li>
            <KeyLine stroke={PLACE_NAME_STYLE.outline} width={1.5} />
            {t('keyNeighbourhood')}
          </li>
          <li>
            <KeyLine stroke={PLACE_NAME_STYLE.outline} width={3} />
            {t('keyAuthority')}
          </li>
        </ul>
      </details>
      <Show when={shapes.state() === 'ready' && shapes.data()?.features.length === 0}>
        {/* How to fix it is for admins only; everyone else just learns there are no names here. */}
        <p class="hint">{session.latest?.role === 'admin' ? t('noAreasAdmin') : t('noAreas')}</p>
      </Show>
    </section>
  );
}
