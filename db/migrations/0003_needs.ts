import type { Kysely } from 'kysely';
import { runDdl, timestamps, touch } from './ddl.js';

/**
 * Need flags and their roll-ups. Aggregates read only the roll-ups, which the write path keeps
 * in the same transaction as the flag. No column holds a postcode or a coordinate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table need_flags (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  cell text not null,
  week date not null check (extract(isodow from week) = 1),
  barriers jsonb not null default '[]',
  age_band text check (age_band in ('0-17','18-25','26-49','50-64','65+')),
  language text,
  note text check (char_length(note) <= 280),
  record_key int not null check (record_key between 0 and 255),
  ${timestamps});
${touch('need_flags')}
create index need_flags_user_created on need_flags(user_id, created_at desc);

create table need_flag_tags (
  flag_id uuid not null references need_flags(id) on delete cascade,
  tag_slug text not null references taxonomy(slug) on update cascade,
  primary key (flag_id, tag_slug));

create table need_counts (
  tag_slug text not null,
  cell text not null,
  cell7 text not null,
  cell6 text not null,
  week date not null,
  count int not null check (count >= 0),
  key_sum int not null check (key_sum between 0 and 255),
  primary key (tag_slug, cell, week));
create index need_counts_cell_week on need_counts(cell, week);
create index need_counts_cell7_week on need_counts(cell7, week);
create index need_counts_cell6_week on need_counts(cell6, week);
create index need_counts_week on need_counts(week);

create table need_barrier_counts (
  tag_slug text not null,
  cell text not null,
  cell7 text not null,
  week date not null,
  barrier text not null,
  count int not null check (count >= 0),
  key_sum int not null check (key_sum between 0 and 255),
  primary key (tag_slug, cell, week, barrier));
create index need_barrier_counts_cell_week on need_barrier_counts(cell, week);

create table link_worker_activity (
  user_id uuid not null references users(id) on delete cascade,
  cell text not null,
  week date not null,
  flags int not null check (flags >= 0),
  primary key (cell, week, user_id));

create table postcodes (
  key text primary key,
  kind text not null check (kind in ('unit','sector','district')),
  lat double precision not null,
  lng double precision not null);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `drop table postcodes;
drop table link_worker_activity;
drop table need_barrier_counts;
drop table need_counts;
drop table need_flag_tags;
drop table need_flags;`,
  );
}
