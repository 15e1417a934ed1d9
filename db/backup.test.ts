import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, libpqEnv, restore } from './backup.js';
import { connect } from './connect.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import { createTestDatabaseUrl, testDbKind } from './testing/test-db.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gapmap-backup-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function organisationNames(database: Awaited<ReturnType<typeof connect>>) {
  return (await database.db.selectFrom('organisations').select('name').orderBy('name').execute()).map((r) => r.name);
}

describe('libpqEnv', () => {
  it('passes the connection by environment, decoding the password', () => {
    expect(libpqEnv('postgres://gap%40map:p%2Fss@db.example:6432/gapmap?sslmode=require')).toEqual({
      PGHOST: 'db.example', PGPORT: '6432', PGUSER: 'gap@map', PGPASSWORD: 'p/ss', PGDATABASE: 'gapmap', PGSSLMODE: 'require',
    });
  });
});

describe.skipIf(testDbKind() !== 'pglite')('backup and restore of a PGlite folder', () => {
  it('round-trips the data, and moves an existing folder aside only with force', async () => {
    const source = join(work, 'source');
    const db = await connect({ pgliteDir: source });
    await migrateToLatest(db.db);
    await db.db.insertInto('organisations').values([{ name: 'Bromley by Bow Centre' }, { name: 'Oxford House' }]).execute();
    await db.close();

    const file = join(work, 'gapmap.pglite.tar.gz');
    const written = await backup({ kind: 'pglite', dir: source }, file);
    expect(written.bytes).toBeGreaterThan(1000);

    const target = join(work, 'restored');
    await restore({ kind: 'pglite', dir: target }, file);
    const restored = await connect({ pgliteDir: target });
    try {
      expect(await organisationNames(restored)).toEqual(['Bromley by Bow Centre', 'Oxford House']);
      expect(await pendingMigrations(restored.db)).toEqual([]);
      await restored.db.insertInto('organisations').values({ name: 'Written after the restore' }).execute();
    } finally {
      await restored.close();
    }

    await expect(restore({ kind: 'pglite', dir: target }, file)).rejects.toThrow(/already holds a database; add --force/);
    const forced = await restore({ kind: 'pglite', dir: target }, file, { force: true });
    expect(forced.movedAside && existsSync(forced.movedAside)).toBe(true);
    const again = await connect({ pgliteDir: target });
    try {
      expect(await organisationNames(again)).toEqual(['Bromley by Bow Centre', 'Oxford House']);
    } finally {
      await again.close();
    }
  }, 120_000);
});

describe.skipIf(testDbKind() !== 'postgres')('backup and restore of PostgreSQL (pg_dump / pg_restore)', () => {
  it('round-trips the data into an empty database, and replaces a full one only with force', async () => {
    const source = await createTestDatabaseUrl();
    const target = await createTestDatabaseUrl({ empty: true });
    try {
      const db = await connect({ databaseUrl: source.url });
      await db.db.insertInto('organisations').values([{ name: 'Bromley by Bow Centre' }, { name: 'Oxford House' }]).execute();
      await db.close();

      const file = join(work, 'gapmap.dump');
      const written = await backup({ kind: 'postgres', url: source.url }, file);
      expect(written.bytes).toBeGreaterThan(1000);

      await restore({ kind: 'postgres', url: target.url }, file);
      const restored = await connect({ databaseUrl: target.url });
      try {
        expect(await organisationNames(restored)).toEqual(['Bromley by Bow Centre', 'Oxford House']);
        expect(await pendingMigrations(restored.db)).toEqual([]);
        await restored.db.insertInto('organisations').values({ name: 'Written after the restore' }).execute();
      } finally {
        await restored.close();
      }

      await expect(restore({ kind: 'postgres', url: target.url }, file)).rejects.toThrow(/already holds Gapmap tables; add --force/);
      await restore({ kind: 'postgres', url: target.url }, file, { force: true });
      const again = await connect({ databaseUrl: target.url });
      try {
        expect(await organisationNames(again)).toEqual(['Bromley by Bow Centre', 'Oxford House']);
      } finally {
        await again.close();
      }
    } finally {
      await source.drop();
      await target.drop();
    }
  }, 120_000);
});
