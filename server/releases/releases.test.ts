import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { clearNeeds, DEMO_BBOX, POINTS, seedTaxonomy } from '../needs/testing.js';
import {
  addDays,
  addWeeks,
  latestDueWeek,
  londonDate,
  londonTime,
  londonWeek,
  scheduledPublication,
  weekEnds,
} from './calendar.js';
import { isoWeekStart } from '../gaps/window.js';
import { publishDue, publishThrough } from './releases.js';

let t: TestApp;
let lw: SignedIn;
let admin: SignedIn;
let organiser: SignedIn;
const thisWeek = londonWeek(new Date());
const lastWeek = addWeeks(thisWeek, -1);
const twoWeeksAgo = addWeeks(thisWeek, -2);

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  lw = await t.signIn('link_worker');
  admin = await t.signIn('admin');
  organiser = await t.signIn('organiser');
});
afterAll(() => t.close());
beforeEach(() => clearNeeds(t.db));

const errorOf = async (res: Response) =>
  (
    (await res.json()) as {
      error: { code: string; message: string; details?: Record<string, string> };
    }
  ).error;
const flag = (body: Record<string, unknown>, who: SignedIn = lw) =>
  t.call('POST', '/api/v1/needs', { tags: ['befriending'], ...POINTS[0], ...body }, who);
const mapCount = async (week: string) => {
  const res = await t.call(
    'GET',
    `/api/v1/map/needs?bbox=${DEMO_BBOX}&res=8&from=${week}&to=${week}`,
    undefined,
    lw,
  );
  return (await res.json()) as {
    publishedThrough: string | null;
    window: { weeks: number };
    features: { properties: { count: { display: string } } }[];
  };
};

describe('the publication calendar (Europe/London)', () => {
  it('publishes a week at 02:00 London time on the Tuesday after it ends, winter and summer', () => {
    expect(scheduledPublication('2026-11-30').toISOString()).toBe('2026-12-08T02:00:00.000Z');
    expect(scheduledPublication('2026-06-01').toISOString()).toBe('2026-06-09T01:00:00.000Z');
    expect(weekEnds('2026-11-30').toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(weekEnds('2026-06-01').toISOString()).toBe('2026-06-07T23:00:00.000Z');
  });

  it('knows which week is due: last week from Tuesday 02:00, the week before until then', () => {
    expect(latestDueWeek(new Date('2026-12-08T01:59:00Z'))).toBe('2026-11-23');
    expect(latestDueWeek(new Date('2026-12-08T02:00:00Z'))).toBe('2026-11-30');
    expect(latestDueWeek(new Date('2026-12-13T23:59:00Z'))).toBe('2026-11-30');
  });

  it("keeps its answers exact: the week of any instant and any week's publication time, as computed afresh", () => {
    // Instants near London's midnights (Sunday to Monday) and clock changes, in any order, some
    // within the same minute: the kept week must never outlive the minute it was asked in.
    const edges = [
      '2026-03-29T00:59:59Z',
      '2026-10-25T00:00:00Z',
      '2026-11-29T23:59:59Z',
      '2026-03-22T23:59:30Z',
      '2026-06-28T22:59:30Z',
    ];
    const instant = fc.oneof(
      fc
        .constantFrom(...edges)
        .chain((e) =>
          fc.integer({ min: -90_000, max: 90_000 }).map((ms) => new Date(Date.parse(e) + ms)),
        ),
      fc.date({
        min: new Date('2024-01-01T00:00:00Z'),
        max: new Date('2028-12-31T23:59:59Z'),
        noInvalidDate: true,
      }),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const at of instants) {
          expect(londonWeek(at)).toBe(isoWeekStart(new Date(`${londonDate(at)}T00:00:00Z`)));
          const week = londonWeek(at);
          expect(scheduledPublication(week).getTime()).toBe(
            londonTime(addDays(week, 8), 2).getTime(),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('/api/v1/releases', () => {
  it('lists nothing before the first publication, then the published weeks newest first', async () => {
    const empty = await t.call('GET', '/api/v1/releases', undefined, lw);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toMatchObject({ latestWeek: null, items: [] });

    expect((await flag({ week: twoWeeksAgo })).status).toBe(201);
    const res = await t.call('POST', '/api/v1/releases', { through: lastWeek }, admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ published: [twoWeeksAgo, lastWeek] });
    const list = (await (await t.call('GET', '/api/v1/releases', undefined, lw)).json()) as {
      latestWeek: string;
      items: { week: string; reason: string }[];
    };
    expect(list.latestWeek).toBe(lastWeek);
    expect(list.items.map((i) => [i.week, i.reason])).toEqual([
      [lastWeek, 'early'],
      [twoWeeksAgo, 'early'],
    ]);
    // Idempotent: publishing again changes nothing.
    expect(
      await (await t.call('POST', '/api/v1/releases', { through: lastWeek }, admin)).json(),
    ).toEqual({ published: [] });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'userId'])
      .where('action', '=', 'release.published')
      .execute();
    expect(audit).toEqual([{ action: 'release.published', userId: admin.userId }]);
  });

  it('refuses a week that has not ended (422 naming through) and non-admins (403)', async () => {
    const early = await t.call('POST', '/api/v1/releases', { through: thisWeek }, admin);
    expect(early.status).toBe(422);
    expect(Object.keys((await errorOf(early)).details ?? {})).toEqual(['through']);
    expect(
      (await t.call('POST', '/api/v1/releases', { through: 'not a date' }, admin)).status,
    ).toBe(422);
    expect(
      (await t.call('POST', '/api/v1/releases', { through: lastWeek }, organiser)).status,
    ).toBe(403);
    expect((await t.call('POST', '/api/v1/releases', { through: lastWeek }, lw)).status).toBe(403);
    expect((await t.call('GET', '/api/v1/releases', undefined, {})).status).toBe(401);
  });

  it('the scheduler publishes what is due, once, whenever it runs', async () => {
    expect((await flag({ week: lastWeek })).status).toBe(201);
    const due = latestDueWeek(new Date());
    const weeks = await publishDue(t.db);
    expect(weeks.at(-1)).toBe(due);
    expect(await publishDue(t.db)).toEqual([]);
    // A process that starts late (say a week later) publishes everything due since.
    const later = await publishDue(t.db, new Date(Date.now() + 14 * 86_400_000));
    expect(later.length).toBeGreaterThanOrEqual(1);
  });
});

describe('published weeks are frozen', () => {
  it('refuses flags for a published week: 422 details.week, and items.N.week in a batch', async () => {
    await publishThrough(t.db, { through: lastWeek });
    const single = await flag({ week: lastWeek });
    expect(single.status).toBe(422);
    expect((await errorOf(single)).details?.week).toMatch(/already published/);
    const batch = await t.call(
      'POST',
      '/api/v1/needs/batch',
      {
        items: [
          { tags: ['befriending'], ...POINTS[0] },
          { tags: ['befriending'], ...POINTS[0], week: twoWeeksAgo },
        ],
      },
      lw,
    );
    expect(batch.status).toBe(422);
    expect(Object.keys((await errorOf(batch)).details ?? {})).toEqual(['items.1.week']);
    expect(await t.db.selectFrom('needFlags').select('id').execute()).toEqual([]);
    // This week is still open.
    expect((await flag({})).status).toBe(201);
  });

  it("refuses a flag of this week once the week is published (a publication racing the week's end): 422 details.week, nothing stored", async () => {
    // Validation reads no published state for this week's flags (only an ended week can be
    // published); a clock that has already passed the week's end publishes it, and the database
    // refuses the flag with the same 422.
    await publishThrough(t.db, {
      through: thisWeek,
      now: new Date(Date.parse(thisWeek) + 8 * 86_400_000),
    });
    for (const body of [{}, { week: thisWeek }]) {
      const res = await flag(body);
      expect(res.status).toBe(422);
      expect((await errorOf(res)).details?.week).toMatch(/published/);
    }
    const batch = await t.call(
      'POST',
      '/api/v1/needs/batch',
      { items: [{ tags: ['befriending'], ...POINTS[0] }] },
      lw,
    );
    expect(batch.status).toBe(422);
    expect((await errorOf(batch)).details?.items).toMatch(/published/);
    expect(await t.db.selectFrom('needFlags').select('id').execute()).toEqual([]);
  });

  it('the database refuses a flag for a published week even if validation was passed (a race with publication)', async () => {
    await publishThrough(t.db, { through: lastWeek });
    await expect(
      sql`insert into need_flags (tags, cell, week, record_key) values ('{befriending}', '882830829bfffff', ${lastWeek}::date, 1)`.execute(
        t.db,
      ),
    ).rejects.toThrow(/week_published/);
  });

  it('closes undo at publication (409), while an admin removal is republished as a new audited revision', async () => {
    const res = await flag({ week: lastWeek });
    const { id, countsFrom } = (await res.json()) as { id: string; countsFrom: string };
    expect(countsFrom).toBe(scheduledPublication(lastWeek).toISOString());
    const other = (await (await flag({ week: lastWeek })).json()) as { id: string };
    await publishThrough(t.db, { through: lastWeek });
    const undo = await t.call('DELETE', `/api/v1/needs/${id}`, undefined, lw);
    expect(undo.status).toBe(409);
    expect((await errorOf(undo)).message).toMatch(/published/);

    const before = await mapCount(lastWeek);
    expect((await t.call('DELETE', `/api/v1/needs/${other.id}`, undefined, admin)).status).toBe(
      204,
    );
    const releases = await t.db
      .selectFrom('needReleases')
      .select(['week', 'revision', 'reason'])
      .where('week', '=', lastWeek)
      .orderBy('revision')
      .execute();
    expect(releases.map((r) => [r.revision, r.reason])).toEqual([
      [1, 'scheduled'],
      [2, 'moderation'],
    ]);
    expect(
      await t.db
        .selectFrom('auditLog')
        .select('action')
        .where('action', '=', 'release.republished')
        .execute(),
    ).toHaveLength(1);
    // The figures now come from the new revision (a cached answer is not served).
    const after = await mapCount(lastWeek);
    expect(after.features.length).toBe(before.features.length);
  });

  it('my flags list says when each flag counts and closes undo at publication', async () => {
    await flag({});
    const mine = (await (await t.call('GET', '/api/v1/needs/mine', undefined, lw)).json()) as {
      items: { undoUntil: string; countsFrom: string; week: string }[];
    };
    expect(mine.items[0]!.countsFrom).toBe(scheduledPublication(thisWeek).toISOString());
    expect(Date.parse(mine.items[0]!.undoUntil)).toBeLessThanOrEqual(
      Date.parse(mine.items[0]!.countsFrom),
    );
  });
});

describe('only published weeks leave the server', () => {
  it('the map shows nothing of an unpublished week, and a week once it is published, with publishedThrough', async () => {
    for (let i = 0; i < 12; i++) await flag({ week: lastWeek });
    const before = await mapCount(lastWeek);
    expect(before.publishedThrough).toBeNull();
    expect(before.features).toEqual([]);
    await publishThrough(t.db, { through: lastWeek });
    const after = await mapCount(lastWeek);
    expect(after.publishedThrough).toBe(lastWeek);
    expect(after.features).toHaveLength(1);
    // A window reaching into this week is clamped to the published week.
    const res = await t.call(
      'GET',
      `/api/v1/map/needs?bbox=${DEMO_BBOX}&res=8&from=${lastWeek}&to=${thisWeek}`,
      undefined,
      lw,
    );
    const body = (await res.json()) as { window: { from: string; to: string; weeks: number } };
    expect(body.window).toEqual({ from: lastWeek, to: lastWeek, weeks: 1 });
  });

  it('admins may read unpublished weeks with raw=1, never cached', async () => {
    await flag({});
    const raw = async () =>
      (await (
        await t.call(
          'GET',
          `/api/v1/map/needs?bbox=${DEMO_BBOX}&res=8&from=${thisWeek}&to=${thisWeek}&raw=1`,
          undefined,
          admin,
        )
      ).json()) as { features: { properties: { count: { value: number } } }[] };
    expect((await raw()).features[0]!.properties.count.value).toBe(1);
    await flag({});
    expect((await raw()).features[0]!.properties.count.value).toBe(2);
  });

  it('every aggregate answer says which week its figures run to', async () => {
    await flag({ week: lastWeek });
    await publishThrough(t.db, { through: lastWeek });
    const funder = await t.signIn('funder');
    const gaps = (await (await t.call('GET', '/api/v1/gaps', undefined, lw)).json()) as {
      publishedThrough: string;
    };
    expect(gaps.publishedThrough).toBe(lastWeek);
    const check = (await (
      await t.call('POST', '/api/v1/gap-check', { tags: ['befriending'], ...POINTS[0] }, organiser)
    ).json()) as { publishedThrough: string; window: { to: string } };
    expect(check.publishedThrough).toBe(lastWeek);
    expect(check.window.to).toBe(lastWeek);
    const trends = (await (
      await t.call('GET', '/api/v1/dashboard/trends', undefined, funder)
    ).json()) as { publishedThrough: string };
    expect(trends.publishedThrough).toBe(lastWeek);
    const csv = await t.call('GET', '/api/v1/dashboard/needs.csv', undefined, funder);
    expect(csv.headers.get('X-Published-Through')).toBe(lastWeek);
    const geo = (await (
      await t.call('GET', '/api/v1/dashboard/needs.geojson?by=cell7', undefined, funder)
    ).json()) as { publishedThrough: string };
    expect(geo.publishedThrough).toBe(lastWeek);
  });
});

describe('retention at publication', () => {
  it('leaves no row of a published week linked to a user, holding a note, or timed finer than the week', async () => {
    await flag({ week: lastWeek, note: 'prefers afternoons, lives alone above the launderette' });
    await flag({ week: lastWeek, ...POINTS[2] }, await t.signIn('link_worker'));
    await flag({ note: 'this week stays with its author until published' });
    await publishThrough(t.db, { through: lastWeek });

    const published = await t.db
      .selectFrom('needFlags')
      .select(['userId', 'note', 'createdAt', 'updatedAt', 'week'])
      .where('week', '<=', lastWeek)
      .execute();
    expect(published).toHaveLength(2);
    for (const f of published) {
      expect(f.userId).toBeNull();
      expect(f.note).toBeNull();
      expect(f.createdAt.toISOString()).toBe(`${f.week}T00:00:00.000Z`);
      expect(f.updatedAt.toISOString()).toBe(`${f.week}T00:00:00.000Z`);
    }
    // Per-Link-Worker activity became a per-(cell, week) count with a cell key of its own.
    expect(
      await t.db
        .selectFrom('linkWorkerActivity')
        .select('userId')
        .where('week', '<=', lastWeek)
        .execute(),
    ).toEqual([]);
    const counts = await t.db
      .selectFrom('linkWorkerCounts')
      .select(['cell', 'week', 'count'])
      .orderBy('cell')
      .execute();
    expect(counts.map((c) => [c.week, c.count])).toEqual([
      [lastWeek, 1],
      [lastWeek, 1],
    ]);
    // The unpublished week keeps its author (for undo) until its own publication.
    const open = await t.db
      .selectFrom('needFlags')
      .select(['userId', 'note'])
      .where('week', '=', thisWeek)
      .execute();
    expect(open).toEqual([
      { userId: lw.userId, note: 'this week stays with its author until published' },
    ]);
  });
});
