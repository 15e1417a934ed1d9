/**
 * The gap check's small map: click to choose the place; afterwards it shows the place, the
 * radius and the similar services found (confidential ones are never drawn: they have no point).
 * Numbered markers are HTML, matching the numbered list beside the map, which carries the same facts.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { bbox } from '@turf/bbox';
import { circle } from '@turf/circle';
import {
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  setWorkerUrl,
  type GeoJSONSource,
} from 'maplibre-gl';
// Bundling moves MapLibre's code away from its worker file: point it at the worker Vite emitted
// (as MapPage does; this page may be the first to load MapLibre).
import mapWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { createEffect, onCleanup, onMount } from 'solid-js';
import { appConfig } from '../appConfig.js';
import { basemapOf, prepareStyle, START_VIEW, styleFor } from '../map/basemap.js';
import type { SimilarService } from './gapCheckApi.js';
import messages from '../../i18n/messages/gapcheck.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

setWorkerUrl(mapWorkerUrl);

export function GapCheckMap(props: {
  place: { lat: number; lng: number } | null;
  radiusKm: number;
  similar: SimilarService[];
  onChoose: (p: { lat: number; lng: number }) => void;
}) {
  let container!: HTMLDivElement;
  let map: MapLibreMap | undefined;
  let placeMarker: Marker | undefined;
  let serviceMarkers: Marker[] = [];
  let loaded = false;

  const drawRadius = () => {
    if (!map || !loaded) return;
    const source = map.getSource('gapcheck-radius') as GeoJSONSource | undefined;
    const p = props.place;
    source?.setData(
      p
        ? circle([p.lng, p.lat], props.radiusKm, { units: 'kilometers', steps: 64 })
        : { type: 'FeatureCollection', features: [] },
    );
  };

  onMount(() => {
    try {
      const basemap = basemapOf(appConfig.latest);
      map = new MapLibreMap({
        container,
        style: styleFor(basemap),
        center: START_VIEW.center,
        zoom: 12.5,
        attributionControl: basemap.kind === 'local' ? false : {},
      });
    } catch {
      container.textContent = t('mapFailed');
      return;
    }
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    // The live map, for end-to-end tests and the console (as on the map page).
    window.gapmapMap = map;
    map.on('load', () => {
      loaded = true;
      prepareStyle(map!);
      map!.addSource('gapcheck-radius', {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
      });
      map!.addLayer({
        id: 'gapcheck-radius-line',
        type: 'line',
        source: 'gapcheck-radius',
        paint: { 'line-color': '#1b1f24', 'line-width': 2, 'line-dasharray': [2, 2] },
      });
      drawRadius();
    });
    map.on('click', (e) =>
      props.onChoose({
        lat: Math.round(e.lngLat.lat * 1e5) / 1e5,
        lng: Math.round(e.lngLat.lng * 1e5) / 1e5,
      }),
    );
    onCleanup(() => {
      if (window.gapmapMap === map) delete window.gapmapMap;
      map?.remove();
      map = undefined;
    });
  });

  createEffect(() => {
    const p = props.place;
    void props.radiusKm;
    if (!map) return;
    placeMarker?.remove();
    placeMarker = p
      ? new Marker({ color: '#1b1f24' }).setLngLat([p.lng, p.lat]).addTo(map)
      : undefined;
    placeMarker?.getElement().setAttribute('aria-label', t('mapPlaceMarker'));
    drawRadius();
    // The whole search radius in view, whatever the map's size (a phone's is small).
    if (p) {
      const [minLng, minLat, maxLng, maxLat] = bbox(
        circle([p.lng, p.lat], props.radiusKm, { units: 'kilometers', steps: 64 }),
      );
      map.fitBounds(
        [
          [minLng, minLat],
          [maxLng, maxLat],
        ],
        { padding: 24, duration: 300 },
      );
    }
  });

  createEffect(() => {
    const similar = props.similar;
    if (!map) return;
    serviceMarkers.forEach((m) => m.remove());
    serviceMarkers = [];
    similar.forEach((s, i) => {
      for (const loc of s.service.locations) {
        if (loc.lat === null || loc.lng === null) continue;
        const el = document.createElement('div');
        el.className = 'gapcheck-marker';
        el.textContent = String(i + 1);
        el.setAttribute('aria-label', `${i + 1}. ${s.service.name}`);
        el.style.cssText =
          'background:#0b5cad;color:#fff;border:2px solid #fff;border-radius:50%;width:24px;height:24px;display:grid;place-items:center;font:700 12px sans-serif';
        serviceMarkers.push(new Marker({ element: el }).setLngLat([loc.lng, loc.lat]).addTo(map!));
      }
    });
  });

  return (
    <div
      ref={container}
      class="gapcheck-map"
      role="region"
      aria-label={t('mapLabel')}
      data-map-ready="true"
    />
  );
}
