import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Ingest at national scale (issue 23): a flag is one row.
 *
 * EXPLAIN ANALYZE of a 500-flag batch over 10M flags spent two thirds of its time in row-level
 * foreign-key triggers (a query and a FOR KEY SHARE row lock per row: need_flags → users,
 * need_flag_tags → need_flags and → taxonomy, link_worker_activity → users), every concurrent
 * writer locking the same few users and taxonomy rows. So:
 * - A flag's tags are a column of the flag (`tags text[]`, sorted, distinct); need_flag_tags goes.
 * - The row-level foreign keys from need_flags and link_worker_activity to users go. The checks
 *   stay, set-based, in the statement trigger that already refuses flags for published weeks
 *   (one anti-join per statement, no row locks): every flag's author is a user and every tag is
 *   in the taxonomy, else the statement fails with foreign_key_violation (23503). Users and tags
 *   are never deleted (accounts are disabled; slugs never change), which is what the cascades
 *   were for.
 */
/** The statement trigger's function, on one line (runDdl splits statements at a `;` ending a line). */
const REFUSE_FUNCTION = [
  'create or replace function gapmap_refuse_published_flags() returns trigger language plpgsql as $$ begin',
  "if exists (select 1 from inserted i where i.week <= (select max(week) from need_releases)) then raise exception 'gapmap:week_published' using errcode = 'P0001'; end if;",
  "if exists (select 1 from inserted i where i.user_id is not null and not exists (select 1 from users u where u.id = i.user_id)) then raise exception 'gapmap:unknown_user' using errcode = '23503'; end if;",
  "if exists (select 1 from inserted i cross join lateral unnest(i.tags) as t(slug) where not exists (select 1 from taxonomy x where x.slug = t.slug)) then raise exception 'gapmap:unknown_tag' using errcode = '23503'; end if;",
  'return null; end $$',
].join(' ');

export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
alter table need_flags add column tags text[];

update need_flags f set tags = t.tags
  from (select flag_id, array_agg(tag_slug order by tag_slug) as tags from need_flag_tags group by flag_id) t
  where t.flag_id = f.id;

update need_flags set tags = '{}' where tags is null;

alter table need_flags alter column tags set not null;

drop table need_flag_tags;

alter table need_flags drop constraint if exists need_flags_user_id_fkey;

alter table link_worker_activity drop constraint if exists link_worker_activity_user_id_fkey;

${REFUSE_FUNCTION};
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create or replace function gapmap_refuse_published_flags() returns trigger language plpgsql as $$ begin if exists (select 1 from inserted i where i.week <= (select max(week) from need_releases)) then raise exception 'gapmap:week_published' using errcode = 'P0001'; end if; return null; end $$;

create table need_flag_tags (
  flag_id uuid not null references need_flags(id) on delete cascade,
  tag_slug text not null references taxonomy(slug) on update cascade,
  primary key (flag_id, tag_slug));

insert into need_flag_tags (flag_id, tag_slug) select id, unnest(tags) from need_flags;

alter table need_flags drop column tags;

alter table need_flags add constraint need_flags_user_id_fkey foreign key (user_id) references users(id) on delete cascade;

alter table link_worker_activity add constraint link_worker_activity_user_id_fkey foreign key (user_id) references users(id) on delete cascade;
`,
  );
}
