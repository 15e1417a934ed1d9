/**
 * The area boundary layer: imported areas (GET /api/v1/areas.geojson) as outlines with a faint,
 * clickable fill. AreaPanel.tsx owns the data, the summary of the chosen area and the list twin.
 */
import type { GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import type { AreaShapes } from '../areaShapes.js';
import {
  addLayerAt,
  addSelectionOutline,
  highlightOutline,
  LAYER_Z,
  removeLayersAndSources,
} from '../layerOrder.js';

export type { AreaProperties, AreaShapes } from '../areaShapes.js';

export const AREA_SOURCE = 'areas';
export const AREA_LAYERS = {
  fill: 'areas-fill',
  outline: 'areas-outline',
  selected: 'areas-selected',
} as const;
export const AREA_STYLE = { outline: '#4a4f8c', fill: '#4a4f8c', selected: '#1b1f24' } as const;

export function addAreaLayer(map: MapLibreMap): void {
  map.addSource(AREA_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
  });
  // A nearly clear fill makes the whole area clickable without hiding the layers beneath.
  addLayerAt(
    map,
    {
      id: AREA_LAYERS.fill,
      type: 'fill',
      source: AREA_SOURCE,
      paint: { 'fill-color': AREA_STYLE.fill, 'fill-opacity': 0.04 },
    },
    LAYER_Z.areas,
  );
  addLayerAt(
    map,
    {
      id: AREA_LAYERS.outline,
      type: 'line',
      source: AREA_SOURCE,
      paint: { 'line-color': AREA_STYLE.outline, 'line-width': 1.5, 'line-dasharray': [3, 2] },
    },
    LAYER_Z.areaOutlines,
  );
  addSelectionOutline(
    map,
    {
      id: AREA_LAYERS.selected,
      source: AREA_SOURCE,
      property: 'id',
      colour: AREA_STYLE.selected,
      width: 3.5,
    },
    LAYER_Z.areaOutlines + 1,
  );
}

export function setAreaData(map: MapLibreMap, shapes: AreaShapes): void {
  (map.getSource(AREA_SOURCE) as GeoJSONSource | undefined)?.setData(shapes);
}

export function highlightArea(map: MapLibreMap, id: string | null): void {
  highlightOutline(map, AREA_LAYERS.selected, 'id', id);
}

export function removeAreaLayer(map: MapLibreMap): void {
  removeLayersAndSources(
    map,
    [AREA_LAYERS.selected, AREA_LAYERS.outline, AREA_LAYERS.fill],
    [AREA_SOURCE],
  );
}
