import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertService } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const DAY = 86_400_000;
let t: TestApp;
let organiser: SignedIn;
let admin: SignedIn;
let linkWorker: SignedIn;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  organiser = await t.signIn('organiser');
  admin = await t.signIn('admin');
  linkWorker = await t.signIn('link_worker');
  // Names in alphabetical order; A and C are stale (never checked; 200 days), B and D checked.
  const rows: [string, number | null, number][] = [
    ['A stale anchors', null, 0],
    ['B fresh bakers', 10, 0.02],
    ['C stale choir', 200, 0.005],
    ['D fresh dancers', 100, 0.03],
  ];
  for (const [name, days, dLat] of rows) {
    const { serviceId } = await insertService(t.db, {
      organisationId: organiser.organisationId!,
      name: `${name} zqx`,
      lat: 51.5273 + dLat,
    });
    await t.db
      .updateTable('services')
      .set({ lastVerifiedAt: days === null ? null : new Date(Date.now() - days * DAY) })
      .where('id', '=', serviceId)
      .execute();
    ids[name] = serviceId;
  }
  await insertService(t.db, {
    organisationId: organiser.organisationId!,
    name: 'E ended stale zqx',
    status: 'ended',
  });
});
afterAll(() => t.close());

type Page = { items: { id: string; name: string; stale: boolean }[]; nextCursor: string | null };
const ours = (p: Page) =>
  p.items.filter((s) => Object.values(ids).includes(s.id)).map((s) => s.name.replace(' zqx', ''));

describe('stale listings', () => {
  it('sort after checked ones in the directory, across pages', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        'GET',
        `/api/v1/services?q=zqx&status=active&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        linkWorker,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      names.push(...ours(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual([
      'B fresh bakers',
      'D fresh dancers',
      'A stale anchors',
      'C stale choir',
    ]);
  });

  it('sort after checked ones near a point, nearest first within each', async () => {
    const res = await t.call(
      'GET',
      '/api/v1/services?q=zqx&near=51.5273,-0.0553&radiusKm=10&limit=2',
      undefined,
      linkWorker,
    );
    const first = (await res.json()) as Page;
    const second = (await (
      await t.call(
        'GET',
        `/api/v1/services?q=zqx&near=51.5273,-0.0553&radiusKm=10&limit=10&cursor=${first.nextCursor}`,
        undefined,
        linkWorker,
      )
    ).json()) as Page;
    expect([...ours(first), ...ours(second)]).toEqual([
      'B fresh bakers',
      'D fresh dancers',
      'A stale anchors',
      'C stale choir',
    ]);
    expect(first.items.every((s) => !s.stale)).toBe(true);
  });

  it('sort after checked ones in the ORUK feed', async () => {
    const res = await t.app.request('/api/v1/oruk/services?per_page=50&search=zqx');
    expect(res.status).toBe(200);
    const names = ((await res.json()) as { contents: { id: string; name: string }[] }).contents
      .map((s) => s.name.replace(' zqx', ''))
      .filter((n) => /^[A-D] /.test(n));
    expect(names).toEqual([
      'B fresh bakers',
      'D fresh dancers',
      'A stale anchors',
      'C stale choir',
    ]);
  });

  it('an old cursor shape is refused with 422', async () => {
    const old = Buffer.from(
      JSON.stringify(['A stale anchors zqx', ids['A stale anchors']]),
    ).toString('base64url');
    expect(
      (await t.call('GET', `/api/v1/services?cursor=${old}`, undefined, linkWorker)).status,
    ).toBe(422);
  });

  it('the admin report lists stale listed services, longest unchecked first (admin only)', async () => {
    const res = await t.call('GET', '/api/v1/listings/stale?limit=1', undefined, admin);
    expect(res.status).toBe(200);
    const first = (await res.json()) as {
      items: { id: string; name: string; lastVerifiedAt: string | null }[];
      nextCursor: string;
    };
    const rest = (await (
      await t.call('GET', `/api/v1/listings/stale?cursor=${first.nextCursor}`, undefined, admin)
    ).json()) as typeof first;
    const names = [...first.items, ...rest.items].map((s) => s.name.replace(' zqx', ''));
    expect(names).toEqual(['A stale anchors', 'C stale choir']);
    expect((await t.call('GET', '/api/v1/listings/stale', undefined, organiser)).status).toBe(403);
  });

  it('the digest lists them (an organiser: their own)', async () => {
    const res = await t.call('GET', '/api/v1/digest', undefined, organiser);
    const digest = (await res.json()) as {
      counts: { staleServices: number };
      staleServices: { name: string }[];
    };
    expect(digest.staleServices.map((s) => s.name.replace(' zqx', ''))).toEqual([
      'A stale anchors',
      'C stale choir',
    ]);
    expect(digest.counts.staleServices).toBe(2);
    const other = await t.signIn('organiser');
    expect(
      ((await (await t.call('GET', '/api/v1/digest', undefined, other)).json()) as typeof digest)
        .counts.staleServices,
    ).toBe(0);
    const page = await (await t.app.request('/digest', { headers: linkWorker.headers })).text();
    expect(page).toContain('Not checked for six months');
  });
});
