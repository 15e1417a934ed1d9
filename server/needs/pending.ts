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

/** Folds every FOLD_INTERVAL_MS until `stop()`, which waits for a fold under way. */
export function startFolding(db: Kysely<DB>, logger: Logger, intervalMs = FOLD_INTERVAL_MS) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let failing = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = foldPendingFlags(db, { unlessBusy: true })
      .then(() => {
        if (failing) logger({ level: 'info', msg: 'folding flags into the roll-ups works again' });
        failing = false;
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
