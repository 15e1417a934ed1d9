/**
 * The benchmark database: PostgreSQL when DATABASE_URL is set, otherwise PGlite in PGLITE_DIR
 * (default ./bench/data/pglite, git-ignored). Kept apart from the app's ./data so generating a
 * million flags never touches a developer's working database.
 */
import { resolve } from 'node:path';
import { connect, type Database } from '../db/connect.js';
import { libpqEnv } from '../db/postgres-url.js';

export const BENCH_PGLITE_DIR = resolve(process.env.PGLITE_DIR ?? 'bench/data/pglite');
/** Every bench account shares this password (the accounts exist only in the bench database). */
export const BENCH_PASSWORD = 'gapmap-bench-password-2026';
export const BENCH_ADMIN_EMAIL = 'admin@bench.gapmap';
export const benchLinkWorkerEmail = (i: number) => `link-worker-${i}@bench.gapmap`;

function benchDatabaseEnv(): Record<string, string> {
  return process.env.DATABASE_URL
    ? { DATABASE_URL: process.env.DATABASE_URL }
    : { PGLITE_DIR: BENCH_PGLITE_DIR };
}

/** The server's settings over the bench data (production mode needs its secrets set). */
export function benchServerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...benchDatabaseEnv(),
    DEMO: '0',
    CELL_KEY_SECRET: 'gapmap-bench-cell-key-secret',
    REFERRAL_CONTACT_KEY: 'YmVuY2gtcmVmZXJyYWwtY29udGFjdC1rZXktMzJieXQ=',
    FLAG_RATE_LIMIT_PER_HOUR: '100000000',
    ...extra,
  };
}

export function openBenchDatabase(maxConnections = 10): Promise<Database> {
  return connect({
    databaseUrl: process.env.DATABASE_URL || undefined,
    pgliteDir: BENCH_PGLITE_DIR,
    maxConnections,
  });
}

/** Where the data lives, for messages (never prints a password from a URL). */
export function describeBenchDatabase(): string {
  const url = process.env.DATABASE_URL;
  if (!url) return `PGlite at ${BENCH_PGLITE_DIR}`;
  // Read as libpq reads it (a socket directory or a host), without the password.
  const { PGHOST, PGPORT, PGDATABASE } = libpqEnv(url);
  return `PostgreSQL ${PGHOST ?? 'localhost'}:${PGPORT ?? 5432}/${PGDATABASE ?? ''}`;
}

/** A one-line progress report that rewrites itself on a terminal. */
export function progressLine(label: string, done: number, total: number, startedAt: number): void {
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = Math.round(done / Math.max(seconds, 0.001));
  const line = `${label}: ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} (${rate.toLocaleString('en-GB')} rows/s, ${seconds.toFixed(1)} s)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}
