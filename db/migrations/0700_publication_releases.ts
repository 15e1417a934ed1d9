import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Publication (DESIGN.md "Publication"): need figures leave the server only from published,
 * frozen ISO weeks.
 *
 * - need_releases: one row per published week and revision (a moderation removal after
 *   publication is a new revision of that week). Every week up to the newest row is published.
 * - A flag for a published week is refused by a statement trigger, so no race between a
 *   flag's validation and a publication can write into a frozen week.
 * - Caches of published answers follow releases and the directory, not flag writes: the roll-ups
 *   no longer move data_version; a release does.
 * - Retention: published flags lose their author (user_id becomes null), note and exact time;
 *   per-Link-Worker activity of a published week becomes link_worker_counts (cell, week) with a
 *   cell key of its own.
 * - Interest marks live under a per-day secret (interest_mark_secrets) purged with them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table need_releases (
  week date not null check (extract(isodow from week) = 1),
  revision int not null default 1 check (revision >= 1),
  reason text not null check (reason in ('scheduled','early','moderation','seed')),
  published_by uuid references users(id) on delete set null,
  published_at timestamptz not null default now(),
  primary key (week, revision));

create trigger need_releases_data_version after insert or update or delete or truncate on need_releases for each statement execute function bump_data_version();

drop trigger if exists need_counts_data_version on need_counts;

drop trigger if exists need_cell_counts_data_version on need_cell_counts;

drop trigger if exists need_barrier_counts_data_version on need_barrier_counts;

create function gapmap_refuse_published_flags() returns trigger language plpgsql as $$ begin if exists (select 1 from inserted i where i.week <= (select max(week) from need_releases)) then raise exception 'gapmap:week_published' using errcode = 'P0001'; end if; return null; end $$;

create trigger need_flags_unpublished_weeks after insert on need_flags referencing new table as inserted for each statement execute function gapmap_refuse_published_flags();

alter table need_flags alter column user_id drop not null;

drop trigger if exists need_flags_touch on need_flags;

create table link_worker_counts (
  cell text not null,
  cell7 text not null,
  week date not null,
  count int not null check (count >= 0),
  key_sum int not null check (key_sum between 0 and 255),
  primary key (cell, week));
create index link_worker_counts_week on link_worker_counts(week);

create table interest_mark_secrets (
  day date primary key,
  secret text not null);

alter table proposals add column interest_key_sum int not null default 0 check (interest_key_sum between 0 and 255);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
alter table proposals drop column interest_key_sum;
drop table interest_mark_secrets;
drop table link_worker_counts;
create trigger need_flags_touch before update on need_flags for each row execute function gapmap_touch_updated_at();
drop trigger need_flags_unpublished_weeks on need_flags;
drop function gapmap_refuse_published_flags();
create trigger need_counts_data_version after insert or update or delete or truncate on need_counts for each statement execute function bump_data_version();
create trigger need_cell_counts_data_version after insert or update or delete or truncate on need_cell_counts for each statement execute function bump_data_version();
create trigger need_barrier_counts_data_version after insert or update or delete or truncate on need_barrier_counts for each statement execute function bump_data_version();
drop table need_releases;
`,
  );
}
