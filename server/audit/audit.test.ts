import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { recordAudit } from './audit.js';

let t: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records structured entries and lists them newest first, paginated, filtered by entity', async () => {
    for (let i = 0; i < 5; i++) {
      await recordAudit(t.db, { userId: admin.userId, action: 'service.updated', entity: 'service', entityId: `s${i}`, details: { fields: ['name'], n: i } });
    }
    await recordAudit(t.db, { userId: null, action: 'referral.moved', entity: 'referral', entityId: 'r1', details: { from: 'sent', to: 'acknowledged' } });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit?entity=service&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await t.call('GET', url, undefined, admin)).json()) as { items: { entity: string; entityId: string }[]; nextCursor: string | null };
      expect(page.items.every((e) => e.entity === 'service')).toBe(true);
      seen.push(...page.items.map((e) => e.entityId));
      cursor = page.nextCursor;
    } while (cursor);
    // Every row exactly once, newest first.
    expect(seen).toEqual(['s4', 's3', 's2', 's1', 's0']);

    const one = (await (await t.call('GET', '/api/v1/audit?entity=referral', undefined, admin)).json()) as { items: unknown[] };
    expect(one.items).toEqual([expect.objectContaining({ action: 'referral.moved', details: { from: 'sent', to: 'acknowledged' }, userId: null })]);
  });

  it('is for admins only', async () => {
    expect((await t.call('GET', '/api/v1/audit')).status).toBe(401);
    for (const role of ['link_worker', 'organiser', 'funder'] as const) {
      expect((await t.call('GET', '/api/v1/audit', undefined, await t.signIn(role))).status).toBe(403);
    }
  });

  it('refuses a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'not-a-uuid'])).toString('base64url');
    const res = await t.call('GET', `/api/v1/audit?cursor=${forged}`, undefined, admin);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: { cursor: expect.any(String) } } });
  });
});
