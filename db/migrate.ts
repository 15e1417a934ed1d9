import { sql, type Kysely } from 'kysely';
import { DEFAULT_MIGRATION_TABLE, Migrator, type MigrationProvider } from 'kysely/migration';
import { migrations } from './migrations/index.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Migrates to the latest version; throws with the failing migration's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migrator takes Kysely<any>; callers pass a Kysely<DB>
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // Every start comes here: one read answers "nothing to do" where the Migrator's lock table,
  // lock and reads took ~0.2 s of a start on PGlite.
  if (await allApplied(db)) return;
  // Each feature owns a number range (0300–0399, 0500–0599 …) and lands migrations in its own
  // time, so a database may already hold 0500 when 0301 arrives: run the missing ones in order.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      cause: error,
    });
  }
}

/** Whether the database has run every migration this code knows (false when it has run none). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as migrateToLatest
export async function allApplied(db: Kysely<any>): Promise<boolean> {
  const known = Object.keys(migrations);
  try {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(DEFAULT_MIGRATION_TABLE)}
      where name = any(${known}::text[])`.execute(db);
    return rows[0]?.n === known.length;
  } catch {
    // No migration table yet: a new database.
    return false;
  }
}

/** Rolls every migration back (used by db:reset). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migrator takes Kysely<any>; callers pass a Kysely<DB>
export async function migrateDownAll(db: Kysely<any>): Promise<void> {
  // Unordered, as above: a database may hold 0600 but not a later-landed 0302 (newest first).
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  for (;;) {
    const { error, results } = await migrator.migrateDown();
    if (error) throw error;
    if (!results?.length) return;
  }
}

/** Names of the migrations this code knows that the database has not run (empty: current). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migrator takes Kysely<any>; callers pass a Kysely<DB>
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
