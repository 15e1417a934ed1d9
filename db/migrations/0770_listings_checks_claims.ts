import type { Kysely } from 'kysely';
import { runDdl, timestamps, touch } from './ddl.js';

/**
 * Listings that stay true: when the key contact was last asked to check a service (one reminder
 * per period), when they said it needs changes, the signed single-use links of those reminders
 * (the referral links' mechanism, server/auth/signed-links.ts), and claims of a listing by
 * another organisation (approved by an admin).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
alter table services add column check_reminded_at timestamptz;
alter table services add column changes_requested_at timestamptz;

create table service_check_links (
  id uuid primary key default gen_random_uuid(),
  service_id uuid not null references services(id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  ${timestamps});
${touch('service_check_links')}
create index service_check_links_service on service_check_links(service_id);

create table service_claims (
  id uuid primary key default gen_random_uuid(),
  service_id uuid not null references services(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  requested_by uuid references users(id) on delete set null,
  status text not null default 'pending' check (status in ('pending','approved','rejected')),
  decided_by uuid references users(id) on delete set null,
  decided_at timestamptz,
  ${timestamps});
${touch('service_claims')}
create unique index service_claims_one_pending on service_claims(service_id, organisation_id) where status = 'pending';
create index service_claims_status on service_claims(status, created_at);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
drop table service_claims;
drop table service_check_links;
alter table services drop column changes_requested_at;
alter table services drop column check_reminded_at;
`,
  );
}
