/**
 * Database chores: `npm run db:migrate | db:seed | db:reset`.
 *   migrate  apply every pending migration
 *   seed     migrate, then load the demo world (refuses when the database already has data)
 *   reset    roll every migration back, migrate up again and seed: a clean demo database
 * Honours DATABASE_URL / PGLITE_DIR through loadConfig, like the server.
 */
import { connect } from '../db/connect.js';
import { migrateDownAll, migrateToLatest } from '../db/migrate.js';
import { seedDemo, seedDemoIfEmpty } from '../fixtures/demo/seed.js';
import { loadConfig } from '../server/config.js';

const COMMANDS = ['migrate', 'seed', 'reset'] as const;
type Command = (typeof COMMANDS)[number];

function isCommand(value: string | undefined): value is Command {
  return COMMANDS.includes(value as Command);
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (!isCommand(command)) {
    console.error(`usage: tsx scripts/db.ts <${COMMANDS.join('|')}>`);
    return 2;
  }
  const config = loadConfig();
  const database = await connect({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  // Say which database without printing a URL (it may carry a password).
  const where =
    database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.pgliteDir}`;
  try {
    if (command === 'reset') {
      await migrateDownAll(database.db);
      console.log(`${where}: every migration rolled back`);
    }
    await migrateToLatest(database.db);
    console.log(`${where}: migrated to latest`);
    if (command === 'migrate') return 0;
    const options = { demoLogins: config.demoLogins, config };
    // After a reset the database is known empty; a plain seed must not pile a second world on top.
    const counts =
      command === 'reset'
        ? await seedDemo(database.db, options)
        : await seedDemoIfEmpty(database.db, options);
    if (!counts) {
      console.error(`${where}: not empty, demo world not loaded (use db:reset to start again)`);
      return 1;
    }
    console.log(`${where}: demo world loaded`, counts);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
