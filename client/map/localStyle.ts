/**
 * The default basemap: nothing fetched from the internet, so the app works offline and leaks no
 * viewport to a tile host. It is a plain background; boundaries come from the areas layer.
 * No `glyphs` URL is set, so layers must not use text symbols (counts are HTML markers instead).
 * MAP_STYLE_URL (GET /api/v1/config) replaces this with a configured style.
 */
import type { StyleSpecification } from 'maplibre-gl';

export const LOCAL_STYLE: StyleSpecification = {
  version: 8,
  name: 'Gapmap local (offline)',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
};

/** Tower Hamlets, where the demo world lives. */
export const START_VIEW = { center: [-0.04, 51.52] as [number, number], zoom: 12.5 };
