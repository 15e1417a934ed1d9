import type { Kysely } from 'kysely';
import { runDdl, timestamps, touch } from './ddl.js';

/** Sessions (token hashes only), invitations, the audit log and runtime settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  csrf_token text not null,
  last_seen_at timestamptz not null default now(),
  idle_expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  revoked_at timestamptz,
  ${timestamps});
${touch('sessions')}
create index sessions_user on sessions(user_id);

create table invites (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  email text not null,
  role text not null check (role in ('link_worker','organiser','funder','admin')),
  organisation_id uuid references organisations(id) on delete cascade,
  invited_by uuid references users(id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  ${timestamps});
${touch('invites')}

create table audit_log (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references users(id) on delete set null,
  action text not null,
  entity text not null,
  entity_id text,
  details jsonb not null default '{}',
  ${timestamps});
create index audit_log_created on audit_log(created_at desc);
create index audit_log_entity on audit_log(entity, entity_id);

create table settings (
  key text primary key,
  value jsonb not null,
  ${timestamps});
${touch('settings')}
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `drop table settings;
drop table audit_log;
drop table invites;
drop table sessions;`,
  );
}
