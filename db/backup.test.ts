import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore } from './backup.js';
import { connect } from './connect.js';
import { pendingMigrations } from './migrate.js';
import { createTestDatabaseUrl, testDbKind } from './testing/test-db.js';

const run = promisify(execFile);
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gapmap-backup-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function organisationNames(database: Awaited<ReturnType<typeof connect>>) {
  return (
    await database.db.selectFrom('organisations').select('name').orderBy('name').execute()
  ).map((r) => r.name);
}

/** Runs one of the package scripts as a person would, on a PGlite folder. */
async function script(file: string, args: string[], dir: string) {
  try {
    const { stdout } = await run('npx', ['tsx', file, ...args], {
      env: {
        ...process.env,
        PGLITE_DIR: dir,
        DATABASE_URL: '',
        ADMIN_PASSWORD: 'a long admin password',
        DEMO: '0',
      },
      timeout: 90_000,
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

// Through the scripts, in their own processes: that is how they are used (the server stopped),
// and PGlite does not reopen a folder in the process that just migrated it.
describe.skipIf(testDbKind() !== 'pglite')('npm run backup / restore on a PGlite folder', () => {
  it('round-trips the data, and moves an existing folder aside only with --force', async () => {
    const source = join(work, 'source');
    expect(
      (await script('scripts/create-admin.ts', ['--email', 'admin@council.example'], source)).code,
    ).toBe(0);
    const file = join(work, 'gapmap.pglite.tar.gz');
    const backedUp = await script('scripts/backup.ts', ['backup', '--file', file], source);
    expect(backedUp.out).toContain(`backup written to ${file}`);

    const target = join(work, 'restored');
    expect((await script('scripts/backup.ts', ['restore', '--file', file], target)).code).toBe(0);
    const refused = await script('scripts/backup.ts', ['restore', '--file', file], target);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('already holds a database; add --force');
    const forced = await script(
      'scripts/backup.ts',
      ['restore', '--file', file, '--force'],
      target,
    );
    expect(forced.out).toMatch(/the previous folder is now .*restored\.before-restore-\d+/);

    const restored = await connect({ pgliteDir: target });
    try {
      const users = await restored.db.selectFrom('users').select(['email', 'role']).execute();
      expect(users).toEqual([{ email: 'admin@council.example', role: 'admin' }]);
      expect(await pendingMigrations(restored.db)).toEqual([]);
    } finally {
      await restored.close();
    }
  }, 300_000);
});

describe.skipIf(testDbKind() !== 'postgres')(
  'backup and restore of PostgreSQL (pg_dump / pg_restore)',
  () => {
    it('round-trips the data into an empty database, and replaces a full one only with force', async () => {
      const source = await createTestDatabaseUrl();
      const target = await createTestDatabaseUrl({ empty: true });
      try {
        const db = await connect({ databaseUrl: source.url });
        await db.db
          .insertInto('organisations')
          .values([{ name: 'Bromley by Bow Centre' }, { name: 'Oxford House' }])
          .execute();
        await db.close();

        const file = join(work, 'gapmap.dump');
        const written = await backup({ kind: 'postgres', url: source.url }, file);
        expect(written.bytes).toBeGreaterThan(1000);

        await restore({ kind: 'postgres', url: target.url }, file);
        const restored = await connect({ databaseUrl: target.url });
        try {
          expect(await organisationNames(restored)).toEqual([
            'Bromley by Bow Centre',
            'Oxford House',
          ]);
          expect(await pendingMigrations(restored.db)).toEqual([]);
          await restored.db
            .insertInto('organisations')
            .values({ name: 'Written after the restore' })
            .execute();
        } finally {
          await restored.close();
        }

        await expect(restore({ kind: 'postgres', url: target.url }, file)).rejects.toThrow(
          /already holds Gapmap tables; add --force/,
        );
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
  },
);
