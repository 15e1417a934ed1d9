/**
 * Stacking of the app's layers, whichever module adds them first: each layer carries a z value
 * in its metadata and is inserted below the first layer with a higher one. Fills (areas, need
 * hexagons) sit under outlines, which sit under points, so a click on a point is never hidden.
 * Labels sit above: area names, then cluster counts, then hexagon counts, which MapLibre places in
 * that order, so a hexagon count gives way to a cluster bubble (symbols.ts).
 */
import type { AddLayerObject, MapLibreMap } from 'maplibre-gl';

const Z_KEY = 'gapmap:z';

/** Suggested z values; a new layer picks one between these. */
export const LAYER_Z = {
  areas: 10,
  needs: 20,
  gaps: 30,
  areaOutlines: 40,
  provision: 50,
  needLabels: 60,
  provisionCounts: 70,
  areaLabels: 80,
  selection: 90,
} as const;

function zOf(metadata: unknown): number | undefined {
  const z =
    metadata && typeof metadata === 'object'
      ? (metadata as Record<string, unknown>)[Z_KEY]
      : undefined;
  return typeof z === 'number' ? z : undefined;
}

export function addLayerAt(map: MapLibreMap, layer: AddLayerObject, z: number): void {
  const above = map.getStyle().layers.find((l) => (zOf(l.metadata) ?? -Infinity) > z);
  const metadata = { ...((('metadata' in layer && layer.metadata) || {}) as object), [Z_KEY]: z };
  map.addLayer({ ...layer, metadata } as AddLayerObject, above?.id);
}

/** Removes layers, then sources, skipping any already gone. */
export function removeLayersAndSources(
  map: MapLibreMap,
  layerIds: string[],
  sourceIds: string[],
): void {
  for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
  for (const id of sourceIds) if (map.getSource(id)) map.removeSource(id);
}

/**
 * The outline of one selected feature of a source: a line layer filtered on a property, empty
 * until `highlightOutline` names a value (the list twin's chosen row).
 */
export function addSelectionOutline(
  map: MapLibreMap,
  layer: { id: string; source: string; property: string; colour: string; width: number },
  z: number,
): void {
  addLayerAt(
    map,
    {
      id: layer.id,
      type: 'line',
      source: layer.source,
      filter: ['==', ['get', layer.property], ''],
      paint: { 'line-color': layer.colour, 'line-width': layer.width },
    },
    z,
  );
}

/** Outlines the feature whose `property` is `value` (none when null). */
export function highlightOutline(
  map: MapLibreMap,
  layerId: string,
  property: string,
  value: string | null,
): void {
  if (map.getLayer(layerId)) map.setFilter(layerId, ['==', ['get', property], value ?? '']);
}
