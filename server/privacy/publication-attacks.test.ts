// Each API attack makes hundreds of requests: they get minutes, not the default 30 s.
/**
 * The attacks an outside review made on live need figures (issue 15), played with the roles a real
 * deployment hands out and the attacker's own writes. Each attack is shown to recover the hidden
 * count from the old behaviour (live figures, the small-number rule tested on the raw count,
 * derived figures from raw counts; modelled here with the same engine and perturbation), and to
 * recover nothing from Gapmap as it is now (published, frozen weeks; derived figures from
 * published values only).
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoStepAccess } from '../gaps/engine.js';
import { addService } from '../gaps/testing.js';
import { clearNeeds, DEMO_BBOX, POINTS, seedTaxonomy } from '../needs/testing.js';
import { addWeeks, londonWeek } from '../releases/calendar.js';
import { publishThrough } from '../releases/releases.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { perturb, type RawCount } from './suppression.js';

const THRESHOLD = 8;
const SECRET = 'attack-test-secret';

/** The old rule: "<8" decided on the raw count, then perturbation and rounding. */
function oldDisplay(raw: RawCount): string {
  if (raw.count > 0 && raw.count < THRESHOLD) return `<${THRESHOLD}`;
  const v = perturb(raw, SECRET);
  return String(Math.round(v / 5) * 5);
}

/** The old gap score of a "<8" unit: half the threshold × the unmet share from raw counts. */
function oldScore(rawFlags: number, probeCapacity: number): number {
  const cell = latLngToCell(POINTS[0].lat, POINTS[0].lng, 8);
  const { cells } = twoStepAccess(
    [{ cell, flags: rawFlags, barriers: {} }],
    [{ serviceId: 'probe', cell, capacity: probeCapacity, answers: new Set() }],
    { rings: 1 },
  );
  const share = cells[0]!.unmet / cells[0]!.flags;
  return Math.round((THRESHOLD / 2) * (Math.round(share * 20) / 20) * 10) / 10;
}

/** What the old behaviour let a Link Worker learn by adding k of their own flags, reading and undoing. */
function oldAddReadUndo(hidden: RawCount): number | null {
  for (let k = 1; k <= THRESHOLD; k++) {
    let keys = hidden.keySum;
    for (let i = 0; i < k; i++) keys = (keys + randomInt(0, 256)) % 256; // fresh record keys every time
    if (oldDisplay({ count: hidden.count + k, keySum: keys }) !== `<${THRESHOLD}`)
      return THRESHOLD - k;
  }
  return null;
}

describe('attack 1 on the old behaviour: add, read, undo (model)', () => {
  it.each([1, 3, 4, 5, 7])('pins a hidden count of %i exactly', (n) => {
    expect(oldAddReadUndo({ count: n, keySum: 123 })).toBe(n);
  });
});

describe('attacks 2 and 3 on the old behaviour: derived figures from raw counts (model)', () => {
  it('a probe service of capacity 1, then 2, tells every hidden count 1–7 apart by the "<8" unit\'s score', () => {
    const fingerprints = [1, 2, 3, 4, 5, 6, 7].map((n) => `${oldScore(n, 1)}/${oldScore(n, 2)}`);
    expect(new Set(fingerprints).size).toBe(7);
  });
  it('the order of two "<8" units followed their raw counts', () => {
    expect(oldScore(2, 1)).toBeLessThan(oldScore(6, 1));
  });
});

describe('the same attacks against Gapmap now', () => {
  let t: TestApp;
  let attacker: SignedIn;
  let others: SignedIn;
  let organiser: SignedIn;
  const thisWeek = londonWeek(new Date());
  const target = addWeeks(thisWeek, -1);
  const cell = latLngToCell(POINTS[0].lat, POINTS[0].lng, 8);

  beforeAll(async () => {
    // The flag rate limit is lifted so the loops can run as often as an attacker with many hours would.
    t = await createTestApp({
      suppressionThreshold: THRESHOLD,
      cellKeySecret: SECRET,
      flagsPerHour: 1_000_000,
    });
    await seedTaxonomy(t.db);
    attacker = await t.signIn('link_worker');
    others = await t.signIn('link_worker');
    organiser = await t.signIn('organiser');
  });
  afterAll(() => t.close());

  /** Fresh world: n flags by someone else in the target cell and week, then that week is published. */
  async function hiddenCount(n: number, at: { lat: number; lng: number } = POINTS[0]) {
    await clearNeeds(t.db);
    await t.db.deleteFrom('serviceLocations').execute();
    await t.db.deleteFrom('services').execute();
    const res = await t.call(
      'POST',
      '/api/v1/needs/batch',
      { items: Array.from({ length: n }, () => ({ tags: ['befriending'], ...at, week: target })) },
      others,
    );
    expect(res.status).toBe(201);
    await publishThrough(t.db, { through: target });
  }
  const read = async (path: string, who: SignedIn = attacker) => {
    const res = await t.call('GET', path, undefined, who);
    expect(res.status).toBe(200);
    return res.text();
  };
  const views = () =>
    Promise.all([
      read(`/api/v1/map/needs?bbox=${DEMO_BBOX}&res=8&tag=befriending`),
      read('/api/v1/gaps?by=cell&tag=befriending'),
      read('/api/v1/needs/tags/popular'),
    ]);

  it('attack 1: flags for the published week are refused, flags for this week change nothing published, so the loop learns nothing', async () => {
    for (const n of [1, 4, 7]) {
      await hiddenCount(n);
      const first = await views();
      for (let k = 1; k <= THRESHOLD; k++) {
        const past = await t.call(
          'POST',
          '/api/v1/needs/batch',
          {
            items: Array.from({ length: k }, () => ({
              tags: ['befriending'],
              ...POINTS[0],
              week: target,
            })),
          },
          attacker,
        );
        expect(past.status).toBe(422);
        const ids: string[] = [];
        for (let i = 0; i < k; i++) {
          const res = await t.call(
            'POST',
            '/api/v1/needs',
            { tags: ['befriending'], ...POINTS[0] },
            attacker,
          );
          expect(res.status).toBe(201);
          ids.push(((await res.json()) as { id: string }).id);
        }
        expect(await views()).toEqual(first);
        for (const id of ids)
          expect((await t.call('DELETE', `/api/v1/needs/${id}`, undefined, attacker)).status).toBe(
            204,
          );
      }
    }
  }, 240_000);

  it('attack 2: a "<8" unit\'s every derived output is the same for raw counts 1–7, whatever capacity a probe service has', async () => {
    const byCapacity = new Map<number, string>();
    for (const capacity of [1, 2, 5]) {
      for (let n = 1; n <= 7; n++) {
        await hiddenCount(n);
        await addService(t.db, {
          name: 'Probe group',
          tags: ['befriending'],
          capacity,
          ...POINTS[0],
        });
        const gaps = (await (
          await t.call('GET', '/api/v1/gaps?by=cell&tag=befriending', undefined, organiser)
        ).json()) as {
          items: {
            cell: string;
            demand: { display: string };
            score: number | null;
            supply: number;
            reason: string;
          }[];
        };
        const unit = gaps.items.find((g) => g.cell === cell)!;
        if (unit.demand.display !== `<${THRESHOLD}`) continue; // perturbed to a number: not a "<8" unit
        expect(unit.score).toBeNull();
        const check = (await (
          await t.call(
            'POST',
            '/api/v1/gap-check',
            { tags: ['befriending'], ...POINTS[0], radiusKm: 0.5 },
            organiser,
          )
        ).json()) as Record<string, unknown>;
        const observed = JSON.stringify({
          unit,
          check: {
            verdict: check.verdict,
            demand: check.demand,
            topBarriers: check.topBarriers,
            explanation: check.explanation,
            activeLinkWorkers: check.activeLinkWorkers,
          },
        });
        const seen = byCapacity.get(capacity);
        if (seen === undefined) byCapacity.set(capacity, observed);
        else expect(observed).toBe(seen);
      }
    }
    // Apart from the probe's own capacity in `supply`, nothing differs between capacities either.
    const strip = (s: string) => s.replace(/"supply":[0-9.]+,/, '');
    expect(new Set([...byCapacity.values()].map(strip)).size).toBe(1);
  }, 240_000);

  it('attack 3: the order of "<8" units (gaps, popular tags) does not follow their raw counts', async () => {
    const orders = new Set<string>();
    for (const [a, b] of [
      [1, 7],
      [7, 1],
      [3, 4],
      [2, 2],
    ] as const) {
      await clearNeeds(t.db);
      await t.call(
        'POST',
        '/api/v1/needs/batch',
        {
          items: [
            ...Array.from({ length: a }, () => ({
              tags: ['befriending'],
              ...POINTS[0],
              week: target,
            })),
            ...Array.from({ length: b }, () => ({
              tags: ['befriending'],
              ...POINTS[4],
              week: target,
            })),
          ],
        },
        others,
      );
      await publishThrough(t.db, { through: target });
      const gaps = (await (
        await t.call('GET', '/api/v1/gaps?by=cell&tag=befriending', undefined, attacker)
      ).json()) as { items: { cell: string; demand: { display: string } }[] };
      const small = gaps.items
        .filter((g) => g.demand.display === `<${THRESHOLD}`)
        .map((g) => g.cell);
      if (small.length === 2) orders.add(small.join(','));
    }
    expect(orders.size).toBeLessThanOrEqual(1);
  }, 240_000);

  it("property: no sequence of one user's writes and undos changes any published figure of a published week", async () => {
    await clearNeeds(t.db);
    await t.call(
      'POST',
      '/api/v1/needs/batch',
      {
        items: [
          ...Array.from({ length: 5 }, () => ({
            tags: ['befriending'],
            ...POINTS[0],
            week: target,
          })),
          ...Array.from({ length: 14 }, () => ({
            tags: ['befriending'],
            ...POINTS[2],
            week: target,
            barriers: ['cost'],
          })),
        ],
      },
      others,
    );
    await publishThrough(t.db, { through: target });
    const published = async () =>
      Promise.all([
        ...(await views()),
        read('/api/v1/gaps?by=cell7'),
        (async () =>
          JSON.stringify(
            await (
              await t.call(
                'POST',
                '/api/v1/gap-check',
                { tags: ['befriending'], ...POINTS[0] },
                organiser,
              )
            ).json(),
          ))(),
      ]);
    const before = await published();
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('flag' as const),
        point: fc.integer({ min: 0, max: 5 }),
        past: fc.boolean(),
        n: fc.integer({ min: 1, max: 6 }),
      }),
      fc.record({ kind: fc.constant('undo' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 6 }), async (actions) => {
        const mine: string[] = [];
        for (const a of actions) {
          if (a.kind === 'flag') {
            const items = Array.from({ length: a.n }, () => ({
              tags: ['befriending'],
              ...POINTS[a.point]!,
              ...(a.past ? { week: target } : {}),
            }));
            const res = await t.call('POST', '/api/v1/needs/batch', { items }, attacker);
            expect(res.status).toBe(a.past ? 422 : 201);
            if (!a.past) {
              const own = (await (
                await t.call('GET', '/api/v1/needs/mine?limit=500', undefined, attacker)
              ).json()) as { items: { id: string }[] };
              mine.splice(0, mine.length, ...own.items.map((i) => i.id));
            }
          } else if (mine.length) {
            expect(
              (await t.call('DELETE', `/api/v1/needs/${mine.pop()}`, undefined, attacker)).status,
            ).toBe(204);
          }
        }
        expect(await published()).toEqual(before);
      }),
      { numRuns: 8 },
    );
  }, 240_000);

  it('property: the same records give the same published value by every route', async () => {
    const funder = await t.signIn('funder');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (n) => {
        await hiddenCount(n, POINTS[5]);
        const only = latLngToCell(POINTS[5].lat, POINTS[5].lng, 8);
        const map = (await (
          await t.call(
            'GET',
            `/api/v1/map/needs?bbox=${DEMO_BBOX}&res=8&tag=befriending`,
            undefined,
            attacker,
          )
        ).json()) as {
          features: { id: string; properties: { count: unknown; tags: Record<string, unknown> } }[];
        };
        const feature = map.features.find((f) => f.id === only)!;
        const gaps = (await (
          await t.call('GET', '/api/v1/gaps?by=cell&tag=befriending', undefined, attacker)
        ).json()) as { items: { cell: string; demand: unknown }[] };
        const check = (await (
          await t.call(
            'POST',
            '/api/v1/gap-check',
            { tags: ['befriending'], ...POINTS[5], radiusKm: 0.5 },
            organiser,
          )
        ).json()) as { demand: unknown };
        const map7 = (await (
          await t.call(
            'GET',
            `/api/v1/map/needs?bbox=${DEMO_BBOX}&res=7&tag=befriending`,
            undefined,
            funder,
          )
        ).json()) as { features: { properties: { count: unknown } }[] };
        expect(feature.properties.count).toEqual(feature.properties.tags.befriending);
        expect(gaps.items.find((g) => g.cell === only)!.demand).toEqual(feature.properties.count);
        expect(check.demand).toEqual(feature.properties.count);
        expect(map7.features[0]!.properties.count).toEqual(feature.properties.count);
      }),
      { numRuns: 8 },
    );
  }, 240_000);
});
