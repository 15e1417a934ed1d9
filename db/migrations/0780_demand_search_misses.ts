import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Searches that found nothing are demand (issue 22): a signed-in directory or map search for a tag
 * near a place that finds no active service within its radius adds one to a roll-up
 * (tag, res-7 cell, ISO week) with a cell key, exactly like need_counts. No user, no query text.
 *
 * - search_miss_counts: the roll-up, published with the need releases (weeks up to the newest
 *   need_releases row) and through suppressCount.
 * - search_miss_marks: one per user per tag per week without naming the user: an HMAC of
 *   (user, tag, week) under that week's secret (search_miss_secrets). Marks and their week's secret
 *   are deleted when the week is published, so afterwards nobody can recompute who searched.
 * Writes here do not move data_version: published answers read published weeks only, and a
 * release moves it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table search_miss_counts (
  tag_slug text not null,
  cell7 text not null,
  cell6 text not null,
  week date not null check (extract(isodow from week) = 1),
  count int not null check (count >= 0),
  key_sum int not null check (key_sum between 0 and 255),
  primary key (tag_slug, cell7, week));
create index search_miss_counts_week on search_miss_counts(week);
create index search_miss_counts_cell7_week on search_miss_counts(cell7, week);

create table search_miss_secrets (
  week date primary key,
  secret text not null);

create table search_miss_marks (
  marker text primary key,
  week date not null);
create index search_miss_marks_week on search_miss_marks(week);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
drop table search_miss_marks;
drop table search_miss_secrets;
drop table search_miss_counts;
`,
  );
}
