/**
 * The map's view and filters live in the URL query, so a view can be shared and restored:
 * `?lat=51.52&lng=-0.04&z=12.5&layers=provision,gaps&tag=mens-groups`. The URL is updated with
 * `replace` (moving the map must not flood the history), and unknown or out-of-range values are
 * ignored rather than trusted. Layer panels read and write their filters with `useMapFilter`.
 */
import { useSearchParams } from '@solidjs/router';
import type { Accessor } from 'solid-js';

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
export function parseMapView(params: Record<string, string | string[] | undefined>, knownLayers: string[]): MapUrlView {
  const view: MapUrlView = {};
  const lat = num(params.lat);
  const lng = num(params.lng);
  const zoom = num(params.z);
  if (lat !== undefined && lng !== undefined && Math.abs(lat) <= 85 && Math.abs(lng) <= 180) view.center = [lng, lat];
  if (zoom !== undefined && zoom >= 0 && zoom <= 22) view.zoom = zoom;
  const layers = str(params.layers);
  if (layers !== undefined) view.layers = layers.split(',').filter((l) => knownLayers.includes(l));
  return view;
}

/** Query values for a view: 5 decimals (about 1 m) and 2 for zoom keep links short. */
export function mapViewQuery(center: { lng: number; lat: number }, zoom: number, layers: Iterable<string>): Record<string, string> {
  return { lat: center.lat.toFixed(5), lng: center.lng.toFixed(5), z: zoom.toFixed(2), layers: [...layers].join(',') };
}

/** One filter kept in the URL (e.g. `tag`): every layer panel that reads it shows the same selection. */
export function useMapFilter(name: string): [Accessor<string>, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const get = () => str(params[name]) ?? '';
  const set = (value: string) => setParams({ [name]: value || undefined }, { replace: true, scroll: false });
  return [get, set];
}

/** The need/gap time window in whole weeks back from this week (`weeks=`), 12 unless the URL says otherwise. */
export function useMapWindow(defaultWeeks = 12): [Accessor<number>, (weeks: number) => void] {
  const [value, setValue] = useMapFilter('weeks');
  const weeks = () => {
    const n = Number(value());
    return Number.isInteger(n) && n >= 1 && n <= 156 ? n : defaultWeeks;
  };
  return [weeks, (n: number) => setValue(n === defaultWeeks ? '' : String(n))];
}

/** `from` for the API: the day `weeks - 1` weeks ago (the server snaps it to its Monday). */
export function windowStart(weeks: number, now = new Date()): string {
  return new Date(now.getTime() - (weeks - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}
