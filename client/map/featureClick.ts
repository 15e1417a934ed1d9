/**
 * A click on a layer's feature, read as one string property of that feature (a hexagon's key or
 * cell, an area's id): the panels use it to select the feature's row in their list twin.
 */
import type { MapLayerMouseEvent, MapLibreMap } from 'maplibre-gl';

/** Calls `pick` with `property` of the clicked feature of `layerId`; returns the function that stops listening. */
export function onFeatureClick(
  map: MapLibreMap,
  layerId: string,
  property: string,
  pick: (value: string) => void,
): () => void {
  const onClick = (e: MapLayerMouseEvent) => {
    const value = e.features?.[0]?.properties?.[property];
    if (typeof value === 'string') pick(value);
  };
  map.on('click', layerId, onClick);
  return () => map.off('click', layerId, onClick);
}

/**
 * Brings a list row into view inside the side panel when the panel scrolls on its own (side by
 * side with the map). On a phone the list is below the map and the page scrolls: moving it would
 * take the map the person just tapped off the screen, so the row is only highlighted then.
 */
export function revealRow(row: HTMLElement | null): void {
  const panel = row?.closest<HTMLElement>('.map-side');
  if (
    !row ||
    !panel ||
    panel.scrollHeight <= panel.clientHeight ||
    getComputedStyle(panel).overflowY === 'visible'
  )
    return;
  const top = row.offsetTop - panel.offsetTop;
  if (top < panel.scrollTop || top + row.offsetHeight > panel.scrollTop + panel.clientHeight)
    panel.scrollTop = top - panel.clientHeight / 3;
}
