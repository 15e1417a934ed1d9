/**
 * Rate limits beside the per-address+email sign-in limit: one address trying many emails
 * (password spraying) is stopped after LOGIN_ADDRESS_LIMIT failures, before any password is
 * checked; and referrals (each one mails a key contact) are bounded per referrer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertService, setKeyContact } from '../referrals/testing.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { hashPassword } from './passwords.js';
import { LOGIN_ADDRESS_LIMIT } from './routes.js';

let t: TestApp;
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string) =>
  t.call('POST', '/api/v1/auth/login', { email, password });

describe('password spraying from one address', () => {
  it('does not count successful sign-ins', async () => {
    await t.db
      .insertInto('users')
      .values({
        email: 'real@spray.test',
        name: 'Real',
        role: 'funder',
        passwordHash: await hashPassword(PASSWORD),
      })
      .execute();
    for (let i = 0; i < LOGIN_ADDRESS_LIMIT.limit + 5; i++)
      expect((await login('real@spray.test', PASSWORD)).status).toBe(200);
  });

  it('refuses the address after that many failures across different emails, even with a right password', async () => {
    for (let i = 0; i < LOGIN_ADDRESS_LIMIT.limit; i++)
      expect((await login(`victim${i}@spray.test`, 'Summer2026!Summer')).status).toBe(401);
    const refused = await login('victim-next@spray.test', 'Summer2026!Summer');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A right password from that address is refused too: a 200 would tell the sprayer it found one.
    expect((await login('real@spray.test', PASSWORD)).status).toBe(429);
  });
});

describe('referral bursts', () => {
  it('refuses referrals past the per-referrer limit, and sends no mail for them', async () => {
    const organiser = await t.signIn('organiser');
    await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
    const { serviceId } = await insertService(t.db, { organisationId: organiser.organisationId! });
    const linkWorker = await t.signIn('link_worker');
    const statuses: number[] = [];
    for (let i = 0; i < t.config.referralsPerHour + 5; i++)
      statuses.push((await t.call('POST', '/api/v1/referrals', { serviceId }, linkWorker)).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(t.config.referralsPerHour);
    expect(statuses.slice(t.config.referralsPerHour).every((s) => s === 429)).toBe(true);
    expect(t.mail).toHaveLength(t.config.referralsPerHour);
    // Another Link Worker is not held up by the first one's burst.
    expect(
      (await t.call('POST', '/api/v1/referrals', { serviceId }, await t.signIn('link_worker')))
        .status,
    ).toBe(201);
  });
});
