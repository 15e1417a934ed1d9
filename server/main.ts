/**
 * Reads config and starts Gapmap. WORKERS=1 (default): this process prepares the database
 * (migrations, demo world on first run with DEMO on, the taxonomy always) and serves. WORKERS=N
 * (PostgreSQL only): this process prepares the database, then forks N server processes that
 * share one port (node:cluster), restarts one that dies, and stops them all on SIGTERM/SIGINT.
 */
import cluster from 'node:cluster';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../fixtures/demo/seed.js';
import { seedEssentials } from '../fixtures/essentials.js';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './http/logger.js';
import { runServer } from './serve.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);

/** Migrations, the demo world (DEMO on, empty database) and the taxonomy (always). */
async function prepareDatabase(db: Parameters<typeof migrateToLatest>[0]): Promise<void> {
  await migrateToLatest(db);
  if (config.demo) {
    const seeded = await seedDemoIfEmpty(db, { demoLogins: config.demoLogins });
    if (seeded) logger({ level: 'info', msg: 'demo fixtures loaded', ...seeded });
  }
  const essentials = await seedEssentials(db);
  if (essentials.taxonomy) logger({ level: 'info', msg: 'need taxonomy loaded', ...essentials });
}

async function runPrimary(cfg: Config, log: Logger): Promise<void> {
  const database = await connect({
    databaseUrl: cfg.databaseUrl,
    pgliteDir: cfg.pgliteDir,
    statementTimeoutMs: cfg.statementTimeoutMs,
  });
  try {
    await prepareDatabase(database.db);
  } finally {
    await database.close();
  }
  let stopping = false;
  const fork = () => cluster.fork({ GAPMAP_WORKER: '1' });
  for (let i = 0; i < cfg.workers; i++) fork();
  log({ level: 'info', msg: `started ${cfg.workers} server processes`, pid: process.pid });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log({
      level: 'error',
      msg: 'server process exited; starting another',
      pid: worker.process.pid,
      code,
      signal,
    });
    setTimeout(fork, 1_000);
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log({ level: 'info', msg: 'stopping server processes', signal });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (config.workers > 1 && cluster.isPrimary) {
  await runPrimary(config, logger);
} else {
  await runServer(config, logger, cluster.isPrimary ? prepareDatabase : undefined);
}
