/**
 * The provision layer's MapLibre parts: one clustered GeoJSON source of service locations
 * (GET /api/v1/services.geojson) and its circle layers. No text symbols — the local style has
 * no glyphs — so cluster counts are small HTML labels kept in step with the rendered clusters.
 * ProvisionPanel.tsx owns the data, the list twin and the interaction.
 */
import { Marker, type GeoJSONSource, type MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { addLayerAt, LAYER_Z, removeLayersAndSources } from '../layerOrder.js';

export interface ServicePointProperties {
  serviceId: string;
  locationId: string;
  name: string;
  summary: string;
  status: 'active' | 'paused' | 'ended';
  cost: 'free' | 'low_cost' | 'paid';
  accepting: 'open' | 'waitlist' | 'full';
  locationName: string;
  bookable: boolean;
  tags: string[];
}
export type ServicePoint = Feature<Point, ServicePointProperties>;
export type ServicePoints = FeatureCollection<Point, ServicePointProperties>;

export const PROVISION_SOURCE = 'provision';
export const PROVISION_LAYERS = {
  clusters: 'provision-clusters',
  points: 'provision-points',
  selected: 'provision-selected',
} as const;

/** Colours shared with the legend; meaning never rests on colour alone (size, fill and the list carry it too). */
export const PROVISION_STYLE = {
  point: '#0b5cad',
  cluster: '#0e6f78',
  selectedRing: '#1b1f24',
  halo: '#ffffff',
} as const;

/** Above this zoom every location is drawn on its own; clicking a cluster zooms past it. */
export const CLUSTER_MAX_ZOOM = 15;
/** Zoom a list selection flies to: past CLUSTER_MAX_ZOOM, so the chosen point stands alone. */
export const SELECTION_ZOOM = CLUSTER_MAX_ZOOM + 1;

/** One key per mapped feature: a service at a location. */
export const pointKey = (p: Pick<ServicePointProperties, 'serviceId' | 'locationId'>) => `${p.serviceId}:${p.locationId}`;

const EMPTY: ServicePoints = { type: 'FeatureCollection', features: [] };

export function addProvisionLayer(map: MapLibreMap): void {
  map.addSource(PROVISION_SOURCE, {
    type: 'geojson',
    data: EMPTY,
    cluster: true,
    clusterRadius: 44,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
  });
  addLayerAt(
    map,
    {
      id: PROVISION_LAYERS.clusters,
      type: 'circle',
      source: PROVISION_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': PROVISION_STYLE.cluster,
        'circle-opacity': 0.9,
        // Size grows with the number of locations: 2–9, 10–49, 50+.
        'circle-radius': ['step', ['get', 'point_count'], 15, 10, 20, 50, 27],
        'circle-stroke-color': PROVISION_STYLE.halo,
        'circle-stroke-width': 2,
      },
    },
    LAYER_Z.provision,
  );
  addLayerAt(
    map,
    {
      id: PROVISION_LAYERS.points,
      type: 'circle',
      source: PROVISION_SOURCE,
      filter: ['!', ['has', 'point_count']],
      paint: {
        // Colour: the need group (provisionGroups.ts). A paused service is drawn hollow: the
        // difference is the fill, not only a hue. A bookable venue gets a thick dark ring.
        'circle-color': ['case', ['==', ['get', 'status'], 'paused'], PROVISION_STYLE.halo, ['coalesce', ['get', 'groupColour'], PROVISION_STYLE.point]],
        'circle-radius': ['case', ['==', ['get', 'bookable'], true], 9, 8],
        'circle-stroke-color': [
          'case',
          ['==', ['get', 'status'], 'paused'], ['coalesce', ['get', 'groupColour'], PROVISION_STYLE.point],
          ['==', ['get', 'bookable'], true], PROVISION_STYLE.selectedRing,
          PROVISION_STYLE.halo,
        ],
        'circle-stroke-width': ['case', ['==', ['get', 'status'], 'paused'], 3, ['==', ['get', 'bookable'], true], 3.5, 2],
      },
    },
    LAYER_Z.provision,
  );
  addLayerAt(
    map,
    {
      id: PROVISION_LAYERS.selected,
      type: 'circle',
      source: PROVISION_SOURCE,
      filter: ['==', ['get', 'locationId'], ''],
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': 14,
        'circle-stroke-color': PROVISION_STYLE.selectedRing,
        'circle-stroke-width': 4,
      },
    },
    LAYER_Z.selection,
  );
}

export function removeProvisionLayer(map: MapLibreMap): void {
  removeLayersAndSources(map, Object.values(PROVISION_LAYERS), [PROVISION_SOURCE]);
}

export function setProvisionData(map: MapLibreMap, points: ServicePoints): void {
  map.getSource<GeoJSONSource>(PROVISION_SOURCE)?.setData(points);
}

/** Rings the selected service-at-location (or nothing). */
export function highlightProvisionPoint(map: MapLibreMap, selected: Pick<ServicePointProperties, 'serviceId' | 'locationId'> | null): void {
  map.setFilter(
    PROVISION_LAYERS.selected,
    selected
      ? ['all', ['!', ['has', 'point_count']], ['==', ['get', 'serviceId'], selected.serviceId], ['==', ['get', 'locationId'], selected.locationId]]
      : ['==', ['get', 'locationId'], ''],
  );
}

/** Zooms to the level at which a cluster splits. */
export async function expandCluster(map: MapLibreMap, clusterId: number, center: [number, number]): Promise<void> {
  const source = map.getSource<GeoJSONSource>(PROVISION_SOURCE);
  if (!source) return;
  const zoom = await source.getClusterExpansionZoom(clusterId);
  map.easeTo({ center, zoom });
}

/**
 * Keeps one count label per visible cluster. The labels are decoration (aria-hidden, no pointer
 * events): the list beside the map is the accessible twin, and clicks fall through to the circle.
 * Returns a function that removes every label.
 */
export function trackClusterCounts(map: MapLibreMap): () => void {
  const labels = new Map<number, Marker>();
  const sync = () => {
    if (!map.getSource(PROVISION_SOURCE) || !map.isSourceLoaded(PROVISION_SOURCE)) return;
    const seen = new Set<number>();
    for (const f of map.querySourceFeatures(PROVISION_SOURCE, { filter: ['has', 'point_count'] })) {
      const id = f.properties?.cluster_id as number | undefined;
      if (id === undefined || seen.has(id) || f.geometry.type !== 'Point') continue;
      seen.add(id);
      const count = String(f.properties?.point_count ?? '');
      let label = labels.get(id);
      if (!label) {
        const el = document.createElement('span');
        el.className = 'cluster-count';
        el.setAttribute('aria-hidden', 'true');
        label = new Marker({ element: el }).setLngLat(f.geometry.coordinates as [number, number]).addTo(map);
        labels.set(id, label);
      }
      label.getElement().textContent = count;
      label.setLngLat(f.geometry.coordinates as [number, number]);
    }
    for (const [id, label] of labels) {
      if (!seen.has(id)) {
        label.remove();
        labels.delete(id);
      }
    }
  };
  map.on('render', sync);
  return () => {
    map.off('render', sync);
    for (const label of labels.values()) label.remove();
    labels.clear();
  };
}
