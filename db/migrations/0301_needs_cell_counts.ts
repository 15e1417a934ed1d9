import { cellToParent } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * need_counts is per tag, so a flag with two tags appears in two rows and a cell's flag total
 * cannot be read from it. This roll-up keeps (cell, week) → flags and their key sum, maintained
 * in the same transaction as need_counts, so the map's per-cell count is the number of flags and
 * its cell key is made from exactly those flags' record keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table need_cell_counts (
  cell text not null,
  cell7 text not null,
  cell6 text not null,
  week date not null,
  count int not null check (count >= 0),
  key_sum int not null check (key_sum between 0 and 255),
  primary key (cell, week));
create index need_cell_counts_cell7_week on need_cell_counts(cell7, week);
create index need_cell_counts_cell6_week on need_cell_counts(cell6, week);
`,
  );
  // Backfill from flags already written (a database that ran before this migration).
  const existing = await sql<{ cell: string; week: string; count: number; key_sum: number }>`
    select cell, week::text as week, count(*)::int as count, (sum(record_key) % 256)::int as key_sum from need_flags group by cell, week`.execute(
    db,
  );
  for (let i = 0; i < existing.rows.length; i += 1000) {
    const rows = existing.rows
      .slice(i, i + 1000)
      .map(
        (r) =>
          sql`(${r.cell}, ${cellToParent(r.cell, 7)}, ${cellToParent(r.cell, 6)}, ${r.week}::date, ${r.count}, ${r.key_sum})`,
      );
    await sql`insert into need_cell_counts (cell, cell7, cell6, week, count, key_sum) values ${sql.join(rows)}`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop table need_cell_counts;');
}
