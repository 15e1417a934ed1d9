/**
 * The frame every report script shares: read the config like the server (DATABASE_URL /
 * PGLITE_DIR; stop a PGlite server first — one process per folder), open and migrate the
 * database, run, close it, and turn a thrown error (with an AppError's details) into exit 1.
 */
import type { Kysely } from 'kysely';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { DB } from '../db/schema.js';
import { loadConfig, type Config } from '../server/config.js';

export function runWithDatabase(main: (db: Kysely<DB>, config: Config) => Promise<number>): void {
  const run = async () => {
    const config = loadConfig();
    const database = await connect({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.pgliteDir,
    });
    try {
      await migrateToLatest(database.db);
      return await main(database.db, config);
    } finally {
      await database.close();
    }
  };
  run().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const details = (err as { details?: unknown }).details;
      console.error(
        err instanceof Error ? err.message : String(err),
        details ? JSON.stringify(details) : '',
      );
      process.exit(1);
    },
  );
}
