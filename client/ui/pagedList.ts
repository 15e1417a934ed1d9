/**
 * A list read a page at a time from a cursor-paged endpoint (`{ items, nextCursor }`): the pages
 * loaded so far, whether there are more, loading and error state, "load more", and a reset to the
 * first page when the filters change. Only the latest request counts: a reload aborts the one
 * under way, and an answer that arrives after a newer request is dropped.
 */
import { createEffect, createSignal, on, type Accessor } from 'solid-js';
import { ApiError, type Page } from '../api.js';

export interface PagedListOptions {
  /** The filters: when this changes the list starts again from the first page (the first load too). */
  resetOn?: Accessor<unknown>;
  /** Don't load the first page yet: the page calls `reload()` itself. */
  lazy?: boolean;
  /** The words for a failure that is not the API's own error (Gapmap could not be reached). */
  failed: () => string;
  /** The words for the API's error; its message by default. */
  describe?: (err: ApiError) => string;
}

export interface PagedList<T> {
  items: Accessor<T[]>;
  /** Whether the server has another page. */
  hasMore: Accessor<boolean>;
  loading: Accessor<boolean>;
  /** Whether the first page has arrived. */
  loaded: Accessor<boolean>;
  /** Why the latest load failed, in words; null after a load that worked. */
  error: Accessor<string | null>;
  /** Loads the next page onto the end. */
  more(): Promise<void>;
  /** Loads the first page again, replacing the items. */
  reload(): Promise<void>;
  /** Changes items in place (after an edit the server answered with the new row). */
  update(change: (items: T[]) => T[]): void;
}

export function createPagedList<T>(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
  options: PagedListOptions,
): PagedList<T> {
  const [items, setItems] = createSignal<T[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(!options.lazy);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let controller: AbortController | undefined;

  async function load(more: boolean): Promise<void> {
    controller?.abort();
    const mine = (controller = new AbortController());
    setLoading(true);
    try {
      const page = await fetchPage(more ? cursor() : null, mine.signal);
      if (mine !== controller) return;
      setItems(more ? [...items(), ...page.items] : page.items);
      setCursor(page.nextCursor);
      setLoaded(true);
      setError(null);
    } catch (err) {
      if (mine !== controller || (err as Error).name === 'AbortError') return;
      setError(
        err instanceof ApiError ? (options.describe?.(err) ?? err.message) : options.failed(),
      );
    } finally {
      if (mine === controller) setLoading(false);
    }
  }

  if (options.resetOn) createEffect(on(options.resetOn, () => void load(false)));
  else if (!options.lazy) void load(false);

  return {
    items,
    hasMore: () => cursor() !== null,
    loading,
    loaded,
    error,
    more: () => load(true),
    reload: () => load(false),
    update: (change) => setItems(change(items())),
  };
}
