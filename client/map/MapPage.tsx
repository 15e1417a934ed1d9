/**
 * The map workspace: the one component that owns the MapLibre map. It creates the map once the
 * style is known, tracks the viewport (debounced) and renders the panel of every layer that is
 * switched on inside the map context. Layers live in client/map/layers/.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { Map as MapLibreMap, Marker, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
// Bundling moves MapLibre's code away from its worker file, so tell it where Vite put the worker.
import mapWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useSearchParams } from '@solidjs/router';
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { appConfig } from '../appConfig.js';
import { session } from '../session.js';
import { rolesAllow } from '../shell/navigation.js';
import { mapLayers } from './layers/index.js';
import { basemapOf, prepareStyle, START_VIEW, styleFor, type Basemap } from './basemap.js';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { placeZoom, type Place } from '../places/placesApi.js';
import { mapViewQuery, parseMapView } from './urlState.js';
import { MapViewContext, type Bbox, type MapView } from './mapContext.js';
import './map.css';
import messages from '../../i18n/messages/map.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

declare global {
  interface Window {
    /** The live map, for end-to-end tests and debugging from the console. */
    gapmapMap?: MapLibreMap;
  }
}

setWorkerUrl(mapWorkerUrl);

/** Wait this long after the map stops before reloading layers: one request per gesture. */
const MOVE_DEBOUNCE_MS = 250;

function visibleBbox(map: MapLibreMap): Bbox {
  const b = map.getBounds();
  // The API rejects longitudes beyond ±180 and latitudes beyond ±90, which a world view can reach.
  const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
  return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
}

export default function MapPage() {
  // The configured style, or the local one when unset or when the config cannot be read.
  const styleReady = () => appConfig.state === 'ready' || appConfig.state === 'errored';
  return (
    <Show when={styleReady()} fallback={<p class="page" role="status">{t('loadingMap')}</p>}>
      <MapWorkspace basemap={basemapOf(appConfig.state === 'ready' ? appConfig() : undefined)} />
    </Show>
  );
}

function MapWorkspace(props: { basemap: Basemap }) {
  let container!: HTMLDivElement;
  const [view, setView] = createSignal<MapView>();
  const [failure, setFailure] = createSignal<string | null>(null);
  const [loadingLayers, setLoadingLayers] = createSignal<ReadonlySet<string>>(new Set());
  const allowedLayers = createMemo(() => mapLayers.filter((l) => rolesAllow(l.roles, session.latest)));
  // The view and the switched-on layers start from the URL when it names them (a shared link).
  const [params, setParams] = useSearchParams();
  const fromUrl = parseMapView(params, mapLayers.map((l) => l.id));
  const [switchedOn, setSwitchedOn] = createSignal<ReadonlySet<string>>(new Set(fromUrl.layers ?? mapLayers.filter((l) => l.defaultOn).map((l) => l.id)));
  const activeLayers = createMemo(() => allowedLayers().filter((l) => switchedOn().has(l.id)));

  const toggle = (id: string, on: boolean) => {
    setSwitchedOn((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
    setParams({ layers: [...switchedOn()].join(',') }, { replace: true, scroll: false });
  };
  const setLoading = (id: string, loading: boolean) =>
    setLoadingLayers((s) => {
      if (s.has(id) === loading) return s;
      const next = new Set(s);
      if (loading) next.add(id);
      else next.delete(id);
      return next;
    });

  let placeMarker: Marker | undefined;
  /** Fly to a place found by the search: an area whole, a postcode or venue at its precision, marked. */
  const goTo = (place: Place) => {
    const map = window.gapmapMap;
    if (!map) return;
    placeMarker?.remove();
    const el = document.createElement('div');
    el.className = 'place-marker';
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', t('youSearchedFor', { place: place.name }));
    el.textContent = place.name;
    placeMarker = new Marker({ element: el, anchor: 'bottom' }).setLngLat([place.lng, place.lat]).addTo(map);
    if (place.bbox) map.fitBounds([[place.bbox[0], place.bbox[1]], [place.bbox[2], place.bbox[3]]], { padding: 32, maxZoom: 15 });
    else map.flyTo({ center: [place.lng, place.lat], zoom: placeZoom(place) });
  };

  onMount(() => {
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container,
        style: styleFor(props.basemap),
        center: fromUrl.center ?? START_VIEW.center,
        zoom: fromUrl.zoom ?? START_VIEW.zoom,
        attributionControl: props.basemap.kind === 'local' ? false : {},
      });
    } catch {
      // Most often WebGL is unavailable (old device, disabled GPU); say so rather than show a blank box.
      setFailure('The map could not start in this browser: it needs WebGL, which is switched off or missing here.');
      return;
    }
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    window.gapmapMap = map;

    let alive = true;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    const [bbox, setBbox] = createSignal<Bbox>(visibleBbox(map));
    const [zoom, setZoom] = createSignal(map.getZoom());
    const onMoveEnd = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        setBbox(visibleBbox(map));
        setZoom(map.getZoom());
        setParams(mapViewQuery(map.getCenter(), map.getZoom(), switchedOn()), { replace: true, scroll: false });
      }, MOVE_DEBOUNCE_MS);
    };
    map.on('moveend', onMoveEnd);
    map.on('load', () => {
      prepareStyle(map);
      setBbox(visibleBbox(map));
      setView({ map, bbox, zoom, alive: () => alive, setLoading });
    });
    map.on('error', (e) => {
      // A configured style that cannot be fetched leaves the map blank: tell the user why.
      if (!map.loaded() && props.basemap.kind !== 'local') setFailure(t('styleFailed', { reason: e.error?.message ?? t('networkError') }));
    });

    onCleanup(() => {
      clearTimeout(debounce);
      placeMarker?.remove();
      // Panels clean up first (they are children); after this the map must not be touched.
      setView(undefined);
      alive = false;
      map.remove();
      if (window.gapmapMap === map) delete window.gapmapMap;
    });
  });

  return (
    <div class="map-workspace">
      <h1 class="visually-hidden">{t('title')}</h1>
      <div class="map-stage">
        {/* Place search reads what the directory does: signed in, or anyone on a public directory. */}
        <Show when={session.latest || appConfig.latest?.publicDirectory}>
          <div class="map-search">
            <PlaceInput id="map-place" label={t('findPlace')} hideLabel placeholder={t('findPlacePlaceholder')} onChoose={goTo} />
          </div>
        </Show>
        <div
          ref={container}
          class="map-canvas"
          role="region"
          aria-label={t('mapRegion')}
          data-map-ready={view() ? 'true' : 'false'}
        />
        <p class="map-status" role="status">
          <Show when={loadingLayers().size > 0}>{t('loading')}</Show>
        </p>
        <Show when={failure()}>{(message) => <p class="map-failure error" role="alert">{message()}</p>}</Show>
      </div>
      <aside class="map-side" aria-label={t('sidePanel')}>
        <Show when={allowedLayers().length > 1}>
          <fieldset class="layer-switches">
            <legend>{t('layers')}</legend>
            <For each={allowedLayers()}>
              {(layer) => (
                <label>
                  <input type="checkbox" checked={switchedOn().has(layer.id)} onChange={(e) => toggle(layer.id, e.currentTarget.checked)} />{' '}
                  {t(layer.label)}
                </label>
              )}
            </For>
          </fieldset>
        </Show>
        <Show when={view()} fallback={<p class="hint">{t('starting')}</p>}>
          {(v) => (
            <MapViewContext.Provider value={v()}>
              <For each={activeLayers()}>{(layer) => <Dynamic component={layer.panel} />}</For>
            </MapViewContext.Provider>
          )}
        </Show>
      </aside>
    </div>
  );
}
