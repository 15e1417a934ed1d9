/**
 * The provision layer's MapLibre parts: one clustered GeoJSON source of service locations
 * (GET /api/v1/services.geojson), its circle layers and a symbol layer of cluster counts (text
 * drawn with the app's font, basemap.ts). Bubbles and points keep their space clear of other
 * labels (symbols.ts), so a hexagon count never sits on a bubble.
 * ProvisionPanel.tsx owns the data, the list twin and the interaction.
 */
import type { ExpressionSpecification, GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT_BOLD } from '../basemap.js';
import { ensureSpaceKeeper, SPACE_KEEPER, SPACE_KEEPER_PX } from '../symbols.js';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ServicePointProperties } from '../../../server/services/schemas.js';
import { addLayerAt, LAYER_Z, removeLayersAndSources } from '../layerOrder.js';

/** One mapped location's properties, as GET /api/v1/services.geojson sends them. */
export type { ServicePointProperties } from '../../../server/services/schemas.js';
export type ServicePoint = Feature<Point, ServicePointProperties>;
export type ServicePoints = FeatureCollection<Point, ServicePointProperties>;

export const PROVISION_SOURCE = 'provision';
export const PROVISION_LAYERS = {
  clusters: 'provision-clusters',
  points: 'provision-points',
  counts: 'provision-cluster-counts',
  pointSpace: 'provision-point-space',
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

/** Bubble radius by number of locations (2–9, 10–49, 50+), for the circle and its cleared space. */
const CLUSTER_RADIUS: ExpressionSpecification = [
  'step',
  ['get', 'point_count'],
  15,
  10,
  20,
  50,
  27,
];

/** One key per mapped feature: a service at a location. */
export const pointKey = (p: Pick<ServicePointProperties, 'serviceId' | 'locationId'>) =>
  `${p.serviceId}:${p.locationId}`;

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
        'circle-radius': CLUSTER_RADIUS,
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
        'circle-color': [
          'case',
          ['==', ['get', 'status'], 'paused'],
          PROVISION_STYLE.halo,
          ['coalesce', ['get', 'groupColour'], PROVISION_STYLE.point],
        ],
        'circle-radius': ['case', ['==', ['get', 'bookable'], true], 9, 8],
        'circle-stroke-color': [
          'case',
          ['==', ['get', 'status'], 'paused'],
          ['coalesce', ['get', 'groupColour'], PROVISION_STYLE.point],
          ['==', ['get', 'bookable'], true],
          PROVISION_STYLE.selectedRing,
          PROVISION_STYLE.halo,
        ],
        'circle-stroke-width': [
          'case',
          ['==', ['get', 'status'], 'paused'],
          3,
          ['==', ['get', 'bookable'], true],
          3.5,
          2,
        ],
      },
    },
    LAYER_Z.provision,
  );
  ensureSpaceKeeper(map);
  // The count on each bubble; the transparent icon, as large as the bubble, keeps other labels off it.
  addLayerAt(
    map,
    {
      id: PROVISION_LAYERS.counts,
      type: 'symbol',
      source: PROVISION_SOURCE,
      filter: ['has', 'point_count'],
      layout: {
        'icon-image': SPACE_KEEPER,
        'icon-size': ['/', ['*', 2, CLUSTER_RADIUS], SPACE_KEEPER_PX],
        'icon-allow-overlap': true,
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': LABEL_FONT_BOLD,
        'text-size': 13,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    LAYER_Z.provisionCounts,
  );
  addLayerAt(
    map,
    {
      id: PROVISION_LAYERS.pointSpace,
      type: 'symbol',
      source: PROVISION_SOURCE,
      filter: ['!', ['has', 'point_count']],
      layout: {
        'icon-image': SPACE_KEEPER,
        'icon-size': 22 / SPACE_KEEPER_PX,
        'icon-allow-overlap': true,
      },
    },
    LAYER_Z.provisionCounts,
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
export function highlightProvisionPoint(
  map: MapLibreMap,
  selected: Pick<ServicePointProperties, 'serviceId' | 'locationId'> | null,
): void {
  map.setFilter(
    PROVISION_LAYERS.selected,
    selected
      ? [
          'all',
          ['!', ['has', 'point_count']],
          ['==', ['get', 'serviceId'], selected.serviceId],
          ['==', ['get', 'locationId'], selected.locationId],
        ]
      : ['==', ['get', 'locationId'], ''],
  );
}

/** Zooms to the level at which a cluster splits. */
export async function expandCluster(
  map: MapLibreMap,
  clusterId: number,
  center: [number, number],
): Promise<void> {
  const source = map.getSource<GeoJSONSource>(PROVISION_SOURCE);
  if (!source) return;
  const zoom = await source.getClusterExpansionZoom(clusterId);
  map.easeTo({ center, zoom });
}
