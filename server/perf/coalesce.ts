/**
 * One small read shared by concurrent requests, never older than the request that asked.
 *
 * A caller joins a read that has not started yet, never one already under way: a read that began
 * before the caller arrived may have missed a write the caller saw committed. So at most one read
 * runs per database and at most one waits to start when it ends; N requests arriving together
 * cost about two statements instead of N. Inside a transaction the read runs in it, alone.
 * Used for the per-request reads every published view makes (the latest published week, the data
 * version its cached answers are checked against).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

interface Reads<T> {
  running?: Promise<T>;
  waiting?: Promise<T>;
}

export function coalescedRead<T>(read: (db: Kysely<DB>) => Promise<T>) {
  const perDb = new WeakMap<Kysely<DB>, Reads<T>>();
  return (db: Kysely<DB>): Promise<T> => {
    if (db.isTransaction) return read(db);
    let reads = perDb.get(db);
    if (!reads) perDb.set(db, (reads = {}));
    const r = reads;
    const start = (): Promise<T> => {
      const running: Promise<T> = read(db).finally(() => {
        if (r.running === running) r.running = undefined;
      });
      r.running = running;
      return running;
    };
    if (!r.running) return start();
    // One read is under way: wait for it to end, then share the next one with whoever else comes.
    return (r.waiting ??= r.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        r.waiting = undefined;
        return start();
      }));
  };
}
