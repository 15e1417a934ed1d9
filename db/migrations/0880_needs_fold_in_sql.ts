import { cellToParent } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Issue 23: the fold is one statement in the database. A queued flag carries its cell's res-7 and
 * res-6 parents (the roll-ups' coarser keys, which the database cannot derive without H3), so the
 * folder groups and upserts the queued rows in SQL instead of reading them into Node, summing
 * them there and sending the sums back. Flags already queued get theirs here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
alter table need_rollup_queue add column cell7 text;
alter table need_rollup_queue add column cell6 text;
`,
  );
  const cells = (
    await sql<{ cell: string }>`select distinct cell from need_rollup_queue`.execute(db)
  ).rows.map((r) => r.cell);
  await sql`update need_rollup_queue q set cell7 = p.cell7, cell6 = p.cell6
    from unnest(${cells}::text[], ${cells.map((c) => cellToParent(c, 7))}::text[], ${cells.map((c) => cellToParent(c, 6))}::text[]) as p(cell, cell7, cell6)
    where q.cell = p.cell`.execute(db);
  await runDdl(
    db,
    `
alter table need_rollup_queue alter column cell7 set not null;
alter table need_rollup_queue alter column cell6 set not null;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
alter table need_rollup_queue drop column cell7;
alter table need_rollup_queue drop column cell6;
`,
  );
}
