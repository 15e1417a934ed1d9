import type { Kysely } from 'kysely';
import { runDdl, timestamps, touch } from './ddl.js';

/** Imported boundaries and the H3 res-8 cells covering each, so area queries are cell joins. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table areas (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  kind text not null check (kind in ('ward','lsoa','msoa','lad','neighbourhood')),
  geometry jsonb not null,
  bbox jsonb not null,
  ${timestamps});
${touch('areas')}
create index areas_kind on areas(kind, name);

create table area_cells (
  area_id uuid not null references areas(id) on delete cascade,
  cell text not null,
  primary key (area_id, cell));
create index area_cells_cell on area_cells(cell, area_id);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `drop table area_cells;
drop table areas;`,
  );
}
