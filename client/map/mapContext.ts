/**
 * What a map layer module gets from the page that owns the map. MapPage creates the one
 * MapLibre map and provides this context to every layer panel (client/map/layers/index.ts);
 * a panel reads it with `useMapView()`, adds its sources on mount and removes them on cleanup.
 */
import type { MapLibreMap } from 'maplibre-gl';
import { createContext, useContext, type Accessor } from 'solid-js';

/** minLng, minLat, maxLng, maxLat — the order of the API's `bbox=` parameter. */
export type Bbox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export interface MapView {
  map: MapLibreMap;
  /** The visible bounds, updated once the map has stopped moving (debounced). */
  bbox: Accessor<Bbox>;
  zoom: Accessor<number>;
  /** False once the map has been removed: cleanups must not touch it then. */
  alive(): boolean;
  /** A layer says it is fetching; the page shows one loading indicator for all layers. */
  setLoading(layerId: string, loading: boolean): void;
}

export const MapViewContext = createContext<MapView>();

export function useMapView(): MapView {
  const view = useContext(MapViewContext);
  if (!view)
    throw new Error('useMapView() must be called inside a map layer panel rendered by MapPage');
  return view;
}
