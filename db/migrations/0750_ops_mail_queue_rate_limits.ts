import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Operations (issue 20):
 * - `mail_queue`: every outgoing message, durable, until the relay has taken it. A worker in each
 *   server process claims due rows (SKIP LOCKED, a short lease), sends, and marks them sent, or
 *   schedules a retry with backoff. The body is wiped once sent (it may carry a signed link).
 * - `rate_limits`: one fixed window per (limiter, key), shared by every server process, so a
 *   login limit holds whichever process answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table mail_queue (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  sent_at timestamptz,
  failed_at timestamptz,
  created_at timestamptz not null default now()
);
create index mail_queue_due on mail_queue (next_attempt_at) where sent_at is null and failed_at is null;
create table rate_limits (
  name text not null,
  key text not null,
  window_start bigint not null,
  window_end bigint not null,
  hits integer not null,
  primary key (name, key)
);
create index rate_limits_window_end on rate_limits (window_end)
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
drop table if exists rate_limits;
drop table if exists mail_queue
`,
  );
}
