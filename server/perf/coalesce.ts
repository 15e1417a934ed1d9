/**
 * Small reads shared by concurrent requests, never older than the request that asked.
 *
 * A caller joins a read that has not started yet, never one already under way: a read that began
 * before the caller arrived may have missed a write the caller saw committed. So at most one read
 * runs per database and at most one waits to start (when the running one ends, or, if none runs,
 * on the next turn of the event loop); N requests arriving together cost one statement instead
 * of N. Inside a transaction the read runs in it, alone.
 *
 * - `batchedRead(read)`: the waiting read asks for every key its callers brought (the sessions of
 *   the requests that arrived together: one `= any($1)` statement instead of one each).
 * - `coalescedRead(read)`: a read without a key (the data version and latest published week
 *   every published view is checked against, published-state.ts).
 *
 * With `keptUntil`, on a database whose writes this process follows (PGlite, write-notices.ts),
 * what a read found is kept until that channel's clock moves: later callers are answered from
 * memory, as fresh as a read of their own (nothing was committed there since). A read that saw
 * the clock move while it ran is not kept. Keys a read did not find are never kept.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { writeClock, type WriteChannel } from './write-notices.js';

export interface ReadOptions {
  /** Keep what was read until this channel's writes commit (followed databases only). */
  keptUntil?: WriteChannel;
}

/** Values kept per database at most; past it the kept values start over. */
const MAX_KEPT = 10_000;

interface Batches<K, V> {
  running?: Promise<unknown>;
  /** The next read: the keys it will ask for, and its answer once it has run. */
  next?: { keys: Set<K>; answer: Promise<Map<K, V>> };
}

export function batchedRead<K, V>(
  readNow: (db: Kysely<DB>, keys: K[]) => Promise<Map<K, V>>,
  options: ReadOptions = {},
) {
  const perDb = new WeakMap<Kysely<DB>, Batches<K, V>>();
  const channel = options.keptUntil;
  const kept = new WeakMap<Kysely<DB>, { clock: number; values: Map<K, V> }>();
  const keeping = async (db: Kysely<DB>, keys: K[]): Promise<Map<K, V>> => {
    const at = channel && writeClock(db, channel);
    const found = await readNow(db, keys);
    // Kept under the clock the read began at: if a write committed meanwhile, nobody is answered
    // from it (the clock has moved on), and it does not displace what newer reads keep.
    if (at !== undefined && channel && writeClock(db, channel) === at) {
      let k = kept.get(db);
      if (k?.clock !== at) kept.set(db, (k = { clock: at, values: new Map() }));
      if (k.values.size + found.size > MAX_KEPT) k.values.clear();
      for (const [key, value] of found) k.values.set(key, value);
    }
    return found;
  };
  const read = channel ? keeping : readNow;
  return async (db: Kysely<DB>, key: K): Promise<V | undefined> => {
    if (channel) {
      const k = kept.get(db);
      if (k && k.clock === writeClock(db, channel) && k.values.has(key)) return k.values.get(key);
    }
    if (db.isTransaction) return (await readNow(db, [key])).get(key);
    let batches = perDb.get(db);
    if (!batches) perDb.set(db, (batches = {}));
    const b = batches;
    const start = (keys: K[]): Promise<Map<K, V>> => {
      const running = read(db, keys).finally(() => {
        if (b.running === running) b.running = undefined;
      });
      b.running = running;
      return running;
    };
    // The next read starts once the one under way has ended, or, when none is, once the event
    // loop has taken in what else arrived with this request (setImmediate: after the poll phase
    // that read their sockets): a burst of requests shares one statement, not two.
    if (!b.next) {
      const keys = new Set<K>();
      const answer = (b.running ?? new Promise<void>((r) => setImmediate(r)))
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          b.next = undefined;
          return start([...keys]);
        });
      b.next = { keys, answer };
    }
    b.next.keys.add(key);
    return (await b.next.answer).get(key);
  };
}

const ONLY = Symbol('only');

export function coalescedRead<T>(read: (db: Kysely<DB>) => Promise<T>, options: ReadOptions = {}) {
  const shared = batchedRead<typeof ONLY, T>(
    async (db) => new Map([[ONLY, await read(db)]]),
    options,
  );
  return async (db: Kysely<DB>): Promise<T> => (await shared(db, ONLY)) as T;
}
