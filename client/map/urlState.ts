/**
 * The map's view and filters live in the URL query, so a view can be shared and restored:
 * `?lat=51.52&lng=-0.04&z=12.5&layers=provision,gaps&tag=mens-groups`. The URL is updated with
 * `replace` (moving the map must not flood the history), and unknown or out-of-range values are
 * ignored rather than trusted. Layer panels read and write their filters with `useMapFilter`.
 */
import { useSearchParams } from '@solidjs/router';
import type { Accessor } from 'solid-js';

export { mapViewQuery, parseMapView, windowStart, type MapUrlView } from './viewQuery.js';

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** One filter kept in the URL (e.g. `tag`): every layer panel that reads it shows the same selection. */
export function useMapFilter(name: string): [Accessor<string>, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const get = () => str(params[name]) ?? '';
  const set = (value: string) =>
    setParams({ [name]: value || undefined }, { replace: true, scroll: false });
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
