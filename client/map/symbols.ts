/**
 * Text on the map is drawn by MapLibre (symbol layers, fonts from basemap.ts), so labels take
 * part in collision detection: a label that would overlap another is not drawn. Circles do not
 * take part, so a bubble that must keep its space clear also draws `SPACE_KEEPER` — a
 * transparent square scaled to the bubble — in a symbol layer placed above the labels it must
 * keep out (MapLibre places the higher layer's symbols first).
 */
import type { MapLibreMap } from 'maplibre-gl';

export const SPACE_KEEPER = 'gapmap-space-keeper';
/** Its size in pixels: `icon-size` = wanted diameter / SPACE_KEEPER_PX. */
export const SPACE_KEEPER_PX = 32;

export function ensureSpaceKeeper(map: MapLibreMap): void {
  if (map.hasImage(SPACE_KEEPER)) return;
  map.addImage(SPACE_KEEPER, {
    width: SPACE_KEEPER_PX,
    height: SPACE_KEEPER_PX,
    data: new Uint8Array(SPACE_KEEPER_PX * SPACE_KEEPER_PX * 4),
  });
}

/** White-haloed dark text that stays readable over any basemap or fill. */
export const LABEL_PAINT = {
  'text-color': '#1b1f24',
  'text-halo-color': '#ffffff',
  'text-halo-width': 1.75,
} as const;
