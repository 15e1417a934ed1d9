import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * A service's card summary and "how to join" in other languages, written by its organiser; and
 * a Link Worker's shortlists for one client. A shortlist keeps no client identity: the services,
 * the language and a hashed link token that expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table service_translations (
  service_id uuid not null references services(id) on delete cascade,
  language text not null,
  summary text not null,
  how_to_join text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (service_id, language));
create table shortlists (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  language text not null,
  service_ids jsonb not null,
  created_by uuid references users(id) on delete set null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now());
create index shortlists_expires_at on shortlists(expires_at);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop table shortlists; drop table service_translations;');
}
