/**
 * A single flag's session is confirmed by the statement that stores it: the request may be signed
 * in from a session this process read within the last minute (no read of its own), so these are
 * the attacks on that memory. Each session is first read by a request of its own (remembered),
 * then ended in the database as another process would end it (no notice to this one), then used
 * to flag: nothing may be stored or counted, and the answer is what a fresh read would give.
 */
import { Hono } from 'hono';
import type { Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../auth/sessions.js';
import { confirmSession, sessionMiddleware } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/errors.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { clearNeeds, POINTS, seedTaxonomy } from './testing.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ flagsPerHour: 10_000 });
  await seedTaxonomy(t.db);
});
afterAll(() => t.close());
beforeEach(() => clearNeeds(t.db));

const flag = { tags: ['befriending'], ...POINTS[0] };
const storedFlags = async () =>
  Number(
    (
      await t.db
        .selectFrom('needFlags')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const hitsOf = async (who: SignedIn) =>
  (
    await t.db
      .selectFrom('rateLimits')
      .select('hits')
      .where('name', '=', 'flag')
      .where('key', '=', `flag:${who.userId}`)
      .executeTakeFirst()
  )?.hits ?? 0;

/** A link worker whose session this process has just read (and so remembers). */
async function remembered(): Promise<SignedIn> {
  const lw = await t.signIn('link_worker');
  expect((await t.call('GET', '/api/v1/auth/session', undefined, lw)).status).toBe(200);
  return lw;
}

/** Ends a session (or its user's right to flag) directly in the database, as another process would. */
const onSession = (values: Updateable<DB['sessions']>) => (who: SignedIn) =>
  t.db.updateTable('sessions').set(values).where('id', '=', who.sessionId).execute();
const onUser = (values: Updateable<DB['users']>) => (who: SignedIn) =>
  t.db.updateTable('users').set(values).where('id', '=', who.userId).execute();
const aSecondAgo = () => new Date(Date.now() - 1_000);

const endings: [string, (who: SignedIn) => Promise<unknown>, number][] = [
  ['revoked', (who) => onSession({ revokedAt: new Date() })(who), 401],
  ['past its idle expiry', (who) => onSession({ idleExpiresAt: aSecondAgo() })(who), 401],
  ['past its absolute expiry', (who) => onSession({ absoluteExpiresAt: aSecondAgo() })(who), 401],
  [
    'of a user disabled (sessions left as they were)',
    (who) => onUser({ disabledAt: new Date() })(who),
    401,
  ],
  ['of a user who is now an organiser', onUser({ role: 'organiser' }), 403],
];

describe('a remembered session ended in another process', () => {
  it.each(endings)(
    'when %s, a flag is refused (nothing stored or counted) and the next request is too',
    async (_, end, status) => {
      const lw = await remembered();
      expect((await t.call('POST', '/api/v1/needs', flag, lw)).status).toBe(201);
      const hits = await hitsOf(lw);
      await end(lw);
      const refused = await t.call('POST', '/api/v1/needs', flag, lw);
      expect(refused.status).toBe(status);
      expect(await storedFlags()).toBe(1);
      expect(await hitsOf(lw)).toBe(hits);
      // Read again, so no longer remembered as live: refused before any write.
      expect((await t.call('POST', '/api/v1/needs', flag, lw)).status).toBe(status);
      expect(await storedFlags()).toBe(1);
    },
  );

  it.each(endings)(
    'when %s, a request refused before its write (invalid body) is refused as its session is, not with 422, and counts no hit',
    async (_, end, status) => {
      const lw = await remembered();
      const hits = await hitsOf(lw);
      await end(lw);
      const res = await t.call('POST', '/api/v1/needs', { tags: [], lat: 'x' }, lw);
      expect(res.status).toBe(status);
      expect(await hitsOf(lw)).toBe(hits);
    },
  );

  it('among concurrent flags of live sessions, only the ended one is refused; the others are stored and counted', async () => {
    const live = [await remembered(), await remembered()];
    const ended = await remembered();
    await onSession({ revokedAt: new Date() })(ended);
    const answers = await Promise.all(
      [...live, ended, ...live].map((who) => t.call('POST', '/api/v1/needs', flag, who)),
    );
    expect(answers.map((r) => r.status)).toEqual([201, 201, 401, 201, 201]);
    expect(await storedFlags()).toBe(4);
    expect(await hitsOf(live[0]!)).toBe(2);
    expect(await hitsOf(ended)).toBe(0);
  });

  it('a cookie request from memory still needs its CSRF token', async () => {
    const lw = await remembered();
    const cookie = { Cookie: `gapmap_session=${lw.token}` };
    expect((await t.call('POST', '/api/v1/needs', flag, cookie)).status).toBe(403);
    const withCsrf = { ...cookie, 'X-CSRF-Token': lw.csrfToken };
    expect((await t.call('POST', '/api/v1/needs', flag, withCsrf)).status).toBe(201);
  });
});

describe('sessionMiddleware with confirmedByWrite', () => {
  /** A bare app: the route answers whether its request came from memory, and confirms it if asked. */
  function probe() {
    const app = new Hono<AppEnv>();
    app.onError((err, c) => c.json({}, err instanceof AppError ? err.status : 500));
    app.use('*', async (c, next) => {
      c.set('db', t.db);
      c.set('config', t.config);
      await next();
    });
    app.use(
      '*',
      sessionMiddleware({
        confirmedByWrite: (c) => (c.req.method === 'POST' ? ['link_worker'] : undefined),
      }),
    );
    app.all('/', async (c) => {
      const fromMemory = c.var.auth?.confirmed === false;
      if (c.req.query('confirm')) await confirmSession(c, ['link_worker']);
      return c.json({ user: c.var.user?.id ?? null, fromMemory });
    });
    return app;
  }
  const ask = async (app: Hono<AppEnv>, method: string, token: string, query = '') => {
    const res = await app.request(`/${query}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: res.status === 200 ? await res.json() : null };
  };

  it('reads a session it has not read; remembers it only for requests that confirm it in their write', async () => {
    const app = probe();
    const user = await t.db
      .insertInto('users')
      .values({ email: `probe.${Date.now()}@test.gapmap`, name: 'Probe', role: 'link_worker' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { token, sessionId } = await createSession(t.db, t.config, user.id);
    expect(await ask(app, 'POST', token)).toEqual({
      status: 200,
      body: { user: user.id, fromMemory: false },
    });
    expect((await ask(app, 'POST', token)).body).toEqual({ user: user.id, fromMemory: true });
    // A read, not memory, for a request that does not confirm its session in a write.
    expect((await ask(app, 'GET', token)).body).toEqual({ user: user.id, fromMemory: false });

    await t.db
      .updateTable('sessions')
      .set({ revokedAt: new Date() })
      .where('id', '=', sessionId)
      .execute();
    // Other requests read it at once.
    expect((await ask(app, 'GET', token)).body).toEqual({ user: null, fromMemory: false });
  });

  it('a request from memory that ends without confirming its session is confirmed by a read afterwards: 401 once ended', async () => {
    const app = probe();
    const lw = await t.signIn('link_worker');
    expect((await ask(app, 'POST', lw.token)).body?.fromMemory).toBe(false);
    await t.db
      .updateTable('sessions')
      .set({ revokedAt: new Date() })
      .where('id', '=', lw.sessionId)
      .execute();
    // The handler answered 200 from memory; the read afterwards turns it into 401.
    expect((await ask(app, 'POST', lw.token)).status).toBe(401);
    // And the route's own confirmation says the same before it answers.
    const again = await t.signIn('link_worker');
    await ask(app, 'POST', again.token);
    await t.db
      .updateTable('sessions')
      .set({ revokedAt: new Date() })
      .where('id', '=', again.sessionId)
      .execute();
    expect((await ask(app, 'POST', again.token, '?confirm=1')).status).toBe(401);
  });
});
