/**
 * Derived reads (the gap ranking, the need map's roll-up sums) cached until the data changes.
 *
 * Every write to a table those reads depend on takes the next value of the `data_version`
 * sequence (migration 0600), whichever process wrote it. A cached result is served only while
 * `data_version` still reads the value it was computed at, so a new flag, service or schedule
 * shows at once; `maxAgeMs` bounds the one race a sequence leaves open (a read that saw a
 * writer's new version before that writer committed). Concurrent requests for the same key share
 * one computation. What is cached is raw (pre-suppression) data held in this process only:
 * callers still publish every count through suppressCount.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface DataCacheOptions {
  /** Entries kept per database (least recently used go first). */
  maxEntries?: number;
  /** An entry is recomputed after this long even if no write was seen. */
  maxAgeMs?: number;
}

interface Entry<T> {
  version: number;
  at: number;
  value: Promise<T>;
}

/** The database's current data version: one tiny read, no lock. */
export async function readDataVersion(db: Kysely<DB>): Promise<number> {
  // A new sequence reads last_value 1 both before and after its first nextval; is_called tells them apart.
  const { rows } = await sql<{ version: number }>`select case when is_called then last_value else 0 end as version from data_version`.execute(db);
  return Number(rows[0]?.version ?? 0);
}

export function createDataCache<T>(options: DataCacheOptions = {}) {
  const maxEntries = options.maxEntries ?? 64;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  // Per database object, so test apps over their own databases never share entries.
  const perDb = new WeakMap<Kysely<DB>, Map<string, Entry<T>>>();

  return async function cached(db: Kysely<DB>, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await readDataVersion(db);
    let entries = perDb.get(db);
    if (!entries) perDb.set(db, (entries = new Map()));
    const hit = entries.get(key);
    if (hit && hit.version === version && Date.now() - hit.at < maxAgeMs) {
      // Map order is insertion order: re-insert to mark it most recently used.
      entries.delete(key);
      entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    const entry: Entry<T> = { version, at: Date.now(), value };
    entries.set(key, entry);
    // A failed computation is not remembered.
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return value;
  };
}
