import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../db/connect.js';
import { testDbKind } from '../db/testing/test-db.js';
import { ALL_SLUGS } from '../fixtures/demo/taxonomy.js';
import { verifyPassword } from '../server/auth/passwords.js';

const run = promisify(execFile);

/** Runs `npm run create-admin` as a person would, on a PGlite folder of its own. */
async function createAdmin(dir: string, args: string[], password: string) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/create-admin.ts', ...args], {
      env: {
        ...process.env,
        PGLITE_DIR: dir,
        DATABASE_URL: '',
        ADMIN_PASSWORD: password,
        DEMO: '0',
        NODE_ENV: 'production',
        CELL_KEY_SECRET: 'a test secret of some length',
        REFERRAL_CONTACT_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(testDbKind() !== 'pglite')('npm run create-admin', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gapmap-admin-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits non-zero with the reason on a bad email or a short password, before touching the database', async () => {
    const badEmail = await createAdmin(dir, ['--email', 'nobody'], 'long enough password');
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('"nobody" is not an email address');
    const short = await createAdmin(dir, ['--email', 'admin@council.example'], 'short');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('the password must be at least 12 characters');
    const missing = await createAdmin(dir, [], 'long enough password');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email is required');
  }, 120_000);

  it('creates the admin on an empty DEMO=0 database, with the taxonomy, and resets it when run again', async () => {
    const first = await createAdmin(
      dir,
      ['--email', 'Admin@Council.example', '--name', 'Sam Jones'],
      'first long password',
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('admin admin@council.example created');
    const again = await createAdmin(
      dir,
      ['--email', 'admin@council.example'],
      'second long password',
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is now an enabled admin with the new password');

    const database = await connect({ pgliteDir: dir });
    try {
      const users = await database.db
        .selectFrom('users')
        .select(['email', 'name', 'role', 'passwordHash'])
        .execute();
      expect(users.map(({ passwordHash: _, ...u }) => u)).toEqual([
        { email: 'admin@council.example', name: 'Sam Jones', role: 'admin' },
      ]);
      expect(await verifyPassword(users[0]!.passwordHash!, 'second long password')).toBe(true);
      const tags = await database.db.selectFrom('taxonomy').select('slug').execute();
      expect(tags).toHaveLength(ALL_SLUGS.length);
      const sectors = await database.db
        .selectFrom('postcodes')
        .select('key')
        .where('kind', '=', 'sector')
        .execute();
      expect(sectors.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 180_000);
});
