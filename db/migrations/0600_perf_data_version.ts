import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * A data version for caches of derived reads (gap rankings, need-map layers): every statement
 * that writes a table those reads depend on takes the next value of one sequence. A sequence,
 * not a counter row, so concurrent writers never wait on each other for it; readers compare
 * `last_value` with the version their cached result was computed at (server/perf/data-cache.ts).
 * Works the same in every process on one database.
 */
const WATCHED = [
  'need_counts',
  'need_cell_counts',
  'need_barrier_counts',
  'services',
  'service_locations',
  'service_tags',
  'locations',
  'schedules',
  'taxonomy',
  'areas',
  'area_cells',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create sequence data_version;
create function bump_data_version() returns trigger language plpgsql as $$
begin perform nextval('data_version'); return null; end $$;
${WATCHED.map((t) => `create trigger ${t}_data_version after insert or update or delete or truncate on ${t} for each statement execute function bump_data_version();`).join('\n')}
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
${WATCHED.map((t) => `drop trigger if exists ${t}_data_version on ${t};`).join('\n')}
drop function if exists bump_data_version();
drop sequence if exists data_version;
`,
  );
}
