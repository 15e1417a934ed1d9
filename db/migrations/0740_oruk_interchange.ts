import type { Kysely } from 'kysely';
import { runDdl, timestamps, touch } from './ddl.js';

/**
 * Lossless ORUK interchange and harvesting.
 * - `oruk_extension` (jsonb) on organisations, services and locations keeps every UK-profile
 *   field Gapmap does not model (server/oruk/extension.ts types it), so it is published back.
 * - `oruk_source_hash` on services: the hash of the feed record last imported, so an unchanged
 *   record is recognised and re-importing it writes nothing.
 * - `oruk_feeds`: feeds an admin registered for scheduled harvesting, with the watermark
 *   (`modified_after` of the next run) and where an interrupted run resumes.
 * - `oruk_harvest_runs`: one report per run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
alter table organisations add column oruk_extension jsonb;
alter table services add column oruk_extension jsonb;
alter table services add column oruk_source_hash text;
alter table locations add column oruk_extension jsonb;

create table oruk_feeds (
  id uuid primary key default gen_random_uuid(),
  url text not null unique,
  name text not null,
  interval_minutes int not null default 1440 check (interval_minutes between 15 and 43200),
  enabled boolean not null default true,
  created_by uuid not null references users(id),
  next_run_at timestamptz not null default now(),
  running_since timestamptz,
  harvested_through timestamptz,
  resume_page int,
  resume_modified_after timestamptz,
  resume_started_at timestamptz,
  placeholder_organisation_id uuid references organisations(id) on delete set null,
  ${timestamps});
${touch('oruk_feeds')}
create index oruk_feeds_due on oruk_feeds(next_run_at) where enabled;

create table oruk_harvest_runs (
  id uuid primary key default gen_random_uuid(),
  feed_id uuid not null references oruk_feeds(id) on delete cascade,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running' check (status in ('running','succeeded','failed')),
  modified_after timestamptz,
  first_page int not null default 1,
  pages int not null default 0,
  created int not null default 0,
  updated int not null default 0,
  unchanged int not null default 0,
  rejected jsonb not null default '[]',
  error text);
create index oruk_harvest_runs_feed on oruk_harvest_runs(feed_id, started_at desc);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
drop table oruk_harvest_runs;
drop table oruk_feeds;
alter table locations drop column oruk_extension;
alter table services drop column oruk_source_hash;
alter table services drop column oruk_extension;
alter table organisations drop column oruk_extension;
`,
  );
}
