/**
 * The dashboard's coverage map: need hexagons at H3 resolution 7 (the finest funders may see)
 * with the gap layer over them, following the dashboard's area and time-window filters. It uses
 * the map workspace's MapLibre setup (MapCanvas) and its layer modules (needLayer, gapLayer);
 * the chosen area is outlined and framed. The gaps are the dashboard's "largest gaps" in words,
 * so the list twin of this map is that table; the key sits beside the map.
 */
import { A } from '@solidjs/router';
import type { Geometry } from 'geojson';
import type { GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import { createEffect, createResource, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { api, type GapItem } from '../api.js';
import { appConfig } from '../appConfig.js';
import { basemapOf } from '../map/basemap.js';
import { addLayerAt, LAYER_Z, removeLayersAndSources } from '../map/layerOrder.js';
import { MapCanvas } from '../map/MapCanvas.jsx';
import { MapViewContext, useMapView, type MapView } from '../map/mapContext.js';
import { HexBandKey } from '../map/layers/HexBandKey.jsx';
import { addGapLayer, GAP_BANDS, removeGapLayer, setGapData } from '../map/layers/gapLayer.js';
import {
  addNeedLayer,
  needBands,
  removeNeedLayer,
  setNeedData,
  type NeedMap,
} from '../map/layers/needLayer.js';
import { bboxParam, createViewportLoader } from '../map/viewportLoader.js';
import messages from '../../i18n/messages/dashboard.js';
import { useMessages } from '../i18n/language.js';

/** Funders never see finer hexagons (the server refuses res 8 to them): the dashboard map is res 7 for everyone. */
const DASHBOARD_RES = 7;
/** As many ranked gaps as the map page shows. */
const MAP_GAPS = 50;

const t = useMessages(messages);

export interface DashboardMapProps {
  /** The dashboard's filters: the chosen area (or everywhere) and the window's first day. */
  areaId: string | undefined;
  from: string;
  /** The full map page with the same window. */
  mapHref: string;
}

export function DashboardMap(props: DashboardMapProps) {
  const [view, setView] = createSignal<MapView>();
  const threshold = () => appConfig.latest?.suppressionThreshold ?? 8;
  return (
    <div class="dashboard-map">
      <Show
        when={appConfig.state === 'ready' || appConfig.state === 'errored'}
        fallback={<p role="status">{t('mapStarting')}</p>}
      >
        <MapCanvas
          basemap={basemapOf(appConfig.state === 'ready' ? appConfig() : undefined)}
          label={t('mapLabel')}
          class="map-canvas dashboard-map-canvas"
          zoom={10}
          onView={setView}
        />
      </Show>
      <Show when={view()}>
        {(v) => (
          <MapViewContext.Provider value={v()}>
            <DashboardMapLayers areaId={props.areaId} from={props.from} />
          </MapViewContext.Provider>
        )}
      </Show>
      <div class="dashboard-map-key">
        <details class="legend">
          <summary>{t('keyNeeds')}</summary>
          <HexBandKey bands={needBands(threshold())} stroke="#49006a" />
        </details>
        <details class="legend">
          <summary>{t('keyGaps')}</summary>
          <HexBandKey bands={GAP_BANDS} stroke="#5b1a12" fillOpacity="0.7" />
        </details>
        <p>
          <A href={props.mapHref}>{t('openMap')}</A>
        </p>
      </div>
    </div>
  );
}

const AREA_SOURCE = 'dashboard-area';
const AREA_LINE = 'dashboard-area-outline';

/** The layers of the dashboard map; rendered inside the map context, so it uses the layer modules as the map page's panels do. */
function DashboardMapLayers(props: { areaId: string | undefined; from: string }) {
  const view = useMapView();
  const { map } = view;
  const threshold = () => appConfig.latest?.suppressionThreshold ?? 8;
  const [failed, setFailed] = createSignal(false);

  const filters = () => ({ areaId: props.areaId, from: props.from });
  const needs = createViewportLoader('dashboard-needs', filters, (bbox, f, signal) =>
    api.get<NeedMap>('/api/v1/map/needs', {
      query: { bbox: bboxParam(bbox), res: DASHBOARD_RES, from: f.from, areaId: f.areaId },
      signal,
    }),
  );
  const [gaps] = createResource(filters, async (f) => {
    setFailed(false);
    view.setLoading('dashboard-gaps', true);
    try {
      return (
        await api.get<{ items: GapItem[] }>('/api/v1/gaps', {
          query: { by: 'cell7', from: f.from, areaId: f.areaId, limit: MAP_GAPS },
        })
      ).items;
    } catch {
      setFailed(true);
      return [];
    } finally {
      view.setLoading('dashboard-gaps', false);
    }
  });
  const [area] = createResource(
    () => props.areaId,
    (id) => api.get<{ bbox: number[]; geometry: unknown }>(`/api/v1/areas/${id}`),
  );

  onMount(() => {
    addNeedLayer(map, threshold());
    addGapLayer(map);
    map.addSource(AREA_SOURCE, {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    });
    addLayerAt(
      map,
      {
        id: AREA_LINE,
        type: 'line',
        source: AREA_SOURCE,
        paint: { 'line-color': '#1b1f24', 'line-width': 2.5, 'line-dasharray': [2, 1] },
      },
      LAYER_Z.areaOutlines,
    );
    onCleanup(() => {
      if (!view.alive()) return;
      removeLayersAndSources(map, [AREA_LINE], [AREA_SOURCE]);
      removeGapLayer(map);
      removeNeedLayer(map);
    });
  });

  createEffect(on(needs.data, (data) => data && setNeedData(map, data, threshold())));
  createEffect(() => {
    const items = gaps.latest;
    if (items) setGapData(map, items);
  });
  // The chosen area is outlined and framed; "everywhere" clears the outline and keeps the view.
  createEffect(() => {
    const a = props.areaId ? area.latest : undefined;
    showArea(map, a);
  });

  const state = () =>
    needs.state() === 'loading' || gaps.loading
      ? 'loading'
      : needs.state() === 'error' || failed()
        ? 'error'
        : 'ready';
  return (
    <div
      class="dashboard-map-state"
      data-state={state()}
      data-needs={needs.data()?.features.length ?? ''}
      data-gaps={gaps.latest?.length ?? ''}
    >
      <Show when={needs.state() === 'error' || failed()}>
        <p class="error" role="alert">
          {t('mapFailed')}
        </p>
      </Show>
    </div>
  );
}

function showArea(map: MapLibreMap, area: { bbox: number[]; geometry: unknown } | undefined) {
  const source = map.getSource(AREA_SOURCE) as GeoJSONSource | undefined;
  if (!area) {
    source?.setData({ type: 'FeatureCollection', features: [] });
    return;
  }
  source?.setData({ type: 'Feature', properties: {}, geometry: area.geometry as Geometry });
  const [w, s, e, n] = area.bbox as [number, number, number, number];
  map.fitBounds(
    [
      [w, s],
      [e, n],
    ],
    { padding: 24, maxZoom: 12.5, duration: 0 },
  );
}
