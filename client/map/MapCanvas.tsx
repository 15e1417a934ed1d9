/**
 * The one MapLibre setup every map of the app shares (the map workspace, the funder dashboard):
 * it creates the map in its box with the configured style, reports the viewport once the map
 * stops moving (debounced), shows one loading line for all layers and a failure in words, and
 * hands the page a `MapView` (mapContext.ts) that layer panels read with `useMapView()`.
 * The page decides which layers to render inside `<MapViewContext.Provider>`.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
// Bundling moves MapLibre's code away from its worker file, so tell it where Vite put the worker.
import mapWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { prepareStyle, START_VIEW, styleFor, type Basemap } from './basemap.js';
import type { Bbox, MapView } from './mapContext.js';
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

export function visibleBbox(map: MapLibreMap): Bbox {
  const b = map.getBounds();
  // The API rejects longitudes beyond ±180 and latitudes beyond ±90, which a world view can reach.
  const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
  return [
    clamp(b.getWest(), 180),
    clamp(b.getSouth(), 90),
    clamp(b.getEast(), 180),
    clamp(b.getNorth(), 90),
  ];
}

export interface MapCanvasProps {
  basemap: Basemap;
  center?: [number, number] | undefined;
  zoom?: number | undefined;
  /** The map region's accessible name: say where its list twin is. */
  label: string;
  /** Class of the canvas box (its size comes from the page's CSS). */
  class?: string;
  /** The map is ready (view) or gone (undefined): the page renders its layer panels with it. */
  onView: (view: MapView | undefined) => void;
  /** After each (debounced) move, e.g. to keep the view in the URL. */
  onMoved?: (map: MapLibreMap) => void;
  /** Drawn over the map (a search box). */
  children?: JSX.Element;
}

export function MapCanvas(props: MapCanvasProps) {
  let container!: HTMLDivElement;
  const [ready, setReady] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [loadingLayers, setLoadingLayers] = createSignal<ReadonlySet<string>>(new Set());
  const setLoading = (id: string, loading: boolean) =>
    setLoadingLayers((s) => {
      if (s.has(id) === loading) return s;
      const next = new Set(s);
      if (loading) next.add(id);
      else next.delete(id);
      return next;
    });

  onMount(() => {
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container,
        style: styleFor(props.basemap),
        center: props.center ?? START_VIEW.center,
        zoom: props.zoom ?? START_VIEW.zoom,
        attributionControl: props.basemap.kind === 'local' ? false : {},
      });
    } catch {
      // Most often WebGL is unavailable (old device, disabled GPU); say so rather than show a blank box.
      setFailure(t('noWebgl'));
      return;
    }
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    window.gapmapMap = map;

    let alive = true;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    const [bbox, setBbox] = createSignal<Bbox>(visibleBbox(map));
    const [zoom, setZoom] = createSignal(map.getZoom());
    map.on('moveend', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        setBbox(visibleBbox(map));
        setZoom(map.getZoom());
        props.onMoved?.(map);
      }, MOVE_DEBOUNCE_MS);
    });
    map.on('load', () => {
      prepareStyle(map);
      setBbox(visibleBbox(map));
      setReady(true);
      props.onView({ map, bbox, zoom, alive: () => alive, setLoading });
    });
    map.on('error', (e) => {
      // A configured style that cannot be fetched leaves the map blank: tell the user why.
      if (!map.loaded() && props.basemap.kind !== 'local')
        setFailure(t('styleFailed', { reason: e.error?.message ?? t('networkError') }));
    });

    onCleanup(() => {
      clearTimeout(debounce);
      // Panels clean up first (the page unmounts them on onView(undefined)); then the map goes.
      props.onView(undefined);
      alive = false;
      map.remove();
      if (window.gapmapMap === map) delete window.gapmapMap;
    });
  });

  return (
    <div class="map-stage">
      {props.children}
      <div
        ref={container}
        class={props.class ?? 'map-canvas'}
        role="region"
        aria-label={props.label}
        data-map-ready={ready() ? 'true' : 'false'}
      />
      <p class="map-status" role="status">
        <Show when={loadingLayers().size > 0}>{t('loading')}</Show>
      </p>
      <Show when={failure()}>
        {(message) => (
          <p class="map-failure error" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </div>
  );
}
