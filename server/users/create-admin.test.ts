import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { adminInputProblem, createOrResetAdmin } from './create-admin.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string) =>
  t.call('POST', '/api/v1/auth/login', { email, password });

describe('create-admin', () => {
  it('says what is wrong with an email, a name or a password', () => {
    expect(adminInputProblem({ email: 'not an email', password: 'long enough password' })).toBe(
      '"not an email" is not an email address',
    );
    expect(adminInputProblem({ email: 'a@example.org', password: 'short' })).toBe(
      'the password must be at least 12 characters',
    );
    expect(
      adminInputProblem({ email: 'a@example.org', name: '  ', password: 'long enough password' }),
    ).toBe('the name is empty');
    expect(
      adminInputProblem({ email: ' A@Example.org ', password: 'long enough password' }),
    ).toBeNull();
  });

  it('creates an admin who can sign in, with an audit entry', async () => {
    const result = await createOrResetAdmin(t.db, {
      email: 'First.Admin@Council.example',
      name: 'Sam Jones',
      password: 'correct horse battery',
    });
    expect(result.created).toBe(true);
    const res = await login('first.admin@council.example', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { role: string; name: string } }).user).toMatchObject({
      role: 'admin',
      name: 'Sam Jones',
    });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('action', '=', 'user.admin_created')
      .execute();
    expect(audit).toEqual([{ action: 'user.admin_created', entityId: result.id }]);
  });

  it('resets an existing account: admin, enabled, new password, old sessions ended', async () => {
    const organiser = await t.signIn('organiser', { email: 'locked.out@council.example' });
    await t.db
      .updateTable('users')
      .set({ disabledAt: new Date() })
      .where('id', '=', organiser.userId)
      .execute();
    const result = await createOrResetAdmin(t.db, {
      email: 'locked.out@council.example',
      password: 'a brand new passphrase',
    });
    expect(result).toEqual({ id: organiser.userId, created: false });
    expect((await t.call('GET', '/api/v1/auth/session', undefined, organiser)).status).toBe(401);
    const res = await login('locked.out@council.example', 'a brand new passphrase');
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { user: { role: string; organisationId: string | null } }).user,
    ).toMatchObject({ role: 'admin', organisationId: null });
  });

  it('refuses bad input without writing anything', async () => {
    const before = await t.db.selectFrom('users').select('id').execute();
    await expect(
      createOrResetAdmin(t.db, { email: 'x@example.org', password: 'short' }),
    ).rejects.toThrow('the password must be at least 12 characters');
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
  });
});
