/**
 * Backups of the configured database (`npm run backup` / `npm run restore`, scripts/backup.ts).
 * - PostgreSQL (DATABASE_URL): `pg_dump --format=custom`, restored with `pg_restore` in one
 *   transaction. The connection goes to the tools through PG* environment variables, never on
 *   their command line (where `ps` would show a password).
 * - PGlite (PGLITE_DIR): PGlite's own dump of its data folder (a gzipped tarball), restored by
 *   opening a new folder from it. Stop the server first: one process per folder.
 * A restore refuses a database (or folder) that already holds Gapmap tables unless `force`:
 * PostgreSQL then drops and recreates every object of the dump; PGlite moves the old folder
 * aside (`<dir>.before-restore-<time>`), never deleting it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { libpqEnv, openPostgresJs } from './postgres-url.js';

const run = promisify(execFile);

export type BackupTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

export function defaultBackupFile(target: BackupTarget, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return target.kind === 'postgres' ? `gapmap-${stamp}.dump` : `gapmap-${stamp}.pglite.tar.gz`;
}

async function tool(name: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  try {
    await run(name, args, {
      env: { ...process.env, ...libpqEnv(url) },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { code?: string | number; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(
        `${name} is not installed (Debian/Ubuntu: apt-get install postgresql-client)`,
        { cause: err },
      );
    throw new Error(`${name} failed: ${(e.stderr ?? String(err)).trim()}`, { cause: err });
  }
}

async function hasGapmapTables(url: string): Promise<boolean> {
  const sql = openPostgresJs(url, { max: 1, onnotice: () => {} });
  try {
    const rows =
      await sql`select 1 from information_schema.tables where table_schema = 'public' and table_name in ('users', 'kysely_migration') limit 1`;
    return rows.length > 0;
  } finally {
    await sql.end();
  }
}

async function folderHasData(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  if (!(await stat(dir)).isDirectory()) return true;
  return (await readdir(dir)).length > 0;
}

export async function backup(
  target: BackupTarget,
  file: string,
): Promise<{ file: string; bytes: number }> {
  const out = resolve(file);
  if (target.kind === 'postgres') {
    await tool('pg_dump', ['--format=custom', '--no-owner', '--no-acl', '--file', out], target.url);
  } else {
    if (!(await folderHasData(target.dir))) throw new Error(`no PGlite database in ${target.dir}`);
    const pglite = new PGlite({ dataDir: target.dir });
    try {
      // dumpDataDir never settles on an instance that is not ready yet.
      await pglite.waitReady;
      const dump = await pglite.dumpDataDir('none');
      await writeFile(out, gzipSync(Buffer.from(await dump.arrayBuffer())), { mode: 0o600 });
    } finally {
      await pglite.close();
    }
  }
  return { file: out, bytes: (await stat(out)).size };
}

export async function restore(
  target: BackupTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ movedAside?: string }> {
  const from = resolve(file);
  if (!existsSync(from)) throw new Error(`no backup file ${from}`);
  if (target.kind === 'postgres') {
    const full = await hasGapmapTables(target.url);
    if (full && !options.force)
      throw new Error(
        'the database already holds Gapmap tables; add --force to replace them with the backup',
      );
    await tool(
      'pg_restore',
      [
        '--no-owner',
        '--no-acl',
        '--single-transaction',
        '--exit-on-error',
        ...(full ? ['--clean', '--if-exists'] : []),
        '--dbname',
        libpqEnv(target.url).PGDATABASE ?? 'postgres',
        from,
      ],
      target.url,
    );
    return {};
  }
  let movedAside: string | undefined;
  if (await folderHasData(target.dir)) {
    if (!options.force)
      throw new Error(
        `${target.dir} already holds a database; add --force to move it aside and restore the backup`,
      );
    movedAside = `${target.dir.replace(/\/+$/, '')}.before-restore-${Date.now()}`;
    await rename(target.dir, movedAside);
  }
  const pglite = new PGlite({
    dataDir: target.dir,
    loadDataDir: new Blob([gunzipSync(await readFile(from))]),
  });
  try {
    await pglite.waitReady;
    await pglite.query('select 1');
  } finally {
    await pglite.close();
  }
  return movedAside ? { movedAside } : {};
}
