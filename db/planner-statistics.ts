/**
 * Planner statistics for the embedded database. PGlite runs no autovacuum, so a table filled
 * after its migration keeps no statistics, and PostgreSQL's planner guesses its sizes: a service
 * view's children (four indexed lookups of 20 ids) took 15 ms there instead of 3 ms after an
 * ANALYZE, at 1M flags. The publication jobs call this in a process holding PGlite: at start the
 * tables that have no statistics yet, and the whole database after each release (a week of
 * flags has settled into the roll-ups). PostgreSQL's own autovacuum does this there, when it runs:
 * a server configured without it (CI's is) gets the same jobs as PGlite (`keepsOwnStatistics`).
 */
import { sql, type Kysely } from 'kysely';
import type { DbKind } from './connect.js';
import type { DB } from './schema.js';

/** Analyzes every table (`all`), or only those with no statistics yet (empty ones among them). */
export async function refreshPlannerStatistics(
  db: Kysely<DB>,
  options: { all: boolean },
): Promise<void> {
  if (options.all) {
    await sql`analyze`.execute(db);
    return;
  }
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'
      and not exists (select 1 from pg_statistic s where s.starelid = c.oid)`.execute(db);
  for (const { name } of rows) await sql`analyze ${sql.table(name)}`.execute(db);
}

/** Whether the app must keep the planner statistics itself: PGlite, or PostgreSQL with autovacuum off. */
export async function keepsOwnStatistics(db: Kysely<DB>, kind: DbKind): Promise<boolean> {
  if (kind === 'pglite') return true;
  const { rows } = await sql<{ off: boolean }>`
    select current_setting('autovacuum') = 'off' as off`.execute(db);
  return rows[0]?.off ?? false;
}
