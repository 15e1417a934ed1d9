/**
 * The need layer's MapLibre parts: suppressed need counts (GET /api/v1/map/needs) as H3
 * hexagons, filled by count band. Meaning never rests on colour alone: each band also has its
 * own outline weight, hexagons carry their count as an HTML label (the offline style has no
 * glyphs for text symbols), and NeedPanel.tsx lists every hexagon in words.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import { cellToLatLng } from 'h3-js';
import { Marker, type GeoJSONSource, type MapLibreMap } from 'maplibre-gl';
import type { SuppressedCount } from '../../api.js';
import { addLayerAt, LAYER_Z, removeLayersAndSources } from '../layerOrder.js';

export interface NeedProperties {
  cell: string;
  count: SuppressedCount;
  tags: Record<string, SuppressedCount>;
}
export type NeedMap = FeatureCollection<Polygon, NeedProperties> & { res: number; window: { from: string; to: string; weeks: number }; publishedThrough: string | null };

export const NEED_SOURCE = 'needs';
export const NEED_LAYERS = { fill: 'needs-fill', outline: 'needs-outline', selected: 'needs-selected' } as const;

/** Count bands, lowest first; "<8" (whatever the threshold) is always the lowest. */
export function needBands(threshold: number) {
  return [
    { label: `Fewer than ${threshold} flags (shown as "<${threshold}")`, colour: '#f1eef6', outline: 0.5, min: 0 },
    { label: `${threshold}–20 flags`, colour: '#d4b9da', outline: 1, min: threshold },
    { label: '21–50 flags', colour: '#c994c7', outline: 1.5, min: 21 },
    { label: '51–100 flags', colour: '#df65b0', outline: 2.5, min: 51 },
    { label: 'More than 100 flags', colour: '#ce1256', outline: 3.5, min: 101 },
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

const bandExpression = (threshold: number, pick: 'colour' | 'outline') => {
  const bands = needBands(threshold);
  return ['match', ['get', 'band'], ...bands.flatMap((b, i) => [i, b[pick]]), bands[0]![pick]] as unknown as string;
};

export function addNeedLayer(map: MapLibreMap, threshold: number): void {
  map.addSource(NEED_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  addLayerAt(map, { id: NEED_LAYERS.fill, type: 'fill', source: NEED_SOURCE, paint: { 'fill-color': bandExpression(threshold, 'colour'), 'fill-opacity': 0.7 } }, LAYER_Z.needs);
  addLayerAt(map, { id: NEED_LAYERS.outline, type: 'line', source: NEED_SOURCE, paint: { 'line-color': '#49006a', 'line-width': bandExpression(threshold, 'outline') as unknown as number } }, LAYER_Z.needs + 1);
  addLayerAt(
    map,
    { id: NEED_LAYERS.selected, type: 'line', source: NEED_SOURCE, filter: ['==', ['get', 'cell'], ''], paint: { 'line-color': '#1b1f24', 'line-width': 4 } },
    LAYER_Z.needs + 2,
  );
}

export function setNeedData(map: MapLibreMap, data: NeedMap, threshold: number): void {
  const features = data.features.map((f) => ({ ...f, properties: { ...f.properties, band: bandOf(f.properties.count, threshold) } }));
  (map.getSource(NEED_SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
}

export function highlightNeed(map: MapLibreMap, cell: string | null): void {
  if (map.getLayer(NEED_LAYERS.selected)) map.setFilter(NEED_LAYERS.selected, ['==', ['get', 'cell'], cell ?? '']);
}

export function removeNeedLayer(map: MapLibreMap): void {
  removeLayersAndSources(map, [NEED_LAYERS.selected, NEED_LAYERS.outline, NEED_LAYERS.fill], [NEED_SOURCE]);
}

export function cellCentre(cell: string): [number, number] {
  const [lat, lng] = cellToLatLng(cell);
  return [lng, lat];
}

/** Count labels as HTML markers (hidden from screen readers: the list says the same). */
export function placeNeedLabels(map: MapLibreMap, features: NeedMap['features'], previous: Marker[]): Marker[] {
  for (const m of previous) m.remove();
  return features.map((f) => {
    const el = document.createElement('span');
    el.className = 'need-count';
    el.setAttribute('aria-hidden', 'true');
    el.textContent = f.properties.count.display;
    return new Marker({ element: el }).setLngLat(cellCentre(f.properties.cell)).addTo(map);
  });
}
