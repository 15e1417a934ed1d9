/**
 * Pure parts of the map's URL state (see urlState.ts): parsing and writing the view, and the
 * window start. No Solid or router imports, so they are unit-tested in Node.
 */
export interface MapUrlView {
  center?: [number, number];
  zoom?: number;
  layers?: string[];
}

const num = (v: string | string[] | undefined) => {
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The view in a URL query; each part only when it is valid. */
export function parseMapView(
  params: Record<string, string | string[] | undefined>,
  knownLayers: string[],
): MapUrlView {
  const view: MapUrlView = {};
  const lat = num(params.lat);
  const lng = num(params.lng);
  const zoom = num(params.z);
  if (lat !== undefined && lng !== undefined && Math.abs(lat) <= 85 && Math.abs(lng) <= 180)
    view.center = [lng, lat];
  if (zoom !== undefined && zoom >= 0 && zoom <= 22) view.zoom = zoom;
  const layers = str(params.layers);
  if (layers !== undefined) view.layers = layers.split(',').filter((l) => knownLayers.includes(l));
  return view;
}

/** Query values for a view: 5 decimals (about 1 m) and 2 for zoom keep links short. */
export function mapViewQuery(
  center: { lng: number; lat: number },
  zoom: number,
  layers: Iterable<string>,
): Record<string, string> {
  return {
    lat: center.lat.toFixed(5),
    lng: center.lng.toFixed(5),
    z: zoom.toFixed(2),
    layers: [...layers].join(','),
  };
}

/** `from` for the API: the day `weeks - 1` weeks ago (the server snaps it to its Monday). */
export function windowStart(weeks: number, now = new Date()): string {
  return new Date(now.getTime() - (weeks - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}
