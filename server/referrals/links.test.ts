import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { insertService, setKeyContact } from './testing.js';

let t: TestApp;
let linkWorker: SignedIn;
let organiser: SignedIn;
let serviceId: string;

beforeAll(async () => {
  t = await createTestApp();
  linkWorker = await t.signIn('link_worker');
  organiser = await t.signIn('organiser');
  await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
  ({ serviceId } = await insertService(t.db, {
    organisationId: organiser.organisationId!,
    name: 'Men in Sheds',
  }));
});
afterAll(() => t.close());

/** Refers, then reads the signed link's token from the mail the app handed to its mailer. */
async function referAndReadToken() {
  const res = await t.call('POST', '/api/v1/referrals', { serviceId }, linkWorker);
  const referral = (await res.json()) as { id: string; code: string };
  const token = /\/r\/([\w-]+)/.exec(t.mail[t.mail.length - 1]!.text)![1]!;
  return { referral, token };
}

describe('signed single-use referral links', () => {
  it('shows the referral with one button per next step, without spending the link', async () => {
    const { referral, token } = await referAndReadToken();
    for (let i = 0; i < 2; i++) {
      const page = await t.app.request(`/r/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const text = await page.text();
      expect(text).toContain(referral.code);
      expect(text).toContain('Men in Sheds');
      expect(text).toMatch(/<button type="submit" name="status" value="acknowledged">/);
    }
  });

  it('moves the referral once without signing in, then answers 410', async () => {
    const { referral, token } = await referAndReadToken();
    const move = await t.call('POST', `/api/v1/referral-links/${token}`, {
      status: 'acknowledged',
    });
    expect(move.status).toBe(200);
    expect(((await move.json()) as { status: string }).status).toBe('acknowledged');
    const row = await t.db
      .selectFrom('referrals')
      .select(['status', 'acknowledgedAt', 'version'])
      .where('id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(row.acknowledgedAt).not.toBeNull();
    const by = await t.db
      .selectFrom('referralEvents')
      .select('byUserId')
      .where('referralId', '=', referral.id)
      .where('status', '=', 'acknowledged')
      .executeTakeFirstOrThrow();
    expect(by.byUserId).toBe(organiser.userId);
    expect(
      (await t.call('POST', `/api/v1/referral-links/${token}`, { status: 'contacted' })).status,
    ).toBe(410);
    expect((await t.app.request(`/r/${token}`)).status).toBe(410);
  });

  it('works from the HTML form too', async () => {
    const { token } = await referAndReadToken();
    const res = await t.app.request(`/r/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ status: 'acknowledged' }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Thank you');
  });

  it('refuses an illegal move without spending the link', async () => {
    const { token } = await referAndReadToken();
    expect(
      (await t.call('POST', `/api/v1/referral-links/${token}`, { status: 'attended' })).status,
    ).toBe(409);
    expect(
      (await t.call('POST', `/api/v1/referral-links/${token}`, { status: 'withdrawn' })).status,
    ).toBe(409);
    expect(
      (await t.call('POST', `/api/v1/referral-links/${token}`, { status: 'acknowledged' })).status,
    ).toBe(200);
  });

  it('answers 410 once expired and 404 for a token it never issued', async () => {
    const { referral, token } = await referAndReadToken();
    await sql`update referral_links set expires_at = now() - interval '1 minute' where referral_id = ${referral.id}`.execute(
      t.db,
    );
    expect(
      (await t.call('POST', `/api/v1/referral-links/${token}`, { status: 'acknowledged' })).status,
    ).toBe(410);
    expect(
      (await t.call('POST', `/api/v1/referral-links/${'x'.repeat(43)}`, { status: 'acknowledged' }))
        .status,
    ).toBe(404);
  });
});
