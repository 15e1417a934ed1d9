/** Service views are cached per data version: every table a view is built from moves it. */
import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueryCounter } from '../perf/query-counter.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { setDataCacheBudget } from '../perf/data-cache.js';
import { STALE_AFTER_DAYS, type ServiceView } from './services.js';
import { loadServiceView, loadServiceViews, serviceViewsJson, warmServiceViews } from './views.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** An organisation running these services; their ids and statuses. */
async function servicesOf(
  organisation: string,
  services: { name: string; status?: 'active' | 'ended'; lastVerifiedAt?: Date }[],
) {
  const org = await t.db
    .insertInto('organisations')
    .values({ name: organisation })
    .returning('id')
    .executeTakeFirstOrThrow();
  return t.db
    .insertInto('services')
    .values(services.map((s) => ({ organisationId: org.id, summary: `${s.name}.`, ...s })))
    .returning(['id', 'status'])
    .execute();
}

describe('service views', () => {
  it('are the database’s current view after a write to any table they are built from', async () => {
    const org = await t.db
      .insertInto('organisations')
      .values({ name: 'Roman Road Trust' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id } = await t.db
      .insertInto('services')
      .values({ organisationId: org.id, name: 'Knit and natter', summary: 'Wool and tea.' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = () => loadServiceView(t.db, id);
    expect(await view()).toMatchObject({ organisationName: 'Roman Road Trust', translations: [] });

    await t.db.updateTable('organisations').set({ name: 'Roman Road Trust CIO' }).execute();
    expect((await view()).organisationName).toBe('Roman Road Trust CIO');

    await t.db
      .insertInto('serviceTranslations')
      .values({ serviceId: id, language: 'bn', summary: 'উল আর চা।', howToJoin: null })
      .execute();
    expect((await view()).translations).toEqual([
      expect.objectContaining({ language: 'bn', summary: 'উল আর চা।' }),
    ]);

    const location = await t.db
      .insertInto('locations')
      .values({ name: 'Hall', lat: 51.52, lng: -0.04, cell: latLngToCell(51.52, -0.04, 8) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('serviceLocations')
      .values({ serviceId: id, locationId: location.id })
      .execute();
    expect((await view()).locations.map((l) => l.name)).toEqual(['Hall']);
    await t.db.updateTable('locations').set({ name: 'Big Hall' }).execute();
    expect((await view()).locations.map((l) => l.name)).toEqual(['Big Hall']);

    await t.db.updateTable('services').set({ summary: 'Wool, tea and talk.' }).execute();
    expect((await view()).summary).toBe('Wool, tea and talk.');

    // Many at once, in the order asked; an id with no service is left out (and a missing one is 404).
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await loadServiceViews(t.db, [missing, id])).map((v) => v.id)).toEqual([id]);
    await expect(loadServiceView(t.db, missing)).rejects.toMatchObject({ status: 404 });
    await t.db.deleteFrom('serviceLocations').execute();
    await t.db.deleteFrom('serviceTranslations').execute();
    await t.db.deleteFrom('services').where('id', '=', id).execute();
    expect(await loadServiceViews(t.db, [id])).toEqual([]);
  });

  it('reads the missing views of concurrent callers together and gives each caller its own copy', async () => {
    const services = await servicesOf(
      'Bow Common Club',
      ['Chess', 'Choir', 'Cricket'].map((name) => ({ name })),
    );
    const counter = new QueryCounter();
    const db = t.db.withPlugin(counter);
    // Three checks at once, each missing a different view: the data version (shared), then one
    // read of the three services' rows and one of their children, not two each.
    const statements = await counter.during(() =>
      Promise.all(services.map((s) => loadServiceViews(db, [s.id]))),
    );
    expect(statements).toBe(3);
    expect(
      (
        await loadServiceViews(
          db,
          services.map((s) => s.id),
        )
      ).map((v) => v.name),
    ).toEqual(['Chess', 'Choir', 'Cricket']);
    // Held views are never shared objects: what one caller changes, the next does not see.
    const [mine] = await loadServiceViews(db, [services[0]!.id]);
    mine!.name = 'Changed by a caller';
    mine!.tags.push('not-a-tag');
    const [next] = await loadServiceViews(db, [services[0]!.id]);
    expect(next).toMatchObject({ name: 'Chess', tags: [] });
  });

  it('are read ahead for active services, within the cache’s share', async () => {
    const rows = await servicesOf('Mile End Trust', [
      { name: 'Art club' },
      { name: 'Book club' },
      { name: 'Cycling club', status: 'ended' },
    ]);
    const counter = new QueryCounter();
    const db = t.db.withPlugin(counter);
    const active = (
      await t.db.selectFrom('services').select('id').where('status', '=', 'active').execute()
    ).map((s) => s.id);
    expect(await warmServiceViews(db)).toBe(active.length);
    // Held: only the data version is read.
    expect(await counter.during(() => loadServiceViews(db, active))).toBe(1);
    // An ended service is not read ahead.
    const ended = rows.find((r) => r.status === 'ended')!.id;
    expect(await counter.during(() => loadServiceViews(db, [ended]))).toBe(3);

    // A budget too small for more than a view or two: warming stops when the share is nearly full.
    const small = t.db.withPlugin(new QueryCounter());
    setDataCacheBudget(small, 4_000);
    const held = await warmServiceViews(small);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(active.length);
  });

  it('keep any text whole in a composed list (accents, dashes, scripts beyond Latin-1)', async () => {
    const [cafe] = await servicesOf('Café Ünïon – مرحبا', [{ name: 'Tea & talk — 茶 “together”' }]);
    const [view] = JSON.parse(
      (await serviceViewsJson(t.db, [cafe!.id])).toString('utf8'),
    ) as ServiceView[];
    expect(view).toEqual(await loadServiceView(t.db, cafe!.id));
    expect(view!.name).toBe('Tea & talk — 茶 “together”');
    expect(view!.organisationName).toBe('Café Ünïon – مرحبا');
  });

  it('say whether a held view is stale by the clock when it is served, not when it was read', async () => {
    const now = Date.now();
    const [lunchClub] = await servicesOf('Globe Town Group', [
      {
        name: 'Lunch club',
        lastVerifiedAt: new Date(now - STALE_AFTER_DAYS * 86_400_000 + 60_000),
      },
    ]);
    const id = lunchClub!.id;
    const listed = async () => {
      const [view] = JSON.parse((await serviceViewsJson(t.db, [id])).toString()) as ServiceView[];
      return view!.stale;
    };
    expect((await loadServiceView(t.db, id)).stale).toBe(false);
    expect(await listed()).toBe(false);
    // Composed lists are JSON arrays however many views they hold (none, one, several).
    expect(JSON.parse((await serviceViewsJson(t.db, [])).toString())).toEqual([]);
    const twice = JSON.parse(
      (
        await serviceViewsJson(t.db, [id, crypto.randomUUID(), id], () => ',"distanceKm":1.5')
      ).toString(),
    ) as ServiceView[];
    expect(twice.map((v) => [v.id, v.distanceKm])).toEqual([
      [id, 1.5],
      [id, 1.5],
    ]);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // Two minutes on: the same held view (no write since), now past the stale line.
      vi.setSystemTime(now + 120_000);
      expect((await loadServiceView(t.db, id)).stale).toBe(true);
      expect(await listed()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
