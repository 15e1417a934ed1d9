import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Service views are cached per data version (server/services/views.ts): the two tables a view
 * reads that migration 0600 did not watch — the organisation's name and the service's
 * translations — now move `data_version` too.
 */
const WATCHED = ['organisations', 'service_translations'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    WATCHED.map(
      (t) =>
        `create trigger ${t}_data_version after insert or update or delete or truncate on ${t} for each statement execute function bump_data_version();`,
    ).join('\n'),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    WATCHED.map((t) => `drop trigger if exists ${t}_data_version on ${t};`).join('\n'),
  );
}
