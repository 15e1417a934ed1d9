/** Reads config, opens and migrates the database, seeds the demo world on first run, serves, shuts down gracefully. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../fixtures/demo/seed.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './http/logger.js';
import { outboxMailer } from './mail/mailer.js';
import { drainFlagWriter } from './needs/flag-writer.js';
import { startHarvestScheduler } from './oruk/harvest.js';
import { startPublicationJobs } from './releases/jobs.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const database = await connect({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.pgliteDir,
  statementTimeoutMs: config.statementTimeoutMs,
  onPoolReplaced: (reason) => logger({ level: 'error', msg: 'database connection lost; opened a fresh connection pool', reason }),
});
await migrateToLatest(database.db);
if (config.demo) {
  const seeded = await seedDemoIfEmpty(database.db, { demoLogins: config.demoLogins });
  if (seeded) logger({ level: 'info', msg: 'demo fixtures loaded', ...seeded });
}

// Publishes the weeks that are due (a process that starts late catches up) and purges old interest marks.
const jobs = startPublicationJobs(database.db, logger);

const clientDir = resolve('dist/client');
const app = createApp({
  db: database.db,
  config,
  dbKind: database.kind,
  logger,
  clientDir: existsSync(resolve(clientDir, 'index.html')) ? clientDir : undefined,
  mailer: config.mailOutboxDir ? outboxMailer(resolve(config.mailOutboxDir)) : undefined,
});

// Requests still being handled. A client that hangs up does not end its request's work, and the
// HTTP server counts only connections, so shutdown waits for these before closing the database.
const inFlight = new Set<Promise<unknown>>();
const fetch: typeof app.fetch = (...args) => {
  const answer = Promise.resolve(app.fetch(...args));
  inFlight.add(answer);
  void answer.finally(() => inFlight.delete(answer)).catch(() => {});
  return answer;
};

const server = serve({ fetch, port: config.port, hostname: config.host }, (info) => {
  logger({ level: 'info', msg: `Gapmap listening on http://localhost:${info.port}`, db: database.kind });
});
// Node closes a kept-alive connection 5 s after its last answer unless the next request has been
// read by then. Under load a request can wait that long in the socket, and the close then loses
// it (the client sees no answer at all). Keep connections as long as proxies commonly do (their
// idle timeout is typically 60 s), with the header timeout above it as Node requires.
if ('keepAliveTimeout' in server) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

// Registered ORUK feeds are harvested when due (server/oruk/harvest.ts).
const stopHarvesting = startHarvestScheduler(database.db, logger);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  stopHarvesting();
  logger({ level: 'info', msg: 'shutting down', signal });
  // Stop accepting connections; in-flight requests finish, then the database closes.
  const closed = new Promise<void>((done) => server.close(() => done()));
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  const force = setTimeout(() => {
    logger({ level: 'error', msg: 'forcing shutdown after 10 s' });
    process.exit(1);
  }, 10_000);
  force.unref();
  await closed;
  await Promise.allSettled([...inFlight]);
  // Flags queued for a group commit are stored before the database closes (their requests are
  // in flight, so this is normally already settled by the time the server has closed).
  await drainFlagWriter(database.db);
  await jobs.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
