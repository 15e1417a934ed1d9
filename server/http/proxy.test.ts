/** TRUST_PROXY=1: what the proxy's X-Forwarded-For and X-Forwarded-Proto change, and that nothing changes without it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const EMAIL = 'proxy.user@example.org';
const PASSWORD = 'a long enough password';

async function appWith(trustProxy: boolean) {
  const t = await createTestApp({ trustProxy });
  await t.db
    .insertInto('users')
    .values({
      email: EMAIL,
      name: 'Proxy User',
      role: 'link_worker',
      passwordHash: await hashPassword(PASSWORD),
    })
    .execute();
  return t;
}

const login = (t: TestApp, headers: Record<string, string>, password = PASSWORD) =>
  t.app.request('http://localhost:3000/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email: EMAIL, password }),
  });

describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith(true);
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure when the proxy says the browser used https (nginx passes Host localhost)', async () => {
    const res = await login(t, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '198.51.100.1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/gapmap_session=.*; Secure/);
  });

  it('leaves Secure off when the proxy says plain http', async () => {
    const res = await login(t, { 'X-Forwarded-Proto': 'http', 'X-Forwarded-For': '198.51.100.2' });
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('counts failed sign-ins per forwarded client address (the right-most X-Forwarded-For entry)', async () => {
    for (let i = 0; i < 10; i++) {
      expect(
        (await login(t, { 'X-Forwarded-For': 'spoofed, 203.0.113.7' }, 'wrong password!')).status,
      ).toBe(401);
    }
    expect((await login(t, { 'X-Forwarded-For': '203.0.113.7' }, 'wrong password!')).status).toBe(
      429,
    );
    // Another client behind the same proxy is not locked out.
    expect((await login(t, { 'X-Forwarded-For': '203.0.113.8' })).status).toBe(200);
  });
});

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith(false);
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-Proto: http to localhost gets no Secure cookie', async () => {
    const res = await login(t, { 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('ignores X-Forwarded-For: a client cannot dodge the limit by inventing addresses', async () => {
    for (let i = 0; i < 10; i++) {
      expect(
        (await login(t, { 'X-Forwarded-For': `203.0.113.${i}` }, 'wrong password!')).status,
      ).toBe(401);
    }
    expect((await login(t, { 'X-Forwarded-For': '203.0.113.99' }, 'wrong password!')).status).toBe(
      429,
    );
  });
});
