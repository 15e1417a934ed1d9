/**
 * Place names: imported areas drawn as outlines with their names, on by default, so a map with no
 * street basemap still says where it is. Local authorities while zoomed out; neighbourhoods and
 * wards from zoom 11; MSOAs and LSOAs as faint outlines once close in. Names are a symbol layer
 * with the app's font (basemap.ts): no glyph server.
 */
import type { GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import { labelPoints, LOCAL_AREAS_ZOOM, type AreaShapes } from '../areaShapes.js';
import { LABEL_FONT_BOLD } from '../basemap.js';
import { addLayerAt, LAYER_Z, removeLayersAndSources } from '../layerOrder.js';
import { LABEL_PAINT } from '../symbols.js';

export const PLACE_NAME_SOURCES = {
  shapes: 'place-name-shapes',
  points: 'place-name-points',
} as const;
export const PLACE_NAME_LAYERS = {
  outlines: 'area-outlines',
  smallOutlines: 'area-outlines-small',
  labels: 'area-labels',
  authorityLabels: 'area-labels-lad',
} as const;
export const PLACE_NAME_STYLE = { outline: '#3d4470', small: '#8a90b8' } as const;

const LOCAL = ['neighbourhood', 'ward'];

export function addPlaceNamesLayer(map: MapLibreMap): void {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  map.addSource(PLACE_NAME_SOURCES.shapes, { type: 'geojson', data: empty });
  map.addSource(PLACE_NAME_SOURCES.points, { type: 'geojson', data: empty });
  addLayerAt(
    map,
    {
      id: PLACE_NAME_LAYERS.outlines,
      type: 'line',
      source: PLACE_NAME_SOURCES.shapes,
      filter: ['in', ['get', 'kind'], ['literal', [...LOCAL, 'lad']]],
      paint: {
        'line-color': PLACE_NAME_STYLE.outline,
        'line-width': ['case', ['==', ['get', 'kind'], 'lad'], 2.5, 1.25],
        'line-opacity': 0.75,
      },
    },
    LAYER_Z.areaOutlines - 1,
  );
  addLayerAt(
    map,
    {
      id: PLACE_NAME_LAYERS.smallOutlines,
      type: 'line',
      source: PLACE_NAME_SOURCES.shapes,
      minzoom: 13.5,
      filter: ['in', ['get', 'kind'], ['literal', ['msoa', 'lsoa']]],
      paint: { 'line-color': PLACE_NAME_STYLE.small, 'line-width': 0.75, 'line-dasharray': [2, 2] },
    },
    LAYER_Z.areaOutlines - 1,
  );
  addLayerAt(
    map,
    {
      id: PLACE_NAME_LAYERS.labels,
      type: 'symbol',
      source: PLACE_NAME_SOURCES.points,
      minzoom: LOCAL_AREAS_ZOOM,
      filter: ['in', ['get', 'kind'], ['literal', [...LOCAL, 'msoa']]],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 11, 12, 15, 16],
        'text-max-width': 8,
        'text-letter-spacing': 0.03,
        'text-transform': 'uppercase',
        // Finer areas win a tie for space; then the order of the data.
        'symbol-sort-key': ['get', 'rank'],
      },
      paint: { ...LABEL_PAINT, 'text-color': PLACE_NAME_STYLE.outline },
    },
    LAYER_Z.areaLabels,
  );
  addLayerAt(
    map,
    {
      id: PLACE_NAME_LAYERS.authorityLabels,
      type: 'symbol',
      source: PLACE_NAME_SOURCES.points,
      maxzoom: 12,
      filter: ['==', ['get', 'kind'], 'lad'],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT_BOLD,
        'text-size': 15,
        'text-max-width': 10,
      },
      paint: { ...LABEL_PAINT, 'text-color': PLACE_NAME_STYLE.outline },
    },
    LAYER_Z.areaLabels,
  );
}

export function setPlaceNamesData(map: MapLibreMap, shapes: AreaShapes): void {
  map.getSource<GeoJSONSource>(PLACE_NAME_SOURCES.shapes)?.setData(shapes);
  map.getSource<GeoJSONSource>(PLACE_NAME_SOURCES.points)?.setData(labelPoints(shapes));
}

export function removePlaceNamesLayer(map: MapLibreMap): void {
  removeLayersAndSources(map, Object.values(PLACE_NAME_LAYERS), Object.values(PLACE_NAME_SOURCES));
}
