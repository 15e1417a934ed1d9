import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryMailer } from '../mail/mailer.js';
import { insertService, setKeyContact } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { CHECK_LINK_TTL_DAYS, createCheckLink } from './check-links.js';
import { sendCheckReminders } from './reminders.js';

const DAY = 86_400_000;
let t: TestApp;
let organiser: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  organiser = await t.signIn('organiser');
  await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
});
afterAll(() => t.close());

/** A service unchecked for 200 days, reminded through the job; returns its id and the mailed token. */
async function remindedService(name: string) {
  const { serviceId } = await insertService(t.db, {
    organisationId: organiser.organisationId!,
    name,
  });
  const old = new Date(Date.now() - 200 * DAY);
  await t.db
    .updateTable('services')
    .set({ lastVerifiedAt: old })
    .where('id', '=', serviceId)
    .execute();
  const mailer = memoryMailer();
  await sendCheckReminders({ db: t.db, config: t.config, mailer, logger: () => {} });
  const message = mailer.sent.find((m) => m.subject.includes(name))!;
  return { serviceId, token: /\/check\/([\w-]+)/.exec(message.text)![1]!, old };
}

const answer = (token: string, value: string) =>
  t.app.request(`/check/${token}`, {
    method: 'POST',
    body: new URLSearchParams({ answer: value }),
  });
const service = (id: string) =>
  t.db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (id: string) =>
  t.db
    .selectFrom('auditLog')
    .select(['action', 'userId', 'details'])
    .where('entityId', '=', id)
    .orderBy('createdAt')
    .execute();

describe('listing check links (signed out)', () => {
  it('shows the service and three answers without spending the link', async () => {
    const { token } = await remindedService('Page walking group');
    for (let i = 0; i < 2; i++) {
      const page = await t.app.request(`/check/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await page.text();
      expect(html).toContain('Page walking group');
      for (const a of ['still_right', 'needs_changes', 'has_ended'])
        expect(html).toContain(`name="answer" value="${a}"`);
    }
  });

  it('"Still right" marks it checked now, audited as the key contact; reuse → 410', async () => {
    const { serviceId, token, old } = await remindedService('Still right group');
    const res = await answer(token, 'still_right');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('checked today');
    const s = await service(serviceId);
    expect(s.lastVerifiedAt!.getTime()).toBeGreaterThan(old.getTime());
    expect(Date.now() - s.lastVerifiedAt!.getTime()).toBeLessThan(60_000);
    expect(await auditOf(serviceId)).toContainEqual({
      action: 'service.verified',
      userId: organiser.userId,
      details: { via: 'signed_link' },
    });
    expect((await answer(token, 'has_ended')).status).toBe(410);
    expect((await t.app.request(`/check/${token}`)).status).toBe(410);
    expect((await service(serviceId)).status).toBe('active');
  });

  it('"Needs changes" marks it for the organisation and points to a sign-in link to edit it', async () => {
    const { serviceId, token, old } = await remindedService('Needs changes group');
    const res = await answer(token, 'needs_changes');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`/sign-in?next=${encodeURIComponent(`/services/${serviceId}/edit`)}`);
    const s = await service(serviceId);
    expect(s.changesRequestedAt).not.toBeNull();
    expect(s.lastVerifiedAt!.getTime()).toBe(old.getTime());
    // The organisation sees it on the service; an edit clears it.
    const view = await t.call('GET', `/api/v1/services/${serviceId}`, undefined, organiser);
    const body = (await view.json()) as { changesRequestedAt: string | null; version: number };
    expect(body.changesRequestedAt).not.toBeNull();
    const edit = await t.call(
      'PATCH',
      `/api/v1/services/${serviceId}`,
      { summary: 'Now on Wednesdays.', version: body.version },
      organiser,
    );
    expect(edit.status).toBe(200);
    expect(
      ((await edit.json()) as { changesRequestedAt: string | null }).changesRequestedAt,
    ).toBeNull();
    expect((await auditOf(serviceId)).map((a) => a.action)).toContain('service.changes_requested');
    expect((await answer(token, 'still_right')).status).toBe(410);
  });

  it('"Has ended" ends the service (version moves); reuse → 410', async () => {
    const { serviceId, token } = await remindedService('Ended group');
    const before = await service(serviceId);
    const res = await answer(token, 'has_ended');
    expect(res.status).toBe(200);
    const s = await service(serviceId);
    expect(s.status).toBe('ended');
    expect(s.version).toBe(before.version + 1);
    expect(await auditOf(serviceId)).toContainEqual({
      action: 'service.updated',
      userId: organiser.userId,
      details: { fields: ['status'], status: 'ended', via: 'signed_link' },
    });
    expect((await answer(token, 'still_right')).status).toBe(410);
  });

  it('an expired link → 410 and changes nothing; an unknown one → 404; no answer → 422', async () => {
    const { serviceId } = await insertService(t.db, {
      organisationId: organiser.organisationId!,
      name: 'Expired group',
    });
    const { token } = await createCheckLink(
      t.db,
      serviceId,
      new Date(Date.now() - (CHECK_LINK_TTL_DAYS + 1) * DAY),
    );
    expect((await t.app.request(`/check/${token}`)).status).toBe(410);
    expect((await answer(token, 'has_ended')).status).toBe(410);
    expect((await service(serviceId)).status).toBe('active');
    expect((await t.app.request(`/check/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await answer('short', 'still_right')).status).toBe(404);
    const live = await createCheckLink(t.db, serviceId);
    expect((await answer(live.token, 'everything')).status).toBe(422);
    expect((await t.app.request(`/check/${live.token}`)).status).toBe(200);
  });

  it('two answers at once spend the link once', async () => {
    const { serviceId, token } = await remindedService('Race group');
    const [a, b] = await Promise.all([answer(token, 'still_right'), answer(token, 'has_ended')]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    // Whichever won, only its answer applied.
    expect((await service(serviceId)).status).toBe(a.status === 200 ? 'active' : 'ended');
  });
});
