/**
 * The need layer's MapLibre parts: suppressed need counts (GET /api/v1/map/needs) as H3
 * hexagons, filled by count band. Meaning never rests on colour alone: each band also has its
 * own outline weight, hexagons carry their count as a label (a symbol layer drawn with the app's
 * font; it gives way to cluster bubbles, symbols.ts), and NeedPanel.tsx lists every hexagon in words.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import { cellToLatLng } from 'h3-js';
import type { ExpressionSpecification, GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT_BOLD } from '../basemap.js';
import { LABEL_PAINT } from '../symbols.js';
import type { SuppressedCount } from '../../api.js';
import type { NeedMap as NeedMapAnswer, NeedProperties } from '../../../server/map/schemas.js';
import messages from '../../../i18n/messages/mapLayers.js';
import { useMessages } from '../../i18n/language.js';
import { formatNumber } from '../../ui/wording.js';
import {
  addLayerAt,
  addSelectionOutline,
  highlightOutline,
  LAYER_Z,
  removeLayersAndSources,
} from '../layerOrder.js';

const t = useMessages(messages);

export type { NeedProperties } from '../../../server/map/schemas.js';
/** GET /api/v1/map/needs: the server's answer, typed as GeoJSON for MapLibre. */
export type NeedMap = FeatureCollection<Polygon, NeedProperties> &
  Omit<NeedMapAnswer, 'type' | 'features'>;

export const NEED_SOURCE = 'needs';
/** One point per hexagon, at its centre, carrying the count to print. */
export const NEED_LABEL_SOURCE = 'needs-labels';
export const NEED_LAYERS = {
  fill: 'needs-fill',
  outline: 'needs-outline',
  selected: 'needs-selected',
  counts: 'needs-counts',
} as const;

/** Count bands, lowest first; "<8" (whatever the threshold) is always the lowest. */
export function needBands(threshold: number) {
  return [
    {
      get label() {
        return t('needBandFewer', { threshold: formatNumber(threshold) });
      },
      colour: '#f1eef6',
      outline: 0.5,
      min: 0,
    },
    {
      get label() {
        return t('needBandToTwenty', { threshold: formatNumber(threshold) });
      },
      colour: '#d4b9da',
      outline: 1,
      min: threshold,
    },
    {
      get label() {
        return t('needBand21to50');
      },
      colour: '#c994c7',
      outline: 1.5,
      min: 21,
    },
    {
      get label() {
        return t('needBand51to100');
      },
      colour: '#df65b0',
      outline: 2.5,
      min: 51,
    },
    {
      get label() {
        return t('needBandOver100');
      },
      colour: '#ce1256',
      outline: 3.5,
      min: 101,
    },
  ];
}

/** The band of a published count: suppressed ("<8") is band 0; rounded values by range. */
export function bandOf(count: SuppressedCount, threshold: number): number {
  if (count.value === null) return 0;
  const bands = needBands(threshold);
  let band = 0;
  bands.forEach((b, i) => {
    if (count.value! >= b.min) band = i;
  });
  return band;
}

const bandExpression = (threshold: number, pick: 'colour' | 'outline'): ExpressionSpecification => {
  const [first, ...rest] = needBands(threshold);
  return [
    'match',
    ['get', 'band'],
    0,
    first![pick],
    ...rest.flatMap((b, i) => [i + 1, b[pick]]),
    first![pick],
  ];
};

export function addNeedLayer(map: MapLibreMap, threshold: number): void {
  map.addSource(NEED_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
  });
  addLayerAt(
    map,
    {
      id: NEED_LAYERS.fill,
      type: 'fill',
      source: NEED_SOURCE,
      paint: { 'fill-color': bandExpression(threshold, 'colour'), 'fill-opacity': 0.7 },
    },
    LAYER_Z.needs,
  );
  addLayerAt(
    map,
    {
      id: NEED_LAYERS.outline,
      type: 'line',
      source: NEED_SOURCE,
      paint: {
        'line-color': '#49006a',
        'line-width': bandExpression(threshold, 'outline'),
      },
    },
    LAYER_Z.needs + 1,
  );
  addSelectionOutline(
    map,
    {
      id: NEED_LAYERS.selected,
      source: NEED_SOURCE,
      property: 'cell',
      colour: '#1b1f24',
      width: 4,
    },
    LAYER_Z.needs + 2,
  );
  map.addSource(NEED_LABEL_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
  });
  addLayerAt(
    map,
    {
      id: NEED_LAYERS.counts,
      type: 'symbol',
      source: NEED_LABEL_SOURCE,
      layout: {
        'text-field': ['get', 'display'],
        'text-font': LABEL_FONT_BOLD,
        'text-size': 12,
        'text-padding': 3,
      },
      paint: LABEL_PAINT,
    },
    LAYER_Z.needLabels,
  );
}

export function setNeedData(map: MapLibreMap, data: NeedMap, threshold: number): void {
  const features = data.features.map((f) => ({
    ...f,
    properties: { ...f.properties, band: bandOf(f.properties.count, threshold) },
  }));
  (map.getSource(NEED_SOURCE) as GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features,
  });
  (map.getSource(NEED_LABEL_SOURCE) as GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features: data.features.map((f) => ({
      type: 'Feature',
      properties: { cell: f.properties.cell, display: f.properties.count.display },
      geometry: { type: 'Point', coordinates: cellCentre(f.properties.cell) },
    })),
  });
}

export function highlightNeed(map: MapLibreMap, cell: string | null): void {
  highlightOutline(map, NEED_LAYERS.selected, 'cell', cell);
}

export function removeNeedLayer(map: MapLibreMap): void {
  removeLayersAndSources(
    map,
    [NEED_LAYERS.counts, NEED_LAYERS.selected, NEED_LAYERS.outline, NEED_LAYERS.fill],
    [NEED_LABEL_SOURCE, NEED_SOURCE],
  );
}

export function cellCentre(cell: string): [number, number] {
  const [lat, lng] = cellToLatLng(cell);
  return [lng, lat];
}
