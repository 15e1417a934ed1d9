import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Ingest at national scale (issue 23): append, then merge. A flag write appends the flag and one
 * row here; the roll-ups (need_counts, need_cell_counts, need_barrier_counts,
 * link_worker_activity) are brought up to date from these rows by one folder at a time
 * (server/needs/pending.ts: every process folds every quarter second; publication, an undo and
 * an admin's raw read fold first). Concurrent writers no longer queue on the same roll-up rows'
 * locks, and a fold sums many flags into each roll-up row.
 *
 * No index: rows are taken in chunks by ctid and deleted in the transaction that adds them to the
 * roll-ups, so each is counted exactly once. Vacuumed often (it churns; PGlite's jobs vacuum it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table need_rollup_queue (
  user_id uuid,
  tags text[] not null,
  cell text not null,
  week date not null,
  barriers jsonb not null,
  record_key int not null)
  with (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop table need_rollup_queue;');
}
