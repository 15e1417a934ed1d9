import { sql, type Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Published running totals: per published week, what the roll-ups hold from the first published
 * week through that one, per (tag, res-8 cell) with the answerable barriers as columns, and per
 * cell whatever the tags. Published weeks never change (moderation subtracts from every later
 * total), so a window's sum is the total at its last week minus the total at the week before it:
 * two rows per (tag, cell) whatever the window's length, instead of one per week.
 *
 * Rows are dense: once a (tag, cell) has a flag, every later published week has its row, so the
 * total at a week is found by equality. Key sums are kept mod 256 like the roll-ups'.
 *
 * Frozen in time: the fold below is this migration's own copy (the live one is in
 * server/releases/totals.ts); it backfills the weeks already published.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table published_need_totals (
  week date not null,
  cell text not null,
  tag_slug text not null,
  cell7 text not null,
  cell6 text not null,
  count int not null check (count >= 0),
  key_sum int not null check (key_sum between 0 and 255),
  cost_count int not null default 0,
  cost_key int not null default 0,
  access_count int not null default 0,
  access_key int not null default 0,
  timing_count int not null default 0,
  timing_key int not null default 0,
  language_count int not null default 0,
  language_key int not null default 0,
  primary key (week, cell, tag_slug));
create index published_need_totals_cell7 on published_need_totals (week, cell7);
create index published_need_totals_cell6 on published_need_totals (week, cell6);
create table published_cell_totals (
  week date not null,
  cell text not null,
  cell7 text not null,
  cell6 text not null,
  count int not null check (count >= 0),
  key_sum int not null check (key_sum between 0 and 255),
  primary key (week, cell));
create index published_cell_totals_cell7 on published_cell_totals (week, cell7);
create index published_cell_totals_cell6 on published_cell_totals (week, cell6);
`,
  );
  const weeks = await sql<{
    week: string;
  }>`select distinct week::text as week from need_releases order by week`.execute(db);
  for (const [i, { week }] of weeks.rows.entries()) {
    // The first published week also takes in any roll-up before it (all of it counts as published).
    const inWeek = i === 0 ? sql`week <= ${week}::date` : sql`week = ${week}::date`;
    await sql`
      insert into published_need_totals (week, cell, tag_slug, cell7, cell6, count, key_sum,
        cost_count, cost_key, access_count, access_key, timing_count, timing_key, language_count, language_key)
      select ${week}::date, coalesce(p.cell, n.cell), coalesce(p.tag_slug, n.tag_slug), coalesce(p.cell7, n.cell7), coalesce(p.cell6, n.cell6),
        coalesce(p.count, 0) + coalesce(n.count, 0), (coalesce(p.key_sum, 0) + coalesce(n.key_sum, 0)) % 256,
        coalesce(p.cost_count, 0) + coalesce(b.cost_count, 0), (coalesce(p.cost_key, 0) + coalesce(b.cost_key, 0)) % 256,
        coalesce(p.access_count, 0) + coalesce(b.access_count, 0), (coalesce(p.access_key, 0) + coalesce(b.access_key, 0)) % 256,
        coalesce(p.timing_count, 0) + coalesce(b.timing_count, 0), (coalesce(p.timing_key, 0) + coalesce(b.timing_key, 0)) % 256,
        coalesce(p.language_count, 0) + coalesce(b.language_count, 0), (coalesce(p.language_key, 0) + coalesce(b.language_key, 0)) % 256
      from (select * from published_need_totals where week = ${week}::date - 7) p
      full join (select cell, tag_slug, cell7, cell6, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
        from need_counts where ${inWeek} group by cell, tag_slug, cell7, cell6) n
        on n.cell = p.cell and n.tag_slug = p.tag_slug
      left join (
        select cell, tag_slug,
          coalesce(sum(count) filter (where barrier = 'cost'), 0)::int as cost_count, coalesce(sum(key_sum) filter (where barrier = 'cost'), 0)::int as cost_key,
          coalesce(sum(count) filter (where barrier = 'access'), 0)::int as access_count, coalesce(sum(key_sum) filter (where barrier = 'access'), 0)::int as access_key,
          coalesce(sum(count) filter (where barrier = 'timing'), 0)::int as timing_count, coalesce(sum(key_sum) filter (where barrier = 'timing'), 0)::int as timing_key,
          coalesce(sum(count) filter (where barrier = 'language'), 0)::int as language_count, coalesce(sum(key_sum) filter (where barrier = 'language'), 0)::int as language_key
        from need_barrier_counts where ${inWeek} group by cell, tag_slug
      ) b on b.cell = coalesce(p.cell, n.cell) and b.tag_slug = coalesce(p.tag_slug, n.tag_slug)
      order by 2, 3
      on conflict (week, cell, tag_slug) do nothing`.execute(db);
    await sql`
      insert into published_cell_totals (week, cell, cell7, cell6, count, key_sum)
      select ${week}::date, coalesce(p.cell, n.cell), coalesce(p.cell7, n.cell7), coalesce(p.cell6, n.cell6),
        coalesce(p.count, 0) + coalesce(n.count, 0), (coalesce(p.key_sum, 0) + coalesce(n.key_sum, 0)) % 256
      from (select * from published_cell_totals where week = ${week}::date - 7) p
      full join (select cell, cell7, cell6, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
        from need_cell_counts where ${inWeek} group by cell, cell7, cell6) n on n.cell = p.cell
      order by 2
      on conflict (week, cell) do nothing`.execute(db);
  }
  // Plans over the backfilled rows from the first request on, not after autovacuum gets to them.
  await sql`analyze published_need_totals`.execute(db);
  await sql`analyze published_cell_totals`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop table published_cell_totals; drop table published_need_totals;');
}
