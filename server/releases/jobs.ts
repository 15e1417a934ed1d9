/**
 * The publication jobs every server process runs: publish the weeks that are due (at start, so a
 * process that starts late publishes what is due, and then every few minutes), build the gap
 * check's demand index for the newest published weeks (after a release in any process, within
 * one interval), read the directory's service views ahead (within the cache's share), keep the
 * planner statistics where no autovacuum does (PGlite; a PostgreSQL without it) and purge the previous days'
 * interest marks. All are idempotent and safe with several processes.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Logger } from '../http/logger.js';
import { purgeInterestMarks } from '../proposals/participation.js';
import { publishDue } from './releases.js';
import { purgeIdempotencyKeys } from '../needs/idempotency.js';
import { warmGapCheck } from '../gaps/gap-check.js';
import { warmServiceViews } from '../services/views.js';
import { refreshPlannerStatistics } from '../../db/planner-statistics.js';

export const JOB_INTERVAL_MS = 5 * 60_000;

/** A server's first run of the jobs comes this long after it listens: its first answers go first. */
export const FIRST_JOBS_AFTER_MS = 2_000;

export interface JobOptions {
  now?: Date;
  /**
   * A database without autovacuum (PGlite; a PostgreSQL configured so): analyze the tables that
   * have no planner statistics, and the whole database after a release (db/planner-statistics.ts).
   */
  refreshStatistics?: boolean;
}

export async function runPublicationJobs(
  db: Kysely<DB>,
  logger: Logger,
  options: JobOptions = {},
): Promise<void> {
  const now = options.now ?? new Date();
  // Each job on its own: one failing (logged with what it means) never stops the others.
  const attempt = async (failure: string, job: () => Promise<unknown>) => {
    try {
      await job();
    } catch (error) {
      logger({
        level: 'error',
        msg: failure,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  await attempt('publication failed; the weeks stay unpublished and are tried again', async () => {
    const weeks = await publishDue(db, now);
    if (weeks.length) logger({ level: 'info', msg: 'need figures published', weeks });
    if (options.refreshStatistics) await refreshPlannerStatistics(db, { all: weeks.length > 0 });
  });
  await attempt('building the gap check index failed; checks build it as they need it', () =>
    warmGapCheck(db),
  );
  await attempt('reading service views ahead failed; requests read them as they need them', () =>
    warmServiceViews(db),
  );
  await attempt('idempotency key purge failed', () => purgeIdempotencyKeys(db, now));
  await attempt('interest mark purge failed', () => purgeInterestMarks(db, now));
}

/**
 * Starts the jobs (after `firstRunAfterMs`, then every JOB_INTERVAL_MS); `stop()` before the
 * database closes. A server starts them a moment after it listens: on PGlite's one connection
 * their first run (~0.6 s with the demo world, most of it the gap check's index) would otherwise
 * hold back the first requests.
 */
export function startPublicationJobs(
  db: Kysely<DB>,
  logger: Logger,
  options: { intervalMs?: number; firstRunAfterMs?: number; refreshStatistics?: boolean } = {},
) {
  const { intervalMs = JOB_INTERVAL_MS, firstRunAfterMs = 0, refreshStatistics = false } = options;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(() => runPublicationJobs(db, logger, { refreshStatistics }));
  };
  const first = setTimeout(run, firstRunAfterMs);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
