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

const config = loadConfig();
const logger = createLogger(config.logLevel);
const database = await connect({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.pgliteDir,
  statementTimeoutMs: config.statementTimeoutMs,
});
await migrateToLatest(database.db);
if (config.demo) {
  const seeded = await seedDemoIfEmpty(database.db, { demoLogins: config.demoLogins });
  if (seeded) logger({ level: 'info', msg: 'demo fixtures loaded', ...seeded });
}

const clientDir = resolve('dist/client');
const app = createApp({
  db: database.db,
  config,
  dbKind: database.kind,
  logger,
  clientDir: existsSync(resolve(clientDir, 'index.html')) ? clientDir : undefined,
  mailer: config.mailOutboxDir ? outboxMailer(resolve(config.mailOutboxDir)) : undefined,
});

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  logger({ level: 'info', msg: `Gapmap listening on http://localhost:${info.port}`, db: database.kind });
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
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
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
