/**
 * `npm run backup [-- --file F]` writes a backup of the configured database;
 * `npm run restore -- --file F [--force]` loads one. DATABASE_URL → pg_dump / pg_restore
 * (install postgresql-client of the server's major version or newer); else PGLITE_DIR → PGlite's
 * own dump (stop the server first). See db/backup.ts for what --force does.
 */
import { parseArgs } from 'node:util';
import { backup, defaultBackupFile, restore, type BackupTarget } from '../db/backup.js';
import { loadConfig } from '../server/config.js';

async function main(): Promise<number> {
  const command = process.argv[2];
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { file: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const config = loadConfig();
  const target: BackupTarget = config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dir: config.pgliteDir };
  const where =
    target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${target.dir}`;
  if (command === 'backup') {
    const written = await backup(target, values.file ?? defaultBackupFile(target));
    console.log(`${where}: backup written to ${written.file} (${written.bytes} bytes)`);
    return 0;
  }
  if (command === 'restore') {
    if (!values.file) {
      console.error('usage: npm run restore -- --file <backup> [--force]');
      return 2;
    }
    const done = await restore(target, values.file, { force: values.force });
    console.log(
      `${where}: restored from ${values.file}${done.movedAside ? ` (the previous folder is now ${done.movedAside})` : ''}; run npm start to apply newer migrations`,
    );
    return 0;
  }
  console.error('usage: tsx scripts/backup.ts backup|restore [--file F] [--force]');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
