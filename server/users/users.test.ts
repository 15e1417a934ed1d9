import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const alive = async (who: SignedIn) =>
  (await t.call('GET', '/api/v1/auth/session', undefined, who)).status === 200;

describe('users admin', () => {
  it('lists accounts to admins only, paginated, without password hashes', async () => {
    for (let i = 0; i < 3; i++) await t.signIn('link_worker');
    const first = await t.call('GET', '/api/v1/users?limit=2', undefined, admin);
    expect(first.status).toBe(200);
    const page = (await first.json()) as { items: { id: string }[]; nextCursor: string };
    expect(page.items).toHaveLength(2);
    const second = (await (
      await t.call('GET', `/api/v1/users?limit=2&cursor=${page.nextCursor}`, undefined, admin)
    ).json()) as { items: { id: string }[] };
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.map((u) => u.id)).not.toContain(page.items[0]!.id);
    expect(JSON.stringify(page)).not.toMatch(/passwordHash|argon2/);
    const workers = (await (
      await t.call('GET', '/api/v1/users?role=link_worker&limit=500', undefined, admin)
    ).json()) as { items: { role: string }[] };
    expect(workers.items.length).toBeGreaterThanOrEqual(3);
    expect(workers.items.every((u) => u.role === 'link_worker')).toBe(true);
    expect(
      (await t.call('GET', '/api/v1/users', undefined, await t.signIn('organiser'))).status,
    ).toBe(403);
  });

  it('disabling a user ends their sessions at once; enabling lets them sign in again', async () => {
    const lw = await t.signIn('link_worker');
    expect(await alive(lw)).toBe(true);
    const res = await t.call('PATCH', `/api/v1/users/${lw.userId}`, { disabled: true }, admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: lw.userId, disabled: true });
    expect(await alive(lw)).toBe(false);
    const revoked = await t.db
      .selectFrom('sessions')
      .select('revokedAt')
      .where('userId', '=', lw.userId)
      .execute();
    expect(revoked.every((s) => s.revokedAt !== null)).toBe(true);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', lw.userId)
      .where('action', '=', 'user.updated')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ disabled: true, sessionsEnded: 1 });

    const enabled = await t.call('PATCH', `/api/v1/users/${lw.userId}`, { disabled: false }, admin);
    expect(await enabled.json()).toMatchObject({ disabled: false });
  });

  it('changes roles, and requires an organisation for organisers', async () => {
    const f = await t.signIn('funder');
    const noOrg = await t.call('PATCH', `/api/v1/users/${f.userId}`, { role: 'organiser' }, admin);
    expect(noOrg.status).toBe(422);
    expect(await noOrg.json()).toMatchObject({
      error: { details: { organisationId: expect.any(String) } },
    });
    const org = await t.db
      .insertInto('organisations')
      .values({ name: 'Role change org' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ok = await t.call(
      'PATCH',
      `/api/v1/users/${f.userId}`,
      { role: 'organiser', organisationId: org.id },
      admin,
    );
    expect(await ok.json()).toMatchObject({ role: 'organiser', organisationId: org.id });
    // The session reads the role from the user row, so it takes effect on the next request.
    const session = (await (await t.call('GET', '/api/v1/auth/session', undefined, f)).json()) as {
      user: { role: string };
    };
    expect(session.user.role).toBe('organiser');
  });

  it('rejects unknown and privileged fields', async () => {
    const lw = await t.signIn('link_worker');
    const res = await t.call(
      'PATCH',
      `/api/v1/users/${lw.userId}`,
      { email: 'new@x.test', passwordHash: 'x', id: admin.userId },
      admin,
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: {
        details: {
          email: expect.any(String),
          passwordHash: expect.any(String),
          id: expect.any(String),
        },
      },
    });
  });

  it('will not let an admin disable or demote themselves', async () => {
    expect(
      (await t.call('PATCH', `/api/v1/users/${admin.userId}`, { disabled: true }, admin)).status,
    ).toBe(422);
    expect(
      (await t.call('PATCH', `/api/v1/users/${admin.userId}`, { role: 'funder' }, admin)).status,
    ).toBe(422);
    expect(await alive(admin)).toBe(true);
  });

  it('is 404 for an unknown user and 403 for non-admins', async () => {
    expect(
      (
        await t.call(
          'PATCH',
          '/api/v1/users/00000000-0000-4000-8000-000000000000',
          { disabled: true },
          admin,
        )
      ).status,
    ).toBe(404);
    const org = await t.signIn('organiser');
    expect(
      (await t.call('PATCH', `/api/v1/users/${org.userId}`, { role: 'admin' }, org)).status,
    ).toBe(403);
  });
});

describe('searching accounts', () => {
  it('matches words of the name or email, case-insensitively, with LIKE wildcards taken literally', async () => {
    await t.db
      .insertInto('users')
      .values([
        { email: 'rahima.begum@search.test', name: 'Rahima Begum', role: 'link_worker' },
        { email: 'tom@search.test', name: 'Tom Okafor', role: 'organiser' },
        { email: 'under_score@search.test', name: 'Percent 100%', role: 'funder' },
      ])
      .execute();
    const names = async (q: string) =>
      (
        (await (
          await t.call('GET', `/api/v1/users?limit=50&q=${encodeURIComponent(q)}`, undefined, admin)
        ).json()) as { items: { name: string }[] }
      ).items
        .map((u) => u.name)
        .sort();
    expect(await names('rahima')).toEqual(['Rahima Begum']);
    expect(await names('SEARCH.TEST okafor')).toEqual(['Tom Okafor']);
    expect(await names('search.test')).toEqual(['Percent 100%', 'Rahima Begum', 'Tom Okafor']);
    expect(await names('r_s')).toEqual(['Percent 100%']);
    expect(await names('100%')).toEqual(['Percent 100%']);
  });
});
