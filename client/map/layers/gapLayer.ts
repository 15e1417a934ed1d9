/**
 * The gap layer's MapLibre parts: the top-ranked gaps (GET /api/v1/gaps?by=cell) drawn as H3
 * hexagons, filled by rank band. Funders receive res-7 cells; the drawing is the same.
 * GapPanel.tsx owns the data, legend and list twin. Bands are also told by outline weight and by
 * the ranked list, so no meaning rests on colour alone.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import { cellToBoundary, cellToLatLng } from 'h3-js';
import type { ExpressionSpecification, GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import type { GapItem } from '../../api.js';
import messages from '../../../i18n/messages/mapLayers.js';
import { useMessages } from '../../i18n/language.js';
import {
  addLayerAt,
  addSelectionOutline,
  highlightOutline,
  LAYER_Z,
  removeLayersAndSources,
} from '../layerOrder.js';
import type { SearchMissUnit } from '../../../server/gaps/schemas.js';

const t = useMessages(messages);

export const GAP_SOURCE = 'gaps';
export const GAP_LAYERS = {
  fill: 'gaps-fill',
  outline: 'gaps-outline',
  selected: 'gaps-selected',
} as const;

/** Rank bands, strongest first: the legend and the fill share these. */
export const GAP_BANDS = [
  {
    get label() {
      return t('gapBandLargest');
    },
    colour: '#b3261e',
    outline: 3,
  },
  {
    get label() {
      return t('gapBandLarge');
    },
    colour: '#e8743b',
    outline: 2,
  },
  {
    get label() {
      return t('gapBandOther');
    },
    colour: '#f5c16c',
    outline: 1,
  },
  {
    get label() {
      return t('gapBandMet');
    },
    colour: '#9fb8c9',
    outline: 0.5,
  },
  {
    get label() {
      return t('gapBandTooFew');
    },
    colour: '#d9d4c7',
    outline: 0.5,
  },
] as const;

export function bandOf(rank: number, score: number | null): number {
  if (score === null) return 4;
  if (score <= 0) return 3;
  return rank <= 5 ? 0 : rank <= 15 ? 1 : 2;
}

/** One hexagon per ranked cell (several tags in one cell: the best-ranked one is drawn). */
export function gapFeatures(
  items: GapItem[],
): FeatureCollection<Polygon, { key: string; rank: number; band: number; place: string }> {
  const seen = new Set<string>();
  const features: FeatureCollection<
    Polygon,
    { key: string; rank: number; band: number; place: string }
  >['features'] = [];
  items.forEach((g, i) => {
    if (!g.cell || seen.has(g.cell)) return;
    seen.add(g.cell);
    const ring = cellToBoundary(g.cell, true);
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
      properties: { key: gapKey(g), rank: i + 1, band: bandOf(i + 1, g.score), place: g.place },
    });
  });
  return { type: 'FeatureCollection', features };
}

export const gapKey = (g: Pick<GapItem, 'cell' | 'areaId' | 'tag'>) =>
  `${g.cell ?? g.areaId}:${g.tag}`;

export function gapCentre(g: GapItem): [number, number] | null {
  if (!g.cell) return null;
  const [lat, lng] = cellToLatLng(g.cell);
  return [lng, lat];
}

const bandExpression = (pick: 'colour' | 'outline'): ExpressionSpecification => {
  const [first, ...rest] = GAP_BANDS;
  return [
    'match',
    ['get', 'band'],
    0,
    first[pick],
    ...rest.flatMap((b, i) => [i + 1, b[pick]]),
    GAP_BANDS[2][pick],
  ];
};

export function addGapLayer(map: MapLibreMap): void {
  map.addSource(GAP_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  addLayerAt(
    map,
    {
      id: GAP_LAYERS.fill,
      type: 'fill',
      source: GAP_SOURCE,
      paint: { 'fill-color': bandExpression('colour'), 'fill-opacity': 0.55 },
    },
    LAYER_Z.gaps,
  );
  addLayerAt(
    map,
    {
      id: GAP_LAYERS.outline,
      type: 'line',
      source: GAP_SOURCE,
      paint: {
        'line-color': '#5b1a12',
        'line-width': bandExpression('outline'),
      },
    },
    LAYER_Z.gaps + 1,
  );
  addSelectionOutline(
    map,
    { id: GAP_LAYERS.selected, source: GAP_SOURCE, property: 'key', colour: '#1b1f24', width: 4 },
    LAYER_Z.gaps + 2,
  );
}

export function setGapData(map: MapLibreMap, items: GapItem[]): void {
  (map.getSource(GAP_SOURCE) as GeoJSONSource | undefined)?.setData(gapFeatures(items));
}

export function highlightGap(map: MapLibreMap, key: string | null): void {
  highlightOutline(map, GAP_LAYERS.selected, 'key', key);
}

export function removeGapLayer(map: MapLibreMap): void {
  removeLayersAndSources(
    map,
    [GAP_LAYERS.selected, GAP_LAYERS.outline, GAP_LAYERS.fill],
    [GAP_SOURCE],
  );
}

/** Searches that found nothing (GET /api/v1/gaps → searchMisses): res-7 hexagons, dashed outlines only, apart from the gaps' fill. */
export const SEARCH_MISS_SOURCE = 'search-misses';
export const SEARCH_MISS_LAYER = 'search-misses-outline';

export type { SearchMissUnit } from '../../../server/gaps/schemas.js';

export function searchMissFeatures(
  units: SearchMissUnit[],
): FeatureCollection<Polygon, { key: string }> {
  const seen = new Set<string>();
  return {
    type: 'FeatureCollection',
    features: units
      .filter((u) => !seen.has(u.cell) && seen.add(u.cell))
      .map((u) => {
        const ring = cellToBoundary(u.cell, true);
        return {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
          properties: { key: `${u.cell}:${u.tag}` },
        };
      }),
  };
}

export function addSearchMissLayer(map: MapLibreMap): void {
  map.addSource(SEARCH_MISS_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
  });
  addLayerAt(
    map,
    {
      id: SEARCH_MISS_LAYER,
      type: 'line',
      source: SEARCH_MISS_SOURCE,
      paint: { 'line-color': '#3a2a8c', 'line-width': 2, 'line-dasharray': [2, 2] },
    },
    LAYER_Z.gaps + 1,
  );
}

export function setSearchMissData(map: MapLibreMap, units: SearchMissUnit[]): void {
  (map.getSource(SEARCH_MISS_SOURCE) as GeoJSONSource | undefined)?.setData(
    searchMissFeatures(units),
  );
}

export function removeSearchMissLayer(map: MapLibreMap): void {
  removeLayersAndSources(map, [SEARCH_MISS_LAYER], [SEARCH_MISS_SOURCE]);
}
