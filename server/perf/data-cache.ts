/**
 * Derived answers (the need map's and the directory map's served bytes, the gap ranking's served
 * pages) cached until the data changes, within a byte budget.
 *
 * Every write to a table those reads depend on takes the next value of the `data_version`
 * sequence (migration 0600), whichever process wrote it: a release, a directory change (flag
 * writes do not: published weeks never change). A cached answer is served only while
 * `data_version` still reads the value it was computed at; `maxAgeMs` bounds the one race a
 * sequence leaves open (a read that saw a writer's new version before that writer committed).
 * Concurrent requests for the same key share one computation. Memory is bounded by bytes: the
 * caches of one database share CACHE_MAX_MB (each its `share`), least recently used answers go
 * first, and an answer bigger than its cache is served without being kept. Answers are held as
 * served (already published through suppressCount), never raw roll-up rows; the two working
 * indexes that are not answers say so where they are made (the directory snapshot, and the gap
 * check's per-cell sums of published weeks in gaps/demand-index.ts, which leave the server only
 * through suppressCount).
 */
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import type { DB } from '../../db/schema.js';
import { readPublishedState } from './published-state.js';
import { writeClock } from './write-notices.js';

/** The byte budget all data caches of a database share when none was set (CACHE_MAX_MB). */
export const DEFAULT_CACHE_BYTES = 96 * 1024 * 1024;
const budgets = new WeakMap<Kysely<DB>, number>();

/** Sets the bytes every data cache of this database may hold between them (createApp, from CACHE_MAX_MB). */
export function setDataCacheBudget(db: Kysely<DB>, bytes: number): void {
  budgets.set(db, bytes);
}

/** Rough bytes of a value in the heap: strings are UTF-16; objects about three times their JSON. */
export function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return 2 * value.length + 64;
  return 3 * (JSON.stringify(value)?.length ?? 0) + 64;
}

export interface DataCacheOptions<T> {
  /** This cache's share of the database's byte budget (0..1]. */
  share?: number;
  /** The value's size in bytes (default estimateBytes); a value larger than the cache's bytes is served, not kept. */
  sizeOf?: (value: T) => number;
  /** Entries kept per database at most, whatever their size (least recently used go first). */
  maxEntries?: number;
  /** An entry is recomputed after this long even if no write was seen. */
  maxAgeMs?: number;
  /**
   * 'shared' (default): bounded by `share` of CACHE_MAX_MB. 'own': a working index whose size
   * follows the data, not the views asked for (the directory snapshot); bounded by `maxEntries`
   * only and not counted against the answers' budget.
   */
  budget?: 'shared' | 'own';
  /**
   * When an entry is older than `maxAgeMs` but its data version is unchanged, serve it while one
   * recomputation runs in the background (the directory snapshot: nothing waits ~0.5 s a minute
   * for a value that most likely did not change; one at a time per cache). In `many`, a caller's
   * aged keys are recomputed by one `computeMissing` call of their own (service views: a gap
   * check is not held up by re-reading views that most likely did not change). A changed version
   * is always waited for.
   */
  refreshInBackground?: boolean;
}

interface Entry<T> {
  version: number;
  at: number;
  value: Promise<T>;
  /** 0 while the computation runs (nothing is held yet), then the value's bytes. */
  bytes: number;
  /** Settled (its value may be served past maxAgeMs while a refresh runs). */
  settled?: boolean;
  refreshing?: boolean;
}

interface Store<T> {
  entries: Map<string, Entry<T>>;
  bytes: number;
}

/**
 * The database's current data version: read with the newest published week in one tiny
 * statement, no lock, shared by requests that arrive together (published-state.ts). On a
 * database whose writes this process follows (PGlite), the data clock instead: it moves only once
 * a write has committed, so no answer computed before that write is served after it.
 */
export const readDataVersion = (db: Kysely<DB>): Promise<number> | number =>
  writeClock(db, 'data') ?? readPublishedState(db).then((state) => state.version);

/** A key `many`'s computation did not answer (a row deleted meanwhile): left out, not kept. */
class NotAnswered extends Error {}

/**
 * A least-recently-used cache of derived answers per database, bounded by entries and by bytes:
 * at most `share` of the database's budget, counted from each answer's size once it is known.
 */
export function createDataCache<T>(options: DataCacheOptions<T> = {}) {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const share = options.share ?? 0.25;
  const sizeOf = options.sizeOf ?? estimateBytes;
  // Background refreshes of one cache run one after another: aged entries asked for together
  // (every tag's index after a quiet minute) must not all hit the database at once.
  const refreshes = pLimit(1);
  // Per database object, so test apps over their own databases never share entries.
  const perDb = new WeakMap<Kysely<DB>, Store<T>>();
  const limitOf = (db: Kysely<DB>) =>
    options.budget === 'own'
      ? Number.POSITIVE_INFINITY
      : Math.floor(share * (budgets.get(db) ?? DEFAULT_CACHE_BYTES));

  const remove = (store: Store<T>, key: string) => {
    const entry = store.entries.get(key);
    if (!entry) return;
    store.entries.delete(key);
    store.bytes -= entry.bytes;
  };
  const evict = (store: Store<T>, limit: number) => {
    for (const key of store.entries.keys()) {
      if (store.entries.size <= maxEntries && store.bytes <= limit) break;
      remove(store, key);
    }
  };

  /** Puts a computation in as `key`'s entry and accounts for its bytes once it settles. */
  function put(db: Kysely<DB>, s: Store<T>, key: string, version: number, value: Promise<T>) {
    remove(s, key);
    const entry: Entry<T> = { version, at: Date.now(), value, bytes: 0 };
    s.entries.set(key, entry);
    evict(s, limitOf(db));
    value.then(
      (v) => {
        if (s.entries.get(key) !== entry) return;
        entry.settled = true;
        const bytes = options.budget === 'own' ? 0 : sizeOf(v);
        const limit = limitOf(db);
        // Too big to keep within the budget: served to whoever asked, not held.
        if (bytes > limit) return remove(s, key);
        entry.bytes = bytes;
        s.bytes += bytes;
        evict(s, limit);
      },
      // A failed computation is not remembered.
      () => remove(s, key),
    );
    return value;
  }

  const storeOf = (db: Kysely<DB>): Store<T> => {
    let store = perDb.get(db);
    if (!store) perDb.set(db, (store = { entries: new Map(), bytes: 0 }));
    return store;
  };
  /** `key`'s entry if it was computed at this version, marked most recently used (Map order is insertion order). */
  const current = (s: Store<T>, key: string, version: number) => {
    const hit = s.entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    s.entries.delete(key);
    s.entries.set(key, hit);
    return hit;
  };

  async function cached(db: Kysely<DB>, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await readDataVersion(db);
    const s = storeOf(db);
    const hit = current(s, key, version);
    if (hit) {
      const fresh = Date.now() - hit.at < maxAgeMs;
      if (fresh || (options.refreshInBackground && hit.settled)) {
        if (!fresh && !hit.refreshing) {
          hit.refreshing = true;
          refreshes(compute).then(
            (v) => {
              if (s.entries.get(key) === hit) void put(db, s, key, version, Promise.resolve(v));
            },
            () => (hit.refreshing = false),
          );
        }
        return hit.value;
      }
    }
    return put(db, s, key, version, compute());
  }

  /**
   * Entries for many keys at once; the ones not held are computed together by one call
   * (`computeMissing`: one read for all of them). A key it does not answer is left out of the
   * result and not kept.
   */
  cached.many = async (
    db: Kysely<DB>,
    keys: Iterable<string>,
    computeMissing: (keys: string[]) => Promise<Map<string, T>>,
  ): Promise<Map<string, T>> => {
    const version = await readDataVersion(db);
    const s = storeOf(db);
    const found = new Map<string, Promise<T>>();
    const missing: string[] = [];
    const aged: [string, Entry<T>][] = [];
    for (const key of new Set(keys)) {
      const hit = current(s, key, version);
      if (hit && Date.now() - hit.at < maxAgeMs) found.set(key, hit.value);
      else if (hit && options.refreshInBackground && hit.settled) {
        found.set(key, hit.value);
        if (!hit.refreshing) {
          hit.refreshing = true;
          aged.push([key, hit]);
        }
      } else missing.push(key);
    }
    // Aged entries of an unchanged version are served as they are and read again together, in
    // the background; a key the new read does not answer (a row deleted meanwhile) is dropped.
    if (aged.length) {
      computeMissing(aged.map(([key]) => key)).then(
        (m) => {
          for (const [key, hit] of aged) {
            if (s.entries.get(key) !== hit) continue;
            if (m.has(key)) void put(db, s, key, version, Promise.resolve(m.get(key) as T));
            else remove(s, key);
          }
        },
        () => aged.forEach(([, hit]) => (hit.refreshing = false)),
      );
    }
    if (missing.length) {
      const computed = computeMissing(missing);
      computed.catch(() => undefined);
      for (const key of missing) {
        const value = computed.then((m) => {
          if (!m.has(key)) throw new NotAnswered();
          return m.get(key) as T;
        });
        found.set(key, put(db, s, key, version, value));
      }
    }
    const out = new Map<string, T>();
    for (const [key, value] of found) {
      try {
        out.set(key, await value);
      } catch (err) {
        if (!(err instanceof NotAnswered)) throw err;
      }
    }
    return out;
  };
  /** Bytes and entries held for this database (for tests and the bench). */
  cached.usage = (db: Kysely<DB>) => ({
    bytes: perDb.get(db)?.bytes ?? 0,
    entries: perDb.get(db)?.entries.size ?? 0,
    limit: limitOf(db),
  });
  return cached;
}
