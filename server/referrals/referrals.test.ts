import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { insertService, setKeyContact } from './testing.js';

let t: TestApp;
let linkWorker: SignedIn;
let otherLinkWorker: SignedIn;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let funder: SignedIn;
let serviceId: string;

beforeAll(async () => {
  // This file refers in bulk (code uniqueness, paging); the per-hour limit has its own test.
  t = await createTestApp({ referralsPerHour: 10_000 });
  linkWorker = await t.signIn('link_worker');
  otherLinkWorker = await t.signIn('link_worker');
  organiser = await t.signIn('organiser', { email: 'contact@walking.test' });
  otherOrganiser = await t.signIn('organiser');
  funder = await t.signIn('funder');
  await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
  ({ serviceId } = await insertService(t.db, { organisationId: organiser.organisationId! }));
});
afterAll(() => t.close());

async function refer(who = linkWorker, body: Record<string, unknown> = { serviceId }) {
  const res = await t.call('POST', '/api/v1/referrals', body, who);
  return {
    res,
    body: (await res.json()) as {
      id: string;
      code: string;
      status: string;
      version: number;
      error?: { details?: Record<string, string> };
    },
  };
}

describe('POST /api/v1/referrals', () => {
  it('creates an anonymous code, status sent, and notifies the key contact with a signed link', async () => {
    const before = t.mail.length;
    const { res, body } = await refer(linkWorker, {
      serviceId,
      note: 'Prefers mornings; nervous in big groups.',
    });
    expect(res.status).toBe(201);
    expect(body.status).toBe('sent');
    expect(body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const message = t.mail[before]!;
    expect(message.to).toBe('contact@walking.test');
    expect(message.text).toContain(body.code);
    expect(message.text).not.toContain('nervous');
    const token = /\/r\/([\w-]+)/.exec(message.text)?.[1];
    expect(token).toBeTruthy();
    const stored = await t.db
      .selectFrom('referralLinks')
      .select('tokenHash')
      .where('referralId', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token!);
    expect(JSON.stringify(t.logs)).not.toContain(token!);
  });

  it('draws distinct codes', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) codes.add((await refer()).body.code);
    expect(codes.size).toBe(20);
  });

  it('rejects a note that holds personal data, naming the kind', async () => {
    const { res, body } = await refer(linkWorker, { serviceId, note: 'call her on 07700 900123' });
    expect(res.status).toBe(422);
    expect(body.error?.details?.note).toBe('phone');
  });

  it('422s an unknown or ended service and 403s other roles', async () => {
    expect(
      (await refer(linkWorker, { serviceId: '00000000-0000-4000-8000-000000000000' })).body.error
        ?.details?.serviceId,
    ).toBe('unknown service');
    const ended = await insertService(t.db, {
      organisationId: organiser.organisationId!,
      status: 'ended',
    });
    expect((await refer(linkWorker, { serviceId: ended.serviceId })).res.status).toBe(422);
    expect((await refer(organiser)).res.status).toBe(403);
    expect((await refer(funder)).res.status).toBe(403);
    expect((await t.call('POST', '/api/v1/referrals', { serviceId })).status).toBe(401);
  });
});

describe('PATCH /api/v1/referrals/{id}', () => {
  it('walks the status loop with versions, refusing illegal moves, stale versions and strangers', async () => {
    const { body: r } = await refer();
    const patch = (who: SignedIn, status: string, version: number) =>
      t.call('PATCH', `/api/v1/referrals/${r.id}`, { status, version }, who);
    expect((await patch(otherOrganiser, 'acknowledged', 1)).status).toBe(403);
    expect((await patch(otherLinkWorker, 'withdrawn', 1)).status).toBe(403);
    expect((await patch(linkWorker, 'acknowledged', 1)).status).toBe(409); // the referrer cannot acknowledge
    expect((await patch(organiser, 'contacted', 1)).status).toBe(409); // must acknowledge first
    const ack = await patch(organiser, 'acknowledged', 1);
    expect(ack.status).toBe(200);
    const acked = (await ack.json()) as { version: number; acknowledgedAt: string | null };
    expect(acked.version).toBe(2);
    expect(acked.acknowledgedAt).not.toBeNull();
    const stale = await patch(organiser, 'contacted', 1);
    expect(stale.status).toBe(409);
    expect((await patch(organiser, 'contacted', 2)).status).toBe(200);
    expect((await patch(linkWorker, 'withdrawn', 3)).status).toBe(200);
    const after = await patch(organiser, 'attended', 4);
    expect(after.status).toBe(409);
    expect(
      ((await after.json()) as { error: { details: { allowed: string[] } } }).error.details.allowed,
    ).toEqual([]);
    const events = await t.db
      .selectFrom('referralEvents')
      .select(['status', 'at'])
      .where('referralId', '=', r.id)
      .orderBy('at')
      .execute();
    expect(events.map((e) => e.status)).toEqual(['sent', 'acknowledged', 'contacted', 'withdrawn']);
  });

  it('404s an unknown referral and 422s an unknown status', async () => {
    expect(
      (
        await t.call(
          'PATCH',
          '/api/v1/referrals/00000000-0000-4000-8000-000000000000',
          { status: 'acknowledged', version: 1 },
          organiser,
        )
      ).status,
    ).toBe(404);
    const { body: r } = await refer();
    expect(
      (
        await t.call(
          'PATCH',
          `/api/v1/referrals/${r.id}`,
          { status: 'lost', version: 1 },
          organiser,
        )
      ).status,
    ).toBe(422);
  });
});

describe('GET /api/v1/referrals', () => {
  type Item = {
    id: string;
    status: string;
    serviceName: string;
    history: { status: string; at: string }[];
    allowedMoves: string[];
  };
  const list = async (who: SignedIn, query = '') => {
    const res = await t.call('GET', `/api/v1/referrals${query}`, undefined, who);
    return {
      status: res.status,
      body: (await res.json()) as { items: Item[]; nextCursor: string | null },
    };
  };

  it("shows Link Workers their own, organisers their organisation's, nobody else's", async () => {
    const { body: mine } = await refer(otherLinkWorker);
    const own = await list(otherLinkWorker);
    expect(own.body.items.map((i) => i.id)).toEqual([mine.id]);
    expect(own.body.items[0]!.history.map((h) => h.status)).toEqual(['sent']);
    expect(own.body.items[0]!.allowedMoves).toEqual(['withdrawn']);
    const org = await list(organiser);
    expect(org.body.items.map((i) => i.id)).toContain(mine.id);
    expect(org.body.items.find((i) => i.id === mine.id)!.allowedMoves).toEqual(['acknowledged']);
    expect((await list(otherOrganiser)).body.items).toEqual([]);
    expect((await list(funder)).status).toBe(403);
  });

  it('pages newest first without gaps or repeats, and filters by status', async () => {
    const all = await list(linkWorker, '?limit=500');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(linkWorker, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((i) => i.id));
    const withdrawn = await list(linkWorker, '?status=withdrawn');
    expect(withdrawn.body.items.length).toBe(1);
    expect(withdrawn.body.items[0]!.history.map((h) => h.status)).toEqual([
      'sent',
      'acknowledged',
      'contacted',
      'withdrawn',
    ]);
    expect((await list(linkWorker, '?cursor=bm9wZQ')).status).toBe(422);
  });
});
