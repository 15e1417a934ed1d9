/**
 * The provision layer as a whole: loads service points for the viewport, feeds the clustered
 * source, shows a card for the chosen point and renders the layer's legend and list twin.
 * Selection works both ways: a row flies to and rings its point; a point highlights its row.
 */
import { A } from '@solidjs/router';
import { Popup, type MapLayerMouseEvent } from 'maplibre-gl';
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
import { api } from '../../api.js';
import { hasRole } from '../../session.js';
import { useMapView } from '../mapContext.js';
import { NeedTagSelect } from '../NeedTagSelect.jsx';
import { taxonomy } from '../taxonomy.js';
import { bboxParam, createViewportLoader } from '../viewportLoader.js';
import { serviceCard } from './provisionCard.js';
import {
  addProvisionLayer,
  expandCluster,
  highlightProvisionPoint,
  pointKey,
  PROVISION_LAYERS,
  removeProvisionLayer,
  SELECTION_ZOOM,
  setProvisionData,
  type ServicePoint,
  type ServicePoints,
} from './provisionLayer.js';
import { groupsInView, withGroups } from './provisionGroups.js';
import { ProvisionLegend } from './ProvisionLegend.jsx';
import { ProvisionList } from './ProvisionList.jsx';
import { useMapFilter } from '../urlState.js';
import { ANSWERS, DAYS, oneOf, parseDay, provisionQuery, TIME_SLOTS } from '../filterQuery.js';
import messages from '../../../i18n/messages/map.js';
import services from '../../../i18n/messages/services.js';
import { locale, useMessages } from '../../i18n/language.js';
import { weekdayName } from '../../ui/wording.js';

const t = useMessages(messages);
const tServices = useMessages(services);

export default function ProvisionPanel() {
  const view = useMapView();
  const { map } = view;
  // The need filter is shared through the URL: every layer shows the same need, and a link restores it.
  const [tag, setTag] = useMapFilter('tag');
  const [selected, setSelected] = createSignal<string | null>(null);
  /** How many points the map has drawn after the latest load: e2e tests and the status line wait on it. */
  const [rendered, setRendered] = createSignal<number | null>(null);

  // Day, part of the day and "answers a barrier" are in the URL too, so a filtered view can be shared.
  const [day, setDay] = useMapFilter('day');
  const [time, setTime] = useMapFilter('time');
  const [answers, setAnswers] = useMapFilter('answers');
  const params = createMemo(() => ({
    tag: tag(),
    ...provisionQuery({ day: day(), time: time(), answers: answers() }),
  }));
  const points = createViewportLoader('provision', params, (bbox, p, signal) =>
    api.get<ServicePoints>('/api/v1/services.geojson', {
      query: { bbox: bboxParam(bbox), ...p },
      signal,
    }),
  );
  const byKey = createMemo(
    () => new Map((points.data()?.features ?? []).map((f) => [pointKey(f.properties), f] as const)),
  );
  const sortedKeys = createMemo(() =>
    [...byKey().values()]
      .sort(
        (a, b) =>
          a.properties.name.localeCompare(b.properties.name, locale()) ||
          a.properties.locationName.localeCompare(b.properties.locationName, locale()),
      )
      .map((f) => pointKey(f.properties)),
  );

  let popup: Popup | undefined;
  /** Set while we replace the popup ourselves, so its close event does not clear the selection. */
  let replacingPopup = false;
  const closePopup = () => {
    replacingPopup = true;
    popup?.remove();
    popup = undefined;
    replacingPopup = false;
  };
  const showCard = (f: ServicePoint) => {
    closePopup();
    // focusAfterOpen: false — a keyboard user choosing from the list stays in the list.
    popup = new Popup({ maxWidth: '320px', focusAfterOpen: false, offset: 12 })
      .setLngLat(f.geometry.coordinates as [number, number])
      .setDOMContent(serviceCard(f.properties, { canRefer: hasRole('link_worker') }))
      .addTo(map);
    popup.on('close', () => {
      if (!replacingPopup) setSelected(null);
    });
  };

  onMount(() => {
    addProvisionLayer(map);
    const onPointClick = (e: MapLayerMouseEvent) => {
      const props = e.features?.[0]?.properties;
      if (!props) return;
      // Rendered features carry arrays as JSON strings, so the card reads the loaded feature by key.
      const key = pointKey({
        serviceId: String(props.serviceId),
        locationId: String(props.locationId),
      });
      const f = byKey().get(key);
      if (!f) return;
      setSelected(key);
      showCard(f);
    };
    const onClusterClick = (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f || f.geometry.type !== 'Point') return;
      void expandCluster(
        map,
        Number(f.properties?.cluster_id),
        f.geometry.coordinates as [number, number],
      );
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    map.on('click', PROVISION_LAYERS.points, onPointClick);
    map.on('click', PROVISION_LAYERS.clusters, onClusterClick);
    for (const id of [PROVISION_LAYERS.points, PROVISION_LAYERS.clusters]) {
      map.on('mouseenter', id, pointer);
      map.on('mouseleave', id, plain);
    }
    onCleanup(() => {
      if (!view.alive()) return;
      closePopup();
      map.off('click', PROVISION_LAYERS.points, onPointClick);
      map.off('click', PROVISION_LAYERS.clusters, onClusterClick);
      for (const id of [PROVISION_LAYERS.points, PROVISION_LAYERS.clusters]) {
        map.off('mouseenter', id, pointer);
        map.off('mouseleave', id, plain);
      }
      plain();
      removeProvisionLayer(map);
    });
  });

  // New data → the source; once MapLibre has drawn it, say how many points are on the map.
  createEffect(
    // The taxonomy colours the points by group: redraw when it arrives after the points.
    on([points.data, () => taxonomy.latest] as const, ([fc, terms]) => {
      if (!fc) return;
      setRendered(null);
      setProvisionData(map, withGroups(fc, terms ?? []));
      map.once('idle', () => setRendered(fc.features.length));
    }),
  );

  // The ring follows the selection; a selection that has left the data is dropped.
  createEffect(() => {
    const key = selected();
    const f = key ? byKey().get(key) : undefined;
    if (key && !f && points.state() === 'ready') setSelected(null);
    highlightProvisionPoint(map, f ? f.properties : null);
  });

  const chooseFromList = (key: string) => {
    const f = byKey().get(key);
    if (!f) return;
    setSelected(key);
    showCard(f);
    map.flyTo({
      center: f.geometry.coordinates as [number, number],
      zoom: Math.max(map.getZoom(), SELECTION_ZOOM),
    });
  };

  return (
    <section
      class="layer-panel"
      aria-labelledby="provision-heading"
      data-layer="provision"
      data-state={points.state()}
      data-rendered={rendered() ?? undefined}
    >
      <h2 id="provision-heading">{t('servicesInView')}</h2>
      <NeedTagSelect
        id="provision-tag"
        label={t('showServicesFor')}
        value={tag()}
        onChange={setTag}
      />
      <div class="field">
        <label for="provision-day">{t('runsOn')}</label>
        <select
          id="provision-day"
          value={parseDay(day()) === undefined ? '' : day()}
          onChange={(e) => setDay(e.currentTarget.value)}
        >
          <option value="">{t('anyDay')}</option>
          <For each={DAYS}>
            {(_, i) => <option value={String(i() + 1)}>{weekdayName(i() + 1)}</option>}
          </For>
        </select>
      </div>
      <div class="field">
        <label for="provision-time">{t('partOfDay')}</label>
        {/* A part of the day narrows a chosen day only; the hint says so rather than colour alone. */}
        <select
          id="provision-time"
          value={oneOf(time(), TIME_SLOTS)}
          disabled={parseDay(day()) === undefined}
          aria-describedby="provision-time-hint"
          onChange={(e) => setTime(e.currentTarget.value)}
        >
          <option value="">{t('anyTime')}</option>
          <For each={TIME_SLOTS}>
            {(slot) => <option value={slot.value}>{tServices(slot.label)}</option>}
          </For>
        </select>
        <p id="provision-time-hint" class="hint">
          {t('partOfDayHint')}
        </p>
      </div>
      <div class="field">
        <label for="provision-answers">{t('answersBarrier')}</label>
        <select
          id="provision-answers"
          value={oneOf(answers(), ANSWERS)}
          onChange={(e) => setAnswers(e.currentTarget.value)}
        >
          <option value="">{t('anyService')}</option>
          <For each={ANSWERS}>{(a) => <option value={a.value}>{tServices(a.label)}</option>}</For>
        </select>
      </div>
      <Show when={points.error()}>
        {(problem) => (
          <p class="error" role="alert">
            <Show when={problem().status === 401} fallback={problem().message}>
              <A href="/sign-in">{t('signInLink')}</A>
              {t('signInToSee')}
            </Show>
          </p>
        )}
      </Show>
      <ProvisionLegend groups={groupsInView(points.data(), taxonomy.latest ?? [])} />
      <ProvisionList
        keys={sortedKeys()}
        byKey={byKey()}
        selected={selected()}
        loading={points.state() === 'loading'}
        onChoose={chooseFromList}
      />
    </section>
  );
}
