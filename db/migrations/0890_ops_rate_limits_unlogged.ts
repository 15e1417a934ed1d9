import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Issue 23: rate-limit windows are counters, not records. Every flag request counts a hit, and on
 * a logged table each of those commits waited for its own WAL flush (with two workers, half the
 * flushes a single flag cost; the other processes' hits on the same key queued behind that flush
 * on the row lock). Unlogged, a hit commits without waiting for the disk. What that gives up: after
 * a database crash (not a clean restart) the windows start empty, and a standby has none; every
 * limit then counts again from zero, which lets through at most one more window's worth.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, `alter table rate_limits set unlogged`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, `alter table rate_limits set logged`);
}
