/**
 * Append, then merge (migration 0870): a flag write appends the flag and a row of
 * need_rollup_queue; `foldPendingFlags` takes those rows and adds them to the roll-ups, deleting
 * them in the same transaction, so each flag is counted exactly once whoever folds.
 *
 * - One folder at a time per database (a transaction-scoped advisory lock): folds never wait on
 *   each other's roll-up rows, and the roll-ups have no other writer but an undo, which folds
 *   first under the same lock.
 * - Every server process folds every FOLD_INTERVAL_MS (`startFolding`); publication folds before
 *   it freezes a week, an undo before it subtracts, and an admin's raw read before it reads
 *   unpublished weeks, so nothing that reads roll-ups sees them behind a flag it could know of.
 *   Published answers read only published weeks, folded at publication.
 * - Rows are taken FOLD_CHUNK at a time (a queue grown while no process ran is folded in parts).
 * - The queue is vacuumed by the folders themselves (`startFolding`, every VACUUM_EVERY rows a
 *   process folded), not left to autovacuum: PGlite has none, and a PostgreSQL may run without
 *   it (CI's does). Every queue row dies within a quarter second, and a fold's first step scans
 *   the heap from its start for live rows: at 2.1M dead rows (~2M flags ingested without a
 *   vacuum) PostgreSQL spent ~85 % of a core on 1,600 single flags a second, ~55 % after one
 *   VACUUM (0.7 s; the queue has no index, so a vacuum is one pass over a small heap).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import type { Logger } from '../http/logger.js';
import { foldChunk } from './queries.js';

/** How often each process folds what was written since. */
export const FOLD_INTERVAL_MS = 250;
/**
 * Queue rows one statement takes at most. A fold's cost is mostly its roll-up upserts, one per
 * distinct (tag, cell, week) and the like in its chunk, so bigger chunks fold cheaper per flag:
 * at 10M flags a backlog of this week's flags folded at ~18,000 flags/s in chunks of 10,000,
 * ~38,000 in chunks of 50,000 (~1.5 s a statement, well inside the statement timeout). Folds
 * are not scheduled by size: one that runs long leaves more for the next, which then costs less
 * per flag, so the fold keeps up with faster writing instead of leaving a growing queue.
 */
const FOLD_CHUNK = 50_000;
/** The advisory lock every folder holds until its transaction ends ("gapmap:fold"). */
const FOLD_LOCK = 0x6761_7066;
/** Queue rows a process folds between two vacuums of the queue (see the header). */
export const VACUUM_EVERY = 50_000;

/**
 * Adds every flag written and committed so far to the roll-ups, in the caller's transaction or in
 * one of its own; returns how many it folded. Concurrent callers take turns.
 */
export async function foldPendingFlags(
  db: Db,
  options: {
    chunk?: number;
    /**
     * Fold only if no other folder holds the lock (0 otherwise): the periodic fold, whose flags
     * the folder under way or the next tick takes, rather than hold a connection and a
     * transaction waiting its turn (with WORKERS=2 every other tick did).
     */
    unlessBusy?: boolean;
  } = {},
): Promise<number> {
  const chunk = options.chunk ?? FOLD_CHUNK;
  const fold = async (trx: Transaction<DB>) => {
    if (options.unlessBusy) {
      const { rows } = await sql<{ locked: boolean }>`
        select pg_try_advisory_xact_lock(${FOLD_LOCK}) as locked`.execute(trx);
      if (!rows[0]?.locked) return 0;
    } else await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx);
    let folded = 0;
    for (;;) {
      const taken = await foldChunk(trx, chunk);
      folded += taken;
      if (taken < chunk) return folded;
    }
  };
  return db.isTransaction
    ? fold(db as Transaction<DB>)
    : (db as Kysely<DB>).transaction().execute(fold);
}

/**
 * Folds every FOLD_INTERVAL_MS until `stop()`, which waits for a fold under way; vacuums the queue
 * once this process has folded `vacuumEvery` rows since its last vacuum (and at the first tick,
 * for what an earlier run left).
 */
export function startFolding(
  db: Kysely<DB>,
  logger: Logger,
  options: { intervalMs?: number; vacuumEvery?: number } = {},
) {
  const { intervalMs = FOLD_INTERVAL_MS, vacuumEvery = VACUUM_EVERY } = options;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let failing = false;
  let sinceVacuum = vacuumEvery;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = foldPendingFlags(db, { unlessBusy: true })
      .then(async (folded) => {
        if (failing) logger({ level: 'info', msg: 'folding flags into the roll-ups works again' });
        failing = false;
        sinceVacuum += folded;
        if (sinceVacuum < vacuumEvery) return;
        // Outside the fold's transaction (VACUUM runs in none); inserts and folds go on meanwhile.
        // Skipped if another process is vacuuming the queue right now (it does the same work).
        sinceVacuum = 0;
        await sql`vacuum (skip_locked) need_rollup_queue`.execute(db).catch((error: unknown) =>
          logger({
            level: 'error',
            msg: 'vacuuming the roll-up queue failed; tried again after the next folds',
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      })
      .catch((error: unknown) => {
        // Said once per outage: the flags are kept and folded when the database answers again.
        if (!failing)
          logger({
            level: 'error',
            msg: 'folding flags into the roll-ups failed; they stay queued and are tried again',
            error: error instanceof Error ? error.message : String(error),
          });
        failing = true;
      })
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
