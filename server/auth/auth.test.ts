import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { BAD_CREDENTIALS } from './accounts.js';
import { hashPassword } from './passwords.js';

const PASSWORD = 'correct horse battery';
let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function makeUser(
  role: Role = 'link_worker',
  email = `user${++n}@auth.test`,
  password = PASSWORD,
) {
  const row = await t.db
    .insertInto('users')
    .values({ email, name: `User ${n}`, role, passwordHash: await hashPassword(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, password };
}

async function login(email: string, password: string, url = '/api/v1/auth/login') {
  return t.app.request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

/** The cookie value from a Set-Cookie header, as a browser would send it back. */
function cookieFrom(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  const value = header.match(/gapmap_session=([^;]*)/)?.[1];
  if (!value) throw new Error('no session cookie');
  return `gapmap_session=${value}`;
}

describe('login', () => {
  it('signs in, returns the user, a Bearer token and a CSRF token, and sets a hardened cookie', async () => {
    const u = await makeUser('organiser');
    const res = await login(u.email.toUpperCase(), u.password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      user: { id: string; role: string; organisationId: string | null };
      token: string;
      csrfToken: string;
    };
    expect(body.user).toEqual({
      id: u.id,
      email: u.email,
      name: expect.any(String),
      role: 'organiser',
      organisationId: null,
    });
    expect(body.token).toMatch(/^[\w-]{43}$/);
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`gapmap_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    // app.request() is http://localhost: the one case where Secure is left off.
    expect(cookie).not.toMatch(/Secure/i);

    const session = await t.call('GET', '/api/v1/auth/session', undefined, {
      Authorization: `Bearer ${body.token}`,
    });
    expect(await session.json()).toEqual({ user: body.user, csrfToken: body.csrfToken });
  });

  it('marks the cookie Secure for any host other than localhost over http', async () => {
    const u = await makeUser();
    for (const url of [
      'https://gapmap.example/api/v1/auth/login',
      'http://gapmap.example/api/v1/auth/login',
      'https://localhost/api/v1/auth/login',
    ]) {
      const res = await login(u.email, u.password, url);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    }
  });

  it('issues a new token on every login', async () => {
    const u = await makeUser();
    const a = (await (await login(u.email, u.password)).json()) as { token: string };
    const b = (await (await login(u.email, u.password)).json()) as { token: string };
    expect(a.token).not.toBe(b.token);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const u = await makeUser();
    const wrong = await login(u.email, 'not the password at all');
    const unknown = await login('nobody@auth.test', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.json();
    const b = await unknown.json();
    expect(a).toEqual(b);
    expect(a).toEqual({ error: { code: 'unauthorized', message: BAD_CREDENTIALS } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('refuses disabled users with the same 401', async () => {
    const u = await makeUser();
    await t.db
      .updateTable('users')
      .set({ disabledAt: new Date() })
      .where('id', '=', u.id)
      .execute();
    const res = await login(u.email, u.password);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: BAD_CREDENTIALS } });
  });

  it('lets demo users in only when demo logins are on', async () => {
    await makeUser('funder', 'funder@demo.gapmap', 'gapmap-demo-2026');
    expect((await login('funder@demo.gapmap', 'gapmap-demo-2026')).status).toBe(200);
    const prod = await createTestApp({ demoLogins: false });
    try {
      await prod.db
        .insertInto('users')
        .values({
          email: 'funder@demo.gapmap',
          name: 'Demo',
          role: 'funder',
          passwordHash: await hashPassword('gapmap-demo-2026'),
        })
        .execute();
      const res = await prod.call('POST', '/api/v1/auth/login', {
        email: 'funder@demo.gapmap',
        password: 'gapmap-demo-2026',
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'unauthorized', message: BAD_CREDENTIALS },
      });
    } finally {
      await prod.close();
    }
  });

  it('rate limits to 10 attempts per 15 minutes per address and email, with Retry-After', async () => {
    const u = await makeUser();
    for (let i = 0; i < 10; i++)
      expect((await login(u.email, 'wrong password here')).status).toBe(401);
    const limited = await login(u.email, u.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another email from the same address is a different key.
    const other = await makeUser();
    expect((await login(other.email, other.password)).status).toBe(200);
  });

  it('does not count successful sign-ins towards the limit', async () => {
    const u = await makeUser();
    for (let i = 0; i < 12; i++) expect((await login(u.email, u.password)).status).toBe(200);
  });

  it('audits sign-ins without storing the attempted email or password', async () => {
    const u = await makeUser();
    await login(u.email, u.password);
    await login('ghost@auth.test', 'a wrong password');
    const rows = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', 'in', ['auth.login', 'auth.login_failed'])
      .execute();
    expect(rows.some((r) => r.action === 'auth.login' && r.userId === u.id)).toBe(true);
    expect(rows.some((r) => r.action === 'auth.login_failed' && r.entityId === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('ghost@auth.test');
    expect(JSON.stringify(rows)).not.toContain('a wrong password');
  });
});

describe('sessions', () => {
  it('expires after the idle window', async () => {
    const u = await makeUser();
    const { token } = (await (await login(u.email, u.password)).json()) as { token: string };
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await t.call('GET', '/api/v1/auth/session', undefined, bearer)).status).toBe(200);
    const past = new Date(Date.now() - 60_000);
    await t.db
      .updateTable('sessions')
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000), idleExpiresAt: past })
      .where('userId', '=', u.id)
      .execute();
    expect((await t.call('GET', '/api/v1/auth/session', undefined, bearer)).status).toBe(401);
  });

  it('expires at the absolute limit even while in use', async () => {
    const u = await makeUser();
    const { token } = (await (await login(u.email, u.password)).json()) as { token: string };
    const bearer = { Authorization: `Bearer ${token}` };
    await t.db
      .updateTable('sessions')
      .set({ absoluteExpiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', u.id)
      .execute();
    // Still inside the idle window: only the absolute expiry ends it.
    const row = await t.db
      .selectFrom('sessions')
      .select('idleExpiresAt')
      .where('userId', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.idleExpiresAt.getTime()).toBeGreaterThan(Date.now());
    expect((await t.call('GET', '/api/v1/auth/session', undefined, bearer)).status).toBe(401);
  });

  it('logout revokes the session and clears the cookie', async () => {
    const u = await makeUser();
    const res = await login(u.email, u.password);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = cookieFrom(res);
    expect(
      (await t.call('GET', '/api/v1/auth/session', undefined, { Cookie: cookie })).status,
    ).toBe(200);
    const out = await t.call('POST', '/api/v1/auth/logout', undefined, {
      Cookie: cookie,
      'X-CSRF-Token': csrfToken,
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/gapmap_session=;.*Max-Age=0/i);
    expect(
      (await t.call('GET', '/api/v1/auth/session', undefined, { Cookie: cookie })).status,
    ).toBe(401);
    const row = await t.db
      .selectFrom('sessions')
      .select('revokedAt')
      .where('userId', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.revokedAt).not.toBeNull();
  });

  it('resolves sessions asked for together each as its own, and never a revoked or expired one', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser()));
    const tokens = await Promise.all(
      users.map(
        async (u) => ((await (await login(u.email, u.password)).json()) as { token: string }).token,
      ),
    );
    const [, revoked, expired, disabled] = users;
    await t.db
      .updateTable('sessions')
      .set({ revokedAt: new Date() })
      .where('userId', '=', revoked!.id)
      .execute();
    await t.db
      .updateTable('sessions')
      .set({ absoluteExpiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', expired!.id)
      .execute();
    await t.db
      .updateTable('users')
      .set({ disabledAt: new Date() })
      .where('id', '=', disabled!.id)
      .execute();
    // Three rounds of every token at once, plus an unknown one: requests that arrive together
    // share the session read, and each still gets its own answer.
    const asked = [...tokens, 'not-a-token'].flatMap((token) => [token, token, token]);
    const answers = await Promise.all(
      asked.map(async (token) => {
        const res = await t.call('GET', '/api/v1/auth/session', undefined, {
          Authorization: `Bearer ${token}`,
        });
        return res.status === 200 ? ((await res.json()) as { user: { email: string } }) : null;
      }),
    );
    const expected = [...users.map((u) => u.email), null].map((email, i) =>
      [revoked, expired, disabled].includes(users[i]) || email === null ? null : email,
    );
    expect(answers.map((a) => a?.user.email ?? null)).toEqual(expected.flatMap((e) => [e, e, e]));
  });

  it('answers /session with 401 when signed out', async () => {
    expect((await t.call('GET', '/api/v1/auth/session')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('requires X-CSRF-Token on cookie writes but not on Bearer writes', async () => {
    const u = await makeUser();
    const res = await login(u.email, u.password);
    const { token, csrfToken } = (await res.json()) as { token: string; csrfToken: string };
    const cookie = cookieFrom(res);
    const change = {
      currentPassword: 'wrong current password',
      newPassword: 'a brand new passphrase',
    };
    // Without the header a cookie write is refused before it reaches the route.
    const bare = await t.call('POST', '/api/v1/auth/password', change, { Cookie: cookie });
    expect(bare.status).toBe(403);
    const wrong = await t.call('POST', '/api/v1/auth/password', change, {
      Cookie: cookie,
      'X-CSRF-Token': 'x'.repeat(43),
    });
    expect(wrong.status).toBe(403);
    // With it (or with Bearer and no header) the route runs: 422 for the wrong current password.
    expect(
      (
        await t.call('POST', '/api/v1/auth/password', change, {
          Cookie: cookie,
          'X-CSRF-Token': csrfToken,
        })
      ).status,
    ).toBe(422);
    expect(
      (await t.call('POST', '/api/v1/auth/password', change, { Authorization: `Bearer ${token}` }))
        .status,
    ).toBe(422);
    // Reads need no CSRF header.
    expect(
      (await t.call('GET', '/api/v1/auth/session', undefined, { Cookie: cookie })).status,
    ).toBe(200);
  });

  it('lets a browser holding a session cookie sign in again without the header', async () => {
    const u = await makeUser();
    const cookie = cookieFrom(await login(u.email, u.password));
    const again = await t.call(
      'POST',
      '/api/v1/auth/login',
      { email: u.email, password: u.password },
      { Cookie: cookie },
    );
    expect(again.status).toBe(200);
    // The old session is replaced, not left running beside the new one.
    expect(
      (await t.call('GET', '/api/v1/auth/session', undefined, { Cookie: cookie })).status,
    ).toBe(401);
    expect(
      (await t.call('GET', '/api/v1/auth/session', undefined, { Cookie: cookieFrom(again) }))
        .status,
    ).toBe(200);
  });
});

describe('password change', () => {
  it('checks the current password, enforces 12 characters and ends the other sessions', async () => {
    const u = await makeUser();
    const first = (await (await login(u.email, u.password)).json()) as { token: string };
    const second = (await (await login(u.email, u.password)).json()) as { token: string };
    const me = { Authorization: `Bearer ${first.token}` };

    const short = await t.call(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: u.password, newPassword: 'short' },
      me,
    );
    expect(short.status).toBe(422);
    expect(await short.json()).toMatchObject({
      error: { details: { newPassword: 'must be at least 12 characters' } },
    });
    const wrong = await t.call(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: 'not my password', newPassword: 'a much better passphrase' },
      me,
    );
    expect(await wrong.json()).toMatchObject({
      error: { details: { currentPassword: expect.any(String) } },
    });

    const ok = await t.call(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: u.password, newPassword: 'a much better passphrase' },
      me,
    );
    expect(ok.status).toBe(204);
    expect((await t.call('GET', '/api/v1/auth/session', undefined, me)).status).toBe(200);
    expect(
      (
        await t.call('GET', '/api/v1/auth/session', undefined, {
          Authorization: `Bearer ${second.token}`,
        })
      ).status,
    ).toBe(401);
    expect((await login(u.email, u.password)).status).toBe(401);
    expect((await login(u.email, 'a much better passphrase')).status).toBe(200);
  });

  it('rejects fields it does not know', async () => {
    const u = await makeUser();
    const { token } = (await (await login(u.email, u.password)).json()) as { token: string };
    const res = await t.call(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: u.password, newPassword: 'a much better passphrase', role: 'admin' },
      { Authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: { role: expect.any(String) } } });
  });
});

describe('logging', () => {
  it('never writes passwords, tokens, cookies or CSRF tokens to the log', async () => {
    const u = await makeUser('admin', 'logcheck@auth.test', 'log-check-secret-passphrase');
    const res = await login(u.email, u.password);
    const { token, csrfToken } = (await res.json()) as { token: string; csrfToken: string };
    const cookie = cookieFrom(res);
    await login(u.email, 'another-secret-wrong-passphrase');
    await t.call('GET', '/api/v1/auth/session?probe=query-secret-value', undefined, {
      Cookie: cookie,
    });
    await t.call('POST', '/api/v1/auth/logout', undefined, {
      Cookie: cookie,
      'X-CSRF-Token': csrfToken,
    });
    const text = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(3);
    for (const secret of [
      'log-check-secret-passphrase',
      'another-secret-wrong-passphrase',
      token,
      csrfToken,
      'query-secret-value',
      'gapmap_session',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
