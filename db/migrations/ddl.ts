/**
 * The DDL helpers the migrations share. Part of the migrations, not of the app: like them it is
 * never edited once landed (a change here would rewrite every migration that ran it), and it
 * imports nothing but Kysely.
 */
import { sql, type Kysely } from 'kysely';

/** Runs a block of DDL statements (split on blank-line-separated `;`), in order. */
export async function runDdl(db: Kysely<unknown>, ddl: string): Promise<void> {
  for (const statement of ddl
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

/** The standard columns and trigger every table gets. */
export const timestamps = `created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()`;

export function touch(table: string): string {
  return `create trigger ${table}_touch before update on ${table} for each row execute function gapmap_touch_updated_at();`;
}
