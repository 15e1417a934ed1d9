import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let admin: SignedIn;
let organiser: SignedIn;
let n = 0;
const email = () => `invitee${++n}@invites.test`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  organiser = await t.signIn('organiser');
});
afterAll(() => t.close());

async function invite(by: SignedIn, body: Record<string, unknown>) {
  return t.call('POST', '/api/v1/invites', body, by);
}

async function accept(
  token: string,
  body: Record<string, unknown> = { name: 'New Person', password: 'twelve chars ok' },
) {
  return t.call('POST', `/api/v1/invites/${token}/accept`, body);
}

describe('creating invites', () => {
  it('lets an admin invite any role; the token is stored only hashed and expires in 7 days', async () => {
    const res = await invite(admin, { email: email(), role: 'funder' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; token: string; expiresAt: string };
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const row = await t.db
      .selectFrom('invites')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(row.tokenHash).not.toContain(body.token);
    expect(JSON.stringify(row)).not.toContain(body.token);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'invite.created', userId: admin.userId });
  });

  it('lets an organiser invite organisers to their own organisation only; only admins invite link workers', async () => {
    const colleague = await invite(organiser, { email: email(), role: 'organiser' });
    expect(colleague.status).toBe(201);
    const row = await t.db
      .selectFrom('invites')
      .select('organisationId')
      .where('id', '=', ((await colleague.json()) as { id: string }).id)
      .executeTakeFirstOrThrow();
    expect(row.organisationId).toBe(organiser.organisationId);
    expect(
      (
        await invite(organiser, {
          email: email(),
          role: 'organiser',
          organisationId: organiser.organisationId,
        })
      ).status,
    ).toBe(201);

    // A Link Worker account is a vouched-for person: an organiser may not mint one (DESIGN.md "Publication").
    const lw = await invite(organiser, { email: email(), role: 'link_worker' });
    expect(lw.status).toBe(403);
    expect(await lw.json()).toMatchObject({
      error: { message: expect.stringMatching(/only admins may invite link workers/i) },
    });
    const byAdmin = await invite(admin, {
      email: email(),
      role: 'link_worker',
      organisationId: organiser.organisationId,
    });
    expect(byAdmin.status).toBe(201);

    expect((await invite(organiser, { email: email(), role: 'admin' })).status).toBe(403);
    expect((await invite(organiser, { email: email(), role: 'funder' })).status).toBe(403);
    const other = await t.signIn('organiser');
    expect(
      (
        await invite(organiser, {
          email: email(),
          role: 'organiser',
          organisationId: other.organisationId,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await invite(organiser, {
          email: email(),
          role: 'link_worker',
          organisationId: other.organisationId,
        })
      ).status,
    ).toBe(403);
  });

  it('is not open to link workers, funders or anonymous callers', async () => {
    expect(
      (await invite(await t.signIn('link_worker'), { email: email(), role: 'link_worker' })).status,
    ).toBe(403);
    expect(
      (await invite(await t.signIn('funder'), { email: email(), role: 'link_worker' })).status,
    ).toBe(403);
    expect(
      (await t.call('POST', '/api/v1/invites', { email: email(), role: 'link_worker' })).status,
    ).toBe(401);
  });

  it('names the field and reason on bad input, and rejects unknown fields', async () => {
    const bad = await invite(admin, { email: 'not-an-email', role: 'wizard' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      error: { details: { email: expect.any(String), role: expect.any(String) } },
    });
    const extra = await invite(admin, {
      email: email(),
      role: 'link_worker',
      status: 'active',
      invitedBy: admin.userId,
    });
    expect(extra.status).toBe(422);
    expect(await extra.json()).toMatchObject({
      error: { details: { status: expect.any(String), invitedBy: expect.any(String) } },
    });
    const orgless = await invite(admin, { email: email(), role: 'organiser' });
    expect(await orgless.json()).toMatchObject({
      error: { details: { organisationId: 'is required for an organiser' } },
    });
    const unknownOrg = await invite(admin, {
      email: email(),
      role: 'link_worker',
      organisationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownOrg.status).toBe(422);
  });

  it('refuses to invite an email that already has an account', async () => {
    const taken = `taken${n}@invites.test`;
    await t.signIn('funder', { email: taken });
    expect((await invite(admin, { email: taken.toUpperCase(), role: 'funder' })).status).toBe(409);
  });

  it('answers an organiser alike whether or not the email has an account, and such an invite cannot be accepted', async () => {
    const organiser = await t.signIn('organiser');
    const taken = `taken-org${n}@invites.test`;
    await t.signIn('link_worker', {
      email: taken,
      organisationId: (await t.signIn('organiser')).organisationId!,
    });
    const forTaken = await invite(organiser, { email: taken, role: 'organiser' });
    const forFresh = await invite(organiser, { email: email(), role: 'organiser' });
    expect(forTaken.status).toBe(forFresh.status);
    const [a, b] = [
      (await forTaken.json()) as Record<string, unknown>,
      (await forFresh.json()) as Record<string, unknown>,
    ];
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    const accept = await t.call('POST', `/api/v1/invites/${a.token as string}/accept`, {
      name: 'Someone',
      password: 'a long enough password',
    });
    expect(accept.status).toBe(410);
    expect(
      await t.db.selectFrom('users').select('id').where('email', '=', taken).execute(),
    ).toHaveLength(1);
  });

  it('lists invites: admins see all, organisers their organisation only, paginated', async () => {
    const all = await t.call('GET', '/api/v1/invites?limit=2', undefined, admin);
    const page = (await all.json()) as {
      items: { organisationId: string | null }[];
      nextCursor: string | null;
    };
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const next = (await (
      await t.call('GET', `/api/v1/invites?limit=500&cursor=${page.nextCursor}`, undefined, admin)
    ).json()) as { items: unknown[] };
    expect(next.items.length).toBeGreaterThan(0);
    const mine = (await (
      await t.call('GET', '/api/v1/invites?limit=500', undefined, organiser)
    ).json()) as { items: { organisationId: string | null }[] };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.organisationId === organiser.organisationId)).toBe(true);
    expect(JSON.stringify(mine)).not.toMatch(/token/i);
    expect((await t.call('GET', '/api/v1/invites?cursor=bogus', undefined, admin)).status).toBe(
      422,
    );
  });
});

describe('accepting invites', () => {
  it('creates the invited account with the invited role and organisation, and signs in', async () => {
    const address = email();
    const { token } = (await (
      await invite(admin, {
        email: address,
        role: 'link_worker',
        organisationId: organiser.organisationId,
      })
    ).json()) as { token: string };
    const preview = await t.call('GET', `/api/v1/invites/${token}`);
    expect(await preview.json()).toMatchObject({
      email: address,
      role: 'link_worker',
      organisationName: expect.any(String),
    });

    const res = await accept(token, { name: 'Priya Link', password: 'a long enough secret' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      user: { id: string; email: string; role: string; organisationId: string };
      token: string;
      csrfToken: string;
    };
    expect(body.user).toMatchObject({
      email: address,
      name: 'Priya Link',
      role: 'link_worker',
      organisationId: organiser.organisationId,
    });
    expect(res.headers.get('set-cookie')).toMatch(/gapmap_session=.*HttpOnly/i);
    const session = await t.call('GET', '/api/v1/auth/session', undefined, {
      Authorization: `Bearer ${body.token}`,
    });
    expect(session.status).toBe(200);
    const login = await t.call('POST', '/api/v1/auth/login', {
      email: address,
      password: 'a long enough secret',
    });
    expect(login.status).toBe(200);
  });

  it('is single-use: a second accept is 410', async () => {
    const { token } = (await (await invite(admin, { email: email(), role: 'funder' })).json()) as {
      token: string;
    };
    expect((await accept(token)).status).toBe(201);
    const again = await accept(token, { name: 'Someone Else', password: 'another long secret' });
    expect(again.status).toBe(410);
    expect((await t.call('GET', `/api/v1/invites/${token}`)).status).toBe(410);
  });

  it('is 410 once expired', async () => {
    const { id, token } = (await (
      await invite(admin, { email: email(), role: 'funder' })
    ).json()) as { id: string; token: string };
    await t.db
      .updateTable('invites')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect((await accept(token)).status).toBe(410);
  });

  it('is 404 for a token that was never issued', async () => {
    expect((await accept('x'.repeat(43))).status).toBe(404);
  });

  it('needs a 12-character password and leaves the invite unused when refused', async () => {
    const { token } = (await (await invite(admin, { email: email(), role: 'funder' })).json()) as {
      token: string;
    };
    const short = await accept(token, { name: 'Short Pass', password: 'elevenchars' });
    expect(short.status).toBe(422);
    expect(await short.json()).toMatchObject({
      error: { details: { password: 'must be at least 12 characters' } },
    });
    expect((await accept(token)).status).toBe(201);
  });

  it('rejects attempts to choose role, organisation or email while accepting', async () => {
    const { token } = (await (
      await invite(admin, { email: email(), role: 'link_worker' })
    ).json()) as { token: string };
    const res = await accept(token, {
      name: 'Sneaky',
      password: 'twelve chars ok',
      role: 'admin',
      organisationId: organiser.organisationId,
      email: 'other@x.test',
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: {
        details: {
          role: expect.any(String),
          organisationId: expect.any(String),
          email: expect.any(String),
        },
      },
    });
    const created = await accept(token);
    expect(((await created.json()) as { user: { role: string } }).user.role).toBe('link_worker');
  });
});

describe('withdrawing invites', () => {
  it('lets the inviting organisation or an admin withdraw a pending invite, after which its link is 410', async () => {
    const { id, token } = (await (
      await invite(organiser, { email: email(), role: 'organiser' })
    ).json()) as { id: string; token: string };
    const stranger = await t.signIn('organiser');
    expect((await t.call('DELETE', `/api/v1/invites/${id}`, undefined, stranger)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/invites/${id}`, undefined, organiser)).status).toBe(
      204,
    );
    expect((await accept(token)).status).toBe(410);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('invite.revoked');
  });

  it('cannot withdraw an accepted invite (409) or an unknown one (404)', async () => {
    const { id, token } = (await (
      await invite(admin, { email: email(), role: 'funder' })
    ).json()) as { id: string; token: string };
    expect((await accept(token)).status).toBe(201);
    expect((await t.call('DELETE', `/api/v1/invites/${id}`, undefined, admin)).status).toBe(409);
    expect(
      (
        await t.call(
          'DELETE',
          '/api/v1/invites/00000000-0000-4000-8000-000000000000',
          undefined,
          admin,
        )
      ).status,
    ).toBe(404);
  });
});

describe('logging', () => {
  it('never writes an invite token or the chosen password to the log', async () => {
    const { token } = (await (await invite(admin, { email: email(), role: 'funder' })).json()) as {
      token: string;
    };
    await t.call('GET', `/api/v1/invites/${token}`);
    await accept(token, { name: 'Logged Person', password: 'password-that-must-not-be-logged' });
    const text = JSON.stringify(t.logs);
    expect(text).toContain('/api/v1/invites/:token/accept');
    expect(text).not.toContain(token);
    expect(text).not.toContain('password-that-must-not-be-logged');
  });
});

describe("mail in the reader's language", () => {
  it("writes the invitation in the inviter's language, and mail to a user whose language is bn in Bengali", async () => {
    const address = email();
    const before = t.mail.length;
    const res = await invite(
      { ...admin, headers: { ...admin.headers, Cookie: 'gapmap_lang=bn' } },
      { email: address, role: 'funder' },
    );
    expect(res.status).toBe(201);
    const sent = t.mail.slice(before).find((m) => m.kind === 'invite' && m.to === address)!;
    expect(sent.subject).toBe('Gapmap-এ আপনার আমন্ত্রণ');
    expect(sent.text).toContain('একজন অর্থদাতা');

    // Accepting from a Bengali browser records the language; an admin can change it; English stays the default.
    const { token } = (await res.json()) as { token: string };
    const accepted = await t.call(
      'POST',
      `/api/v1/invites/${token}/accept`,
      { name: 'Rahima Bn', password: 'twelve chars ok' },
      { 'Accept-Language': 'bn-BD, en;q=0.5' },
    );
    expect(accepted.status).toBe(201);
    const user = await t.db
      .selectFrom('users')
      .select(['id', 'email', 'language'])
      .where('email', '=', address)
      .executeTakeFirstOrThrow();
    expect(user.language).toBe('bn');

    const { referralUpdateMessage } = await import('../referrals/notices.js');
    const { mailLanguage } = await import('../users/language.js');
    const move = {
      referralId: user.id,
      code: 'AB12CD34',
      serviceName: 'Chai and Chat',
      referrerId: user.id,
      status: 'contacted' as const,
      reason: null,
      byUserId: null,
    };
    const notice = referralUpdateMessage(t.config, user.email, move, mailLanguage(user.language));
    expect(notice.subject).toBe('রেফারাল AB12CD34: এখন আমরা তাঁর সাথে যোগাযোগ করেছি');
    expect(notice.text).toContain('আপনার রেফারাল AB12CD34');
    expect(referralUpdateMessage(t.config, user.email, move).subject).toBe(
      'Referral AB12CD34: now We have contacted them',
    );

    const changed = await t.call('PATCH', `/api/v1/users/${user.id}`, { language: 'so' }, admin);
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ language: 'so' });
    expect(
      (await t.call('PATCH', `/api/v1/users/${user.id}`, { language: 'fr' }, admin)).status,
    ).toBe(422);
    expect(
      (await t.call('PATCH', `/api/v1/users/${user.id}`, { language: null }, admin)).status,
    ).toBe(200);
  });
});
