import fc from 'fast-check';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../fixtures/demo/random.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { directorySupply } from './directory.js';
import { runGapCheck } from './gap-check.js';
import { addService } from './testing.js';

// Bethnal Green and Stratford: about 5 km apart, in different res-8 cells.
const bethnalGreen = { lat: 51.5235, lng: -0.0574 };
const stratford = { lat: 51.5417, lng: -0.0035 };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
});
afterAll(() => t.close());

describe('directory snapshot (supply read once per directory version)', () => {
  it('finds active locations by tag (or parent tag) and cell, in name order', async () => {
    await addService(t.db, { name: 'Zumba Bethnal', tags: ['womens-fitness'], ...bethnalGreen });
    await addService(t.db, { name: 'Active walks', tags: ['physical-activity'], ...bethnalGreen });
    await addService(t.db, { name: 'Stratford swim', tags: ['swimming'], ...stratford });
    await addService(t.db, {
      name: 'Paused fitness',
      tags: ['womens-fitness'],
      status: 'paused',
      ...bethnalGreen,
    });
    const directory = await directorySupply(t.db);
    const names = (tags: string[], cells?: string[]) =>
      directory.matching(tags, cells && new Set(cells)).map((r) => r.name);

    expect(names(['womens-fitness', 'physical-activity'])).toEqual([
      'Active walks',
      'Zumba Bethnal',
    ]);
    expect(names(['swimming', 'womens-fitness'])).toEqual(['Stratford swim', 'Zumba Bethnal']);
    expect(
      names(['swimming', 'womens-fitness'], [latLngToCell(stratford.lat, stratford.lng, 8)]),
    ).toEqual(['Stratford swim']);
    expect(names(['no-such-tag'])).toEqual([]);
    // Each row carries every tag of its service, and the engine's view of it.
    const [walks] = directory.matching(['physical-activity']);
    expect(walks!.tags).toEqual(['physical-activity']);
    expect(directory.location(walks!)).toMatchObject({ capacity: 12, cell: walks!.cell });
    expect(directory.location(walks!)).toBe(directory.location(walks!));
  });

  it('is the same snapshot until the directory changes, then sees the change at once', async () => {
    const before = await directorySupply(t.db);
    expect(await directorySupply(t.db)).toBe(before);

    const check = () =>
      runGapCheck(t.db, t.config, { tags: ['gardening'], ...stratford, radiusKm: 1 });
    expect((await check()).similar).toEqual([]);

    const added = await addService(t.db, {
      name: 'Stratford growers',
      tags: ['gardening'],
      ...stratford,
    });
    const after = await directorySupply(t.db);
    expect(after).not.toBe(before);
    expect((await check()).similar.map((s) => s.service.name)).toEqual(['Stratford growers']);

    // Pausing the service takes it out of supply on the next read.
    await t.db
      .updateTable('services')
      .set({ status: 'paused' })
      .where('id', '=', added.serviceId)
      .execute();
    expect((await check()).similar).toEqual([]);

    // So does a schedule change: the snapshot's sessions follow the schedules table.
    await t.db
      .updateTable('services')
      .set({ status: 'active' })
      .where('id', '=', added.serviceId)
      .execute();
    await t.db
      .insertInto('schedules')
      .values({
        serviceId: added.serviceId,
        locationId: added.locationId,
        day: 6,
        startTime: '10:00',
        endTime: '12:00',
      })
      .execute();
    const latest = await directorySupply(t.db);
    expect(latest.schedulesOf(added.serviceId)).toEqual([
      expect.objectContaining({ day: 6, startTime: expect.stringMatching(/^10:00/) }),
    ]);
    const [growers] = latest.matching(['gardening']);
    expect([...latest.location(growers!).answers]).toContain('timing');
  });

  it('finds the same rows by cell as by tag, whichever index it starts from', async () => {
    const rng = createRng(7);
    const tags = ['gardening', 'swimming', 'womens-fitness', 'physical-activity', 'befriending'];
    // A few dozen services over a handful of neighbouring cells, some sharing a cell.
    const centre = latLngToCell(bethnalGreen.lat, bethnalGreen.lng, 8);
    const cells = gridDisk(centre, 2);
    for (let i = 0; i < 30; i++) {
      const [lat, lng] = cellToLatLng(rng.pick(cells));
      await addService(t.db, {
        name: `Property ${String(i).padStart(2, '0')}`,
        tags: rng.sample(tags, rng.int(1, 2)),
        lat,
        lng,
      });
    }
    const directory = await directorySupply(t.db);
    const everything = directory.matching(tags.concat('sewing', 'gardening'));
    fc.assert(
      fc.property(
        fc.subarray(tags),
        fc.option(fc.subarray([...cells, ...gridDisk(centre, 4).slice(0, 6)]), { nil: undefined }),
        (asked, inCells) => {
          const within = inCells && new Set(inCells);
          const expected = everything.filter(
            (r) => r.tags.some((tag) => asked.includes(tag)) && (!within || within.has(r.cell)),
          );
          expect(directory.matching(asked, within)).toEqual(expected);
        },
      ),
    );
  });
});
