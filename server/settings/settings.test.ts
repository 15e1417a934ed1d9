import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { addDemand } from '../gaps/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const HOME = { lat: 51.527, lng: -0.055 };

let t: TestApp;
let admin: SignedIn;
let funder: SignedIn;
let areaId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  [admin, funder] = await Promise.all([t.signIn('admin'), t.signIn('funder')]);
  // 9 flags (key sum 40 publishes as a perturbed 8): over the default threshold of 8, under a raised one of 12.
  const cell = await addDemand(t.db, HOME, 'mens-groups', 9, {}, 40);
  const area = await t.db
    .insertInto('areas')
    .values({
      code: 'X1',
      name: 'Test ward',
      kind: 'ward',
      geometry: JSON.stringify({ type: 'Polygon', coordinates: [] }),
      bbox: JSON.stringify([0, 0, 0, 0]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  areaId = area.id;
  await t.db.insertInto('areaCells').values({ areaId, cell }).execute();
  await t.publish();
});
afterAll(() => t.close());

const summaryDisplay = async () => {
  const res = await t.call('GET', `/api/v1/areas/${areaId}/summary`, undefined, funder);
  expect(res.status).toBe(200);
  return ((await res.json()) as { needs: Record<string, { display: string }> }).needs['mens-groups']
    ?.display;
};

describe('privacy threshold setting', () => {
  it('starts at the deployment floor', async () => {
    const res = await t.call('GET', '/api/v1/settings/privacy', undefined, admin);
    expect(await res.json()).toEqual({ threshold: 8, floor: 8, max: 100, stored: null });
    expect(await summaryDisplay()).not.toBe('<8');
  });

  it('refuses a threshold below the floor or above the maximum, naming the field', async () => {
    for (const threshold of [7, 2, 101]) {
      const res = await t.call('PUT', '/api/v1/settings/privacy', { threshold }, admin);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { details: Record<string, string> } };
      expect(Object.keys(body.error.details)).toEqual(['threshold']);
    }
    const res = await t.call('PUT', '/api/v1/settings/privacy', { threshold: 9.5 }, admin);
    expect(res.status).toBe(422);
    expect((await t.db.selectFrom('settings').selectAll().execute()).length).toBe(0);
  });

  it('a raised threshold applies at once to every aggregate route and to /api/v1/config, and is audited', async () => {
    const res = await t.call('PUT', '/api/v1/settings/privacy', { threshold: 12 }, admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ threshold: 12, floor: 8, max: 100, stored: 12 });
    expect(await summaryDisplay()).toBe('<12');
    const gaps = (await (
      await t.call('GET', '/api/v1/gaps?by=area', undefined, funder)
    ).json()) as { items: { demand: { display: string } }[] };
    expect(gaps.items.map((g) => g.demand.display)).toEqual(['<12']);
    const trends = (await (
      await t.call('GET', '/api/v1/dashboard/trends?level=tag', undefined, funder)
    ).json()) as { series: { points: { count: { display: string } }[] }[] };
    expect(trends.series[0]?.points.some((p) => p.count.display === '<12')).toBe(true);
    expect(
      ((await (await t.call('GET', '/api/v1/config')).json()) as { suppressionThreshold: number })
        .suppressionThreshold,
    ).toBe(12);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('action', '=', 'settings.updated')
      .execute();
    expect(audit).toEqual([{ action: 'settings.updated', details: { from: 8, to: 12 } }]);
  });

  it('a floor raised by the environment wins over a lower stored value', async () => {
    const strict = await createTestApp({ suppressionThreshold: 20 });
    try {
      await strict.db
        .insertInto('settings')
        .values({ key: 'privacy.suppressionThreshold', value: JSON.stringify(10) })
        .execute();
      const a = await strict.signIn('admin');
      expect(
        await (await strict.call('GET', '/api/v1/settings/privacy', undefined, a)).json(),
      ).toEqual({ threshold: 20, floor: 20, max: 100, stored: 10 });
      expect(
        (await strict.call('PUT', '/api/v1/settings/privacy', { threshold: 15 }, a)).status,
      ).toBe(422);
    } finally {
      await strict.close();
    }
  });

  it('only admins read or change it', async () => {
    expect((await t.call('GET', '/api/v1/settings/privacy', undefined, funder)).status).toBe(403);
    expect(
      (await t.call('PUT', '/api/v1/settings/privacy', { threshold: 30 }, funder)).status,
    ).toBe(403);
    expect((await t.call('PUT', '/api/v1/settings/privacy', { threshold: 30 })).status).toBe(401);
  });
});
