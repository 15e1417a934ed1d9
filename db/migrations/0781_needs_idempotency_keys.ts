import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * `Idempotency-Key` on POST /api/v1/needs and /needs/batch (API.md v1.1): the first answer to a
 * (user, route, key) is kept for 7 days and returned again for a retry, which stores nothing.
 *
 * - key_hash: sha-256 of (user, route, key); the primary key, so two concurrent requests with the
 *   same key cannot both store (the second waits for the first's transaction, then conflicts).
 * - user_id: who sent it, cleared when the answer's week is published (retention: a published flag
 *   keeps no link to its author; the hash still finds the answer for its author's retry).
 * - week: the newest week the answer's flags belong to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table need_idempotency_keys (
  key_hash text primary key,
  user_id uuid references users(id) on delete cascade,
  week date,
  status int not null,
  response jsonb not null,
  created_at timestamptz not null default now());
create index need_idempotency_keys_created on need_idempotency_keys(created_at);
create index need_idempotency_keys_week on need_idempotency_keys(week);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop table need_idempotency_keys;');
}
