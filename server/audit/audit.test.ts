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
    // In one transaction, so all five share created_at (now()): the pages must split a tie cleanly.
    await t.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await recordAudit(tx, {
          userId: admin.userId,
          action: 'service.updated',
          entity: 'service',
          entityId: `s${i}`,
          details: { fields: ['name'], n: i },
        });
      }
    });
    await recordAudit(t.db, {
      userId: null,
      action: 'referral.moved',
      entity: 'referral',
      entityId: 'r1',
      details: { from: 'sent', to: 'acknowledged' },
    });

    const seen: { entityId: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit?entity=service&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await t.call('GET', url, undefined, admin)).json()) as {
        items: { entity: string; entityId: string; createdAt: string }[];
        nextCursor: string | null;
      };
      expect(page.items.every((e) => e.entity === 'service')).toBe(true);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // Every row exactly once across the pages, newest first (rows in the same millisecond by id).
    expect(seen.map((e) => e.entityId).sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    const times = seen.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const one = (await (
      await t.call('GET', '/api/v1/audit?entity=referral', undefined, admin)
    ).json()) as { items: unknown[] };
    expect(one.items).toEqual([
      expect.objectContaining({
        action: 'referral.moved',
        details: { from: 'sent', to: 'acknowledged' },
        userId: null,
      }),
    ]);
  });

  it('is for admins only', async () => {
    expect((await t.call('GET', '/api/v1/audit')).status).toBe(401);
    for (const role of ['link_worker', 'organiser', 'funder'] as const) {
      expect((await t.call('GET', '/api/v1/audit', undefined, await t.signIn(role))).status).toBe(
        403,
      );
    }
  });

  it('refuses a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'not-a-uuid'])).toString('base64url');
    const res = await t.call('GET', `/api/v1/audit?cursor=${forged}`, undefined, admin);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: { cursor: expect.any(String) } } });
  });
});

describe('audit log in words', () => {
  it('names who did it and the record it was done to', async () => {
    const org = await t.db
      .insertInto('organisations')
      .values({ name: 'Roman Road Trust' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const service = await t.db
      .insertInto('services')
      .values({ organisationId: org.id, name: 'Knit and natter', summary: 'Wool and tea.' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(t.db, {
      userId: admin.userId,
      action: 'service.verified',
      entity: 'service',
      entityId: service.id,
      details: {},
    });
    await recordAudit(t.db, {
      userId: admin.userId,
      action: 'organisation.updated',
      entity: 'organisation',
      entityId: org.id,
      details: { fields: ['name'] },
    });
    await recordAudit(t.db, {
      userId: null,
      action: 'service.deleted',
      entity: 'service',
      entityId: '00000000-0000-4000-8000-00000000dead',
      details: {},
    });
    const page = (await (
      await t.call('GET', '/api/v1/audit?limit=50', undefined, admin)
    ).json()) as {
      items: { action: string; userName: string | null; entityName: string | null }[];
    };
    const adminName = (
      await t.db
        .selectFrom('users')
        .select('name')
        .where('id', '=', admin.userId)
        .executeTakeFirstOrThrow()
    ).name;
    // Entries written in the same millisecond have no order between them: find each by its action.
    const entry = (action: string) => page.items.find((e) => e.action === action);
    expect(entry('service.deleted')).toEqual(
      expect.objectContaining({ userName: null, entityName: null }),
    );
    expect(entry('organisation.updated')).toEqual(
      expect.objectContaining({ userName: adminName, entityName: 'Roman Road Trust' }),
    );
    expect(entry('service.verified')).toEqual(
      expect.objectContaining({ userName: adminName, entityName: 'Knit and natter' }),
    );
  });
});
