/**
 * Small reads shared by concurrent requests, never older than the request that asked.
 *
 * A caller joins a read that has not started yet, never one already under way: a read that began
 * before the caller arrived may have missed a write the caller saw committed. So at most one read
 * runs per database and at most one waits to start when it ends; N requests arriving together
 * cost about two statements instead of N. Inside a transaction the read runs in it, alone.
 *
 * - `batchedRead(read)`: the waiting read asks for every key its callers brought (the sessions of
 *   the requests that arrived together: one `= any($1)` statement instead of one each).
 * - `coalescedRead(read)`: a read without a key (the latest published week, the data version
 *   every published view's cached answers are checked against).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

interface Batches<K, V> {
  running?: Promise<unknown>;
  /** The next read: the keys it will ask for, and its answer once it has run. */
  next?: { keys: Set<K>; answer: Promise<Map<K, V>> };
}

export function batchedRead<K, V>(read: (db: Kysely<DB>, keys: K[]) => Promise<Map<K, V>>) {
  const perDb = new WeakMap<Kysely<DB>, Batches<K, V>>();
  return async (db: Kysely<DB>, key: K): Promise<V | undefined> => {
    if (db.isTransaction) return (await read(db, [key])).get(key);
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
    if (!b.running) return (await start([key])).get(key);
    // One read is under way: wait for it to end, then share the next one with whoever else comes.
    if (!b.next) {
      const keys = new Set<K>();
      const answer = b.running
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

export function coalescedRead<T>(read: (db: Kysely<DB>) => Promise<T>) {
  const shared = batchedRead<typeof ONLY, T>(async (db) => new Map([[ONLY, await read(db)]]));
  return async (db: Kysely<DB>): Promise<T> => (await shared(db, ONLY)) as T;
}
