/**
 * One server process: opens the database, serves the app, delivers queued mail, runs the
 * publication jobs, and shuts down gracefully (stop accepting, finish in-flight requests, store
 * queued flags, deliver due mail, finish a running job, close the database).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { serve } from '@hono/node-server';
import type { Kysely } from 'kysely';
import { connect } from '../db/connect.js';
import { keepsOwnStatistics } from '../db/planner-statistics.js';
import type { DB } from '../db/schema.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { Logger } from './http/logger.js';
import { setUpMail } from './mail/setup.js';
import { drainFlagWriter } from './needs/flag-writer.js';
import { foldPendingFlags, startFolding } from './needs/pending.js';
import { followWrites } from './perf/write-notices.js';
import { startHarvestScheduler } from './oruk/harvest.js';
import { FIRST_JOBS_AFTER_MS, startPublicationJobs } from './releases/jobs.js';
import { scheduleContactErasure } from './referrals/retention.js';
import { startReminderJob } from './listings/jobs.js';

export async function runServer(
  config: Config,
  logger: Logger,
  prepare?: (db: Kysely<DB>) => Promise<void>,
): Promise<void> {
  // The caches' budget must fit well inside V8's old space (npm start caps it at 384 MB).
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  if (config.cacheMaxMb * 4 > heapMb)
    logger({
      level: 'error',
      msg: 'CACHE_MAX_MB is large for the heap limit: raise --max-old-space-size to at least four times it (README "Configuration")',
      cacheMaxMb: config.cacheMaxMb,
      heapLimitMb: heapMb,
    });
  const database = await connect({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.pgliteDir,
    statementTimeoutMs: config.statementTimeoutMs,
    onPoolReplaced: (reason) =>
      logger({
        level: 'error',
        msg: 'database connection lost; opened a fresh connection pool',
        reason,
      }),
  });
  // PGlite: every write passes through this process, so the data version, the latest published
  // week and live sessions are kept in memory until a write to them commits (write-notices.ts).
  if (database.listen) await followWrites(database.db, database.listen);
  if (prepare) await prepare(database.db);

  // Publishes the weeks that are due (a process that starts late catches up, a moment after it
  // listens) and purges old interest marks; idempotent, so every process runs them.
  // Flags written are added to the roll-ups a quarter second later, by one process at a time.
  const folding = startFolding(database.db, logger);
  const jobs = startPublicationJobs(database.db, logger, {
    firstRunAfterMs: FIRST_JOBS_AFTER_MS,
    refreshStatistics: await keepsOwnStatistics(database.db, database.kind),
  });
  // Referral contacts are erased 30 days after a final status (hourly).
  const stopErasure = scheduleContactErasure(database.db, (err) =>
    logger({
      level: 'error',
      msg: 'referral contact erasure failed',
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  // Registered ORUK feeds are harvested when due; a claim on the feed keeps it to one process.
  const stopHarvesting = startHarvestScheduler(database.db, logger);
  const mail = setUpMail(database.db, config, logger);
  // Weekly: the key contacts of services nobody has confirmed for five months get a check link
  // (only when mail goes somewhere: a reminder that is dropped would still count as sent).
  const reminders = mail.worker
    ? startReminderJob({ db: database.db, config, mailer: mail.mailer, logger })
    : null;
  const clientDir = resolve('dist/client');
  const app = createApp({
    db: database.db,
    config,
    dbKind: database.kind,
    logger,
    clientDir: existsSync(resolve(clientDir, 'index.html')) ? clientDir : undefined,
    mailer: mail.mailer,
  });

  // Requests still being handled. A client that hangs up does not end its request's work, and the
  // HTTP server counts only connections, so shutdown waits for these before closing the database.
  // A count and one callback per request (a health poll costs a few microseconds in all).
  let inFlight = 0;
  let allSettled: (() => void) | undefined;
  const settled = () => {
    if (--inFlight === 0) allSettled?.();
  };
  const fetch: typeof app.fetch = (...args) => {
    const answer = app.fetch(...args);
    if (answer instanceof Promise) {
      inFlight += 1;
      answer.then(settled, settled);
    }
    return answer;
  };

  const server = serve({ fetch, port: config.port, hostname: config.host }, (info) => {
    logger({
      level: 'info',
      msg: `Gapmap listening on http://localhost:${info.port}`,
      db: database.kind,
      pid: process.pid,
      mail: mail.describe,
    });
  });
  // Node closes a kept-alive connection 5 s after its last answer unless the next request has been
  // read by then. Under load a request can wait that long in the socket, and the close then loses
  // it (the client sees no answer at all). Keep connections as long as proxies commonly do (their
  // idle timeout is typically 60 s), with the header timeout above it as Node requires.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  mail.worker?.start();

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger({ level: 'info', msg: 'shutting down', signal, pid: process.pid });
    // Stop accepting connections; in-flight requests finish, then the database closes.
    const closed = new Promise<void>((done) => server.close(() => done()));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    const force = setTimeout(() => {
      logger({ level: 'error', msg: 'forcing shutdown after 12 s' });
      process.exit(1);
    }, 12_000);
    force.unref();
    await closed;
    if (inFlight > 0) await new Promise<void>((done) => (allSettled = done));
    // Flags queued for a group commit are stored before the database closes (their requests are
    // in flight, so this is normally already settled by the time the server has closed).
    await drainFlagWriter(database.db);
    // What was written is in the roll-ups before the process goes (the next one would fold it too).
    await folding.stop();
    await foldPendingFlags(database.db).catch(() => undefined);
    // Mail that is due goes to the relay now (what cannot be sent waits in the queue for the next start).
    await mail.worker?.drain(8_000);
    stopErasure();
    stopHarvesting();
    await jobs.stop();
    await reminders?.stop();
    await database.close();
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
