import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Committed writes announce themselves, for a database every write of which passes through one
 * process (embedded PGlite): there the server keeps the data version, the latest published week
 * and live sessions in memory until the database says they changed, instead of asking before
 * every answer (server/perf/write-notices.ts).
 * - Whatever moves `data_version` (migration 0600's trigger function) also notifies
 *   `gapmap_data_version`.
 * - Any write to `sessions`, or to `users` (role, name, organisation, disabling), notifies
 *   `gapmap_sessions`.
 * A notification is delivered when its transaction commits, never for one rolled back. On
 * PostgreSQL nobody listens (several processes share it and a notice arrives later than the
 * next request may), so there they cost one queue entry per writing transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create or replace function bump_data_version() returns trigger language plpgsql as $$
begin perform nextval('data_version'); perform pg_notify('gapmap_data_version', ''); return null; end $$;

create function gapmap_notify_sessions() returns trigger language plpgsql as $$
begin perform pg_notify('gapmap_sessions', ''); return null; end $$;

create trigger sessions_write_notice after insert or update or delete or truncate on sessions for each statement execute function gapmap_notify_sessions();

create trigger users_write_notice after update or delete or truncate on users for each statement execute function gapmap_notify_sessions();
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
drop trigger if exists users_write_notice on users;
drop trigger if exists sessions_write_notice on sessions;
drop function if exists gapmap_notify_sessions();
create or replace function bump_data_version() returns trigger language plpgsql as $$
begin perform nextval('data_version'); return null; end $$;
`,
  );
}
