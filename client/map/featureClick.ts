/**
 * A click on a layer's feature, read as one string property of that feature (a hexagon's key or
 * cell, an area's id): the panels use it to select the feature's row in their list twin.
 */
import type { MapLayerMouseEvent, MapLibreMap } from 'maplibre-gl';

/** Calls `pick` with `property` of the clicked feature of `layerId`; returns the function that stops listening. */
export function onFeatureClick(map: MapLibreMap, layerId: string, property: string, pick: (value: string) => void): () => void {
  const onClick = (e: MapLayerMouseEvent) => {
    const value = e.features?.[0]?.properties?.[property];
    if (typeof value === 'string') pick(value);
  };
  map.on('click', layerId, onClick);
  return () => map.off('click', layerId, onClick);
}
