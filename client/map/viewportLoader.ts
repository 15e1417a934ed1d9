/**
 * Viewport-driven loading for a map layer: refetch when the (debounced) bbox or the layer's own
 * parameters change, abort the request that is now stale, and report loading to the page.
 */
import { createEffect, createSignal, onCleanup, untrack, type Accessor } from 'solid-js';
import { ApiError } from '../api.js';
import { useMapView, type Bbox } from './mapContext.js';

export type LoadState = 'loading' | 'ready' | 'error';
export interface LoadError {
  message: string;
  status: number | null;
}

export interface ViewportData<T> {
  data: Accessor<T | undefined>;
  state: Accessor<LoadState>;
  /** Why the last load failed: a sentence for the user, and the HTTP status when there was one (401: not signed in). */
  error: Accessor<LoadError | null>;
}

/** `bbox=` as the API wants it: 5 decimals (about 1 m) keep URLs short and cache-friendly. */
export function bboxParam(bbox: Bbox): string {
  return bbox.map((n) => n.toFixed(5)).join(',');
}

export function createViewportLoader<T, P>(
  layerId: string,
  params: Accessor<P>,
  load: (bbox: Bbox, params: P, signal: AbortSignal) => Promise<T>,
): ViewportData<T> {
  const view = useMapView();
  const [data, setData] = createSignal<T>();
  const [state, setState] = createSignal<LoadState>('loading');
  const [error, setError] = createSignal<LoadError | null>(null);
  let controller: AbortController | undefined;

  createEffect(() => {
    const bbox = view.bbox();
    const p = params();
    controller?.abort();
    const current = new AbortController();
    controller = current;
    setState('loading');
    view.setLoading(layerId, true);
    untrack(() => load(bbox, p, current.signal)).then(
      (result) => {
        if (current.signal.aborted) return;
        setData(() => result);
        setError(null);
        setState('ready');
        view.setLoading(layerId, false);
      },
      (e: unknown) => {
        // An aborted request was replaced by a newer one, which reports for itself.
        if (current.signal.aborted) return;
        setError(
          e instanceof ApiError
            ? { message: e.message, status: e.status }
            : {
                message:
                  'The data could not be loaded. Check your connection and move the map to try again.',
                status: null,
              },
        );
        setState('error');
        view.setLoading(layerId, false);
      },
    );
  });

  onCleanup(() => {
    controller?.abort();
    view.setLoading(layerId, false);
  });

  return { data, state, error };
}
