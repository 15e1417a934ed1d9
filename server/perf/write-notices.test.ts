/**
 * On PGlite the server follows the database's write notices (migration 0850) and keeps the data
 * version, the latest published week and live sessions in memory until a write commits: a cached
 * published view then costs no statement, and a revocation, a release or a directory change is
 * still seen by the very next request. (On PostgreSQL nothing is followed; the same answers
 * come from reads, which the rest of the suite covers.)
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOROUGH_BBOX } from '../../bench/world.js';
import type { Database } from '../../db/connect.js';
import { createTestDb, testDbKind } from '../../db/testing/test-db.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createApp } from '../app.js';
import { createSession } from '../auth/sessions.js';
import { testConfig } from '../config.js';
import { runPublicationJobs } from '../releases/jobs.js';
import { publishThrough } from '../releases/releases.js';
import { londonWeek } from '../releases/calendar.js';
import { readDataVersion } from './data-cache.js';
import { QueryCounter } from './query-counter.js';
import { followWrites, writeClock } from './write-notices.js';

const counter = new QueryCounter();
let database: Database;
let db: Database['db'];
let app: ReturnType<typeof createApp>;
const config = testConfig();

beforeAll(async () => {
  database = await createTestDb();
  db = database.db.withPlugin(counter);
  if (database.listen) await followWrites(db, database.listen);
  app = createApp({ db, config, dbKind: database.kind, logger: () => {} });
});
afterAll(() => database.close());

async function signIn(role: 'admin' | 'link_worker' | 'funder' = 'link_worker') {
  const user = await db
    .insertInto('users')
    .values({ email: `${role}.${Math.random()}@test.gapmap`, name: 'Notice test', role })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = await createSession(db, config, user.id);
  return { userId: user.id, headers: { Authorization: `Bearer ${session.token}` } };
}

const get = async (path: string, headers: Record<string, string>) => app.request(path, { headers });

describe.skipIf(testDbKind() !== 'pglite')('write notices (PGlite)', () => {
  it('moves the data clock once a watched write commits, before its statement resolves', async () => {
    const before = writeClock(db, 'data')!;
    expect(before).toBeDefined();
    await db.insertInto('settings').values({ key: 'notice.unwatched', value: '1' }).execute();
    expect(writeClock(db, 'data')).toBe(before);
    await db.insertInto('taxonomy').values({ slug: 'notice-a', name: 'Notice A' }).execute();
    const afterInsert = writeClock(db, 'data')!;
    expect(afterInsert).toBeGreaterThan(before);
    expect(await readDataVersion(db)).toBe(afterInsert);
    // A rolled-back write never happened: the clock stays.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('taxonomy').values({ slug: 'notice-b', name: 'Notice B' }).execute();
        // Inside its transaction a writer reads the database, not the clock.
        expect(writeClock(trx, 'data')).toBeUndefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(writeClock(db, 'data')).toBe(afterInsert);
    // A transaction moves it once it commits, not before.
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('taxonomy').values({ slug: 'notice-c', name: 'Notice C' }).execute();
      expect(writeClock(db, 'data')).toBe(afterInsert);
    });
    expect(writeClock(db, 'data')).toBeGreaterThan(afterInsert);
  });

  it('answers a cached published view without a statement, and sees a release at once', async () => {
    const lw = await signIn();
    const path = `/api/v1/map/needs?bbox=${BOROUGH_BBOX.join(',')}&res=7`;
    const first = await get(path, lw.headers);
    expect(first.status).toBe(200);
    const gapsPath = '/api/v1/gaps?by=cell&limit=20';
    expect((await get(gapsPath, lw.headers)).status).toBe(200);
    // The map view, and the gap ranking's page with its search-miss list.
    const statements = await counter.during(async () => {
      expect((await get(path, lw.headers)).status).toBe(200);
      expect((await get(gapsPath, lw.headers)).status).toBe(200);
    });
    expect(statements).toBe(0);
    const { publishedThrough } = (await first.json()) as { publishedThrough: string | null };
    // A release commits: the next request reads the new latest week and computes the view anew.
    const through = londonWeek(new Date(Date.now() - 14 * 86_400_000));
    await publishThrough(db, {
      through,
      now: new Date(Date.now() + 8 * 86_400_000),
      reason: 'scheduled',
    });
    const after = (await (await get(path, lw.headers)).json()) as { publishedThrough: string };
    expect(after.publishedThrough).not.toBe(publishedThrough);
    expect(after.publishedThrough).toBe(
      (
        await db
          .selectFrom('needReleases')
          .select((eb) => eb.fn.max('week').as('week'))
          .executeTakeFirstOrThrow()
      ).week,
    );
  });
});

describe.skipIf(testDbKind() !== 'pglite')('the gap check over published weeks (PGlite)', () => {
  it('sums its demand from memory: a second check nearby runs no statement', async () => {
    await seedTaxonomy(db);
    const lw = await signIn();
    const checkAt = (lat: number) =>
      app.request('/api/v1/gap-check', {
        method: 'POST',
        headers: { ...lw.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ tags: ['befriending'], lat, lng: -0.0574 }),
      });
    expect((await checkAt(51.5235)).status).toBe(200);
    const statements = await counter.during(async () => {
      expect((await checkAt(51.5262)).status).toBe(200);
    });
    expect(statements).toBe(0);
  });

  it('has the index of every tag built by the publication jobs: a first check of a tag runs no statement', async () => {
    const lw = await signIn();
    const checkTag = (tag: string) =>
      app.request('/api/v1/gap-check', {
        method: 'POST',
        headers: { ...lw.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ tags: [tag], lat: 51.5235, lng: -0.0574 }),
      });
    // The jobs publish what is due (a new version) and build every tag's index at that version;
    // a check then reads what it keeps besides (taxonomy, directory, rooms) once.
    await runPublicationJobs(db, () => {});
    expect((await checkTag('befriending')).status).toBe(200);
    const statements = await counter.during(async () => {
      expect((await checkTag('walking-groups')).status).toBe(200);
    });
    expect(statements).toBe(0);
  });
});

describe('sessions kept until a write to them commits', () => {
  it('refuses a revoked session, a disabled user and sees a new role on the very next request', async () => {
    const revoked = await signIn();
    const disabled = await signIn();
    const promoted = await signIn('funder');
    for (const s of [revoked, disabled, promoted])
      expect((await get('/api/v1/auth/session', s.headers)).status).toBe(200);
    await sql`update sessions set revoked_at = now() where user_id = ${revoked.userId}`.execute(db);
    expect((await get('/api/v1/auth/session', revoked.headers)).status).toBe(401);
    await db
      .updateTable('users')
      .set({ disabledAt: new Date() })
      .where('id', '=', disabled.userId)
      .execute();
    expect((await get('/api/v1/auth/session', disabled.headers)).status).toBe(401);
    await db
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', promoted.userId)
      .execute();
    const who = (await (await get('/api/v1/auth/session', promoted.headers)).json()) as {
      user: { role: string };
    };
    expect(who.user.role).toBe('admin');
  });

  it('reads a kept session without a statement (PGlite), and never keeps an unknown token', async () => {
    const lw = await signIn();
    await get('/api/v1/auth/session', lw.headers);
    const kept = await counter.during(() => get('/api/v1/auth/session', lw.headers));
    const unknown = { Authorization: 'Bearer not-a-session-token' };
    await get('/api/v1/auth/session', unknown);
    const unknownAgain = await counter.during(() => get('/api/v1/auth/session', unknown));
    expect(unknownAgain).toBeGreaterThan(0);
    if (testDbKind() === 'pglite') expect(kept).toBe(0);
    else expect(kept).toBeGreaterThan(0);
  });
});
