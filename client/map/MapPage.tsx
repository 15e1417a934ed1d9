/**
 * The map workspace: the map (MapCanvas.tsx, the MapLibre setup every map shares) with its place
 * search, the layer switches, and the panel of every layer that is switched on, rendered inside
 * the map context. Layers live in client/map/layers/.
 */
import { Marker } from 'maplibre-gl';
import { useSearchParams } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { Dynamic } from 'solid-js/web';
import { appConfig } from '../appConfig.js';
import { session } from '../session.js';
import { rolesAllow } from '../shell/navigation.js';
import { mapLayers } from './layers/index.js';
import { basemapOf, type Basemap } from './basemap.js';
import { PlaceInput } from '../places/PlaceInput.jsx';
import { placeZoom, type Place } from '../places/placesApi.js';
import { mapViewQuery, parseMapView } from './urlState.js';
import { MapViewContext, type MapView } from './mapContext.js';
import { MapCanvas } from './MapCanvas.jsx';
import { tagName } from './taxonomy.js';
import { directoryApi } from '../directory/directoryApi.js';
import { DEFAULT_RADIUS, EMPTY_SEARCH, searchToParams } from '../directory/directoryQuery.js';
import { withQuery } from '../api.js';
import './map.css';
import messages from '../../i18n/messages/map.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

export default function MapPage() {
  // The configured style, or the local one when unset or when the config cannot be read.
  const styleReady = () => appConfig.state === 'ready' || appConfig.state === 'errored';
  return (
    <Show
      when={styleReady()}
      fallback={
        <p class="page" role="status">
          {t('loadingMap')}
        </p>
      }
    >
      <MapWorkspace basemap={basemapOf(appConfig.state === 'ready' ? appConfig() : undefined)} />
    </Show>
  );
}

function MapWorkspace(props: { basemap: Basemap }) {
  const [view, setView] = createSignal<MapView>();
  const allowedLayers = createMemo(() =>
    mapLayers.filter((l) => rolesAllow(l.roles, session.latest)),
  );
  // The view and the switched-on layers start from the URL when it names them (a shared link).
  const [params, setParams] = useSearchParams();
  const fromUrl = parseMapView(
    params,
    mapLayers.map((l) => l.id),
  );
  const [switchedOn, setSwitchedOn] = createSignal<ReadonlySet<string>>(
    new Set(fromUrl.layers ?? mapLayers.filter((l) => l.defaultOn).map((l) => l.id)),
  );
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

  /**
   * With a need chosen in the services filter, a place search also asks the directory for an
   * active service of that need within the directory's radius: the answer links to the list, and a
   * search that finds nothing is counted by the server, anonymously, as demand (DESIGN.md).
   */
  const [nearby, setNearby] = createSignal<{ tag: string; place: Place; found: boolean } | null>(
    null,
  );
  const checkNearby = async (place: Place) => {
    const tag = typeof params.tag === 'string' ? params.tag : '';
    setNearby(null);
    if (!tag || !session.latest || !switchedOn().has('provision')) return;
    try {
      const page = await directoryApi.search({
        tag: [tag],
        near: `${place.lat},${place.lng}`,
        radiusKm: DEFAULT_RADIUS,
        status: 'active',
        limit: 1,
      });
      setNearby({ tag, place, found: page.items.length > 0 });
    } catch {
      setNearby(null);
    }
  };
  const directoryLink = (n: { tag: string; place: Place }) =>
    withQuery(
      '/directory',
      searchToParams({
        ...EMPTY_SEARCH,
        tags: [n.tag],
        place: n.place.name,
        near: { lat: n.place.lat, lng: n.place.lng },
      }),
    );

  let placeMarker: Marker | undefined;
  /** Fly to a place found by the search: an area whole, a postcode or venue at its precision, marked. */
  const goTo = (place: Place) => {
    const map = view()?.map;
    if (!map) return;
    placeMarker?.remove();
    const el = document.createElement('div');
    el.className = 'place-marker';
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', t('youSearchedFor', { place: place.name }));
    el.textContent = place.name;
    placeMarker = new Marker({ element: el, anchor: 'bottom' })
      .setLngLat([place.lng, place.lat])
      .addTo(map);
    if (place.bbox)
      map.fitBounds(
        [
          [place.bbox[0], place.bbox[1]],
          [place.bbox[2], place.bbox[3]],
        ],
        { padding: 32, maxZoom: 15 },
      );
    else map.flyTo({ center: [place.lng, place.lat], zoom: placeZoom(place) });
    void checkNearby(place);
  };
  const onView = (v: MapView | undefined) => {
    if (!v) placeMarker?.remove();
    setView(v);
  };

  return (
    <div class="map-workspace">
      <h1 class="visually-hidden">{t('title')}</h1>
      <MapCanvas
        basemap={props.basemap}
        center={fromUrl.center}
        zoom={fromUrl.zoom}
        label={t('mapRegion')}
        onView={onView}
        onMoved={(map) =>
          setParams(mapViewQuery(map.getCenter(), map.getZoom(), switchedOn()), {
            replace: true,
            scroll: false,
          })
        }
      >
        {/* Place search reads what the directory does: signed in, or anyone on a public directory. */}
        <Show when={session.latest || appConfig.latest?.publicDirectory}>
          <div class="map-search">
            <PlaceInput
              id="map-place"
              label={t('findPlace')}
              hideLabel
              placeholder={t('findPlacePlaceholder')}
              onChoose={goTo}
            />
            <p
              class="map-nearby"
              role="status"
              data-found={nearby() ? String(nearby()!.found) : undefined}
            >
              <Show when={nearby()}>
                {(n) => (
                  <>
                    {n().found
                      ? t('servicesNear', {
                          need: tagName(n().tag),
                          km: DEFAULT_RADIUS,
                          place: n().place.name,
                        })
                      : t('nothingNear', {
                          need: tagName(n().tag),
                          km: DEFAULT_RADIUS,
                          place: n().place.name,
                        })}{' '}
                    <A href={directoryLink(n())}>{t('openInDirectory')}</A>
                  </>
                )}
              </Show>
            </p>
          </div>
        </Show>
      </MapCanvas>
      <aside class="map-side" aria-label={t('sidePanel')}>
        <Show when={allowedLayers().length > 1}>
          <fieldset class="layer-switches">
            <legend>{t('layers')}</legend>
            <For each={allowedLayers()}>
              {(layer) => (
                <label>
                  <input
                    type="checkbox"
                    checked={switchedOn().has(layer.id)}
                    onChange={(e) => toggle(layer.id, e.currentTarget.checked)}
                  />{' '}
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
