import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * The no-tag /gaps ranking reads a window's barrier rows for every cell (server/gaps/queries.ts
 * demandByCellAndTag): without a week index that was a sequential scan of all of
 * need_barrier_counts (1.5M rows at 1M flags) for a 12-week window. Week is never updated, so
 * upserts of the counts stay HOT (migration 0302).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'create index need_barrier_counts_week on need_barrier_counts (week, barrier);');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop index need_barrier_counts_week;');
}
