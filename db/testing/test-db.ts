/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or (with
 * GAPMAP_TEST_DB=postgres) a new PostgreSQL database cloned from the migrated template that
 * TEST_DATABASE_URL names. Each test file gets its own, so files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Database, type DbKind } from '../connect.js';
import { migrateToLatest } from '../migrate.js';
import { openPostgresJs } from '../postgres-url.js';

export function testDbKind(): DbKind {
  return process.env.GAPMAP_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export async function createTestDb(
  options: { statementTimeoutMs?: number | undefined } = {},
): Promise<Database> {
  if (testDbKind() === 'pglite') {
    const database = await connect({ pgliteDir: 'memory://' });
    await migrateToLatest(database.db);
    return database;
  }
  const clone = await createTestDatabaseUrl();
  // Without a statement timeout (most tests) long statements are legitimate; a test of lost
  // connections sets one as production does, so a reply lost with its socket is given up on.
  const database = await connect({
    databaseUrl: clone.url,
    maxConnections: 4,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  return {
    ...database,
    async close() {
      await database.close();
      await clone.drop();
    },
  };
}

/**
 * A new PostgreSQL database of this run, for tests that need a URL (a server process, pg_dump):
 * a clone of the migrated template, or with `empty` a database with no tables at all.
 */
export async function createTestDatabaseUrl(
  options: { empty?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const templateUrl = new URL(requiredUrl());
  const template = options.empty ? 'template0' : templateUrl.pathname.slice(1);
  // The run id (set by the global setup) scopes clean-up to this run's clones only.
  const name = `${templateUrl.pathname.slice(1)}_t${process.env.GAPMAP_TEST_RUN ?? 'x'}_${randomBytes(5).toString('hex')}`;
  const admin = maintenanceClient(templateUrl);
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const admin = maintenanceClient(templateUrl);
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export function requiredUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('GAPMAP_TEST_DB=postgres needs TEST_DATABASE_URL');
  return url;
}

export function maintenanceClient(url: URL) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return openPostgresJs(admin.toString(), { max: 1, onnotice: () => {} });
}
