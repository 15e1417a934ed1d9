/**
 * Group commit of single flags: concurrent POST /api/v1/needs requests share transactions, every
 * 201 is a stored flag, the roll-ups stay exact, and one flag the database refuses does not take
 * the others of its group down with it.
 */
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isoWeekStart } from '../gaps/window.js';
import { scheduledPublication } from '../releases/calendar.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { createRateLimiter, type RateLimiter } from '../http/rate-limit.js';
import { drainFlagWriter, flagWriterFor, type FlagRequest } from './flag-writer.js';
import type { PreparedFlag } from './needs.js';
import { clearNeeds, expectRollupsMatchFlags, POINTS, seedTaxonomy } from './testing.js';

let t: TestApp;
let workers: SignedIn[];

beforeAll(async () => {
  t = await createTestApp({ flagsPerHour: 10_000 });
  await seedTaxonomy(t.db);
  workers = [
    await t.signIn('link_worker'),
    await t.signIn('link_worker'),
    await t.signIn('link_worker'),
    await t.signIn('admin'),
  ];
});
afterAll(() => t.close());
beforeEach(() => clearNeeds(t.db));

const TAGS = ['befriending', 'mens-groups', 'benefits-advice', 'swimming'];
const BARRIERS = ['cost', 'transport', 'language', 'timing'];
/** The Monday of the ISO week n weeks ago (what a prepared flag holds). */
const weeksAgo = (n: number) => isoWeekStart(new Date(Date.now() - n * 7 * 86_400_000));

const body = (i: number) => ({
  tags: i % 3 ? [TAGS[i % TAGS.length]!] : [TAGS[i % TAGS.length]!, TAGS[(i + 1) % TAGS.length]!],
  ...POINTS[i % POINTS.length]!,
  week: weeksAgo(i % 3),
  barriers: BARRIERS.slice(0, i % 3),
});

const CELL = latLngToCell(POINTS[0].lat, POINTS[0].lng, 8);
const storedIds = () => t.db.selectFrom('needFlags').select('id');
/** A prepared flag of this week in CELL. */
const flagOf = (tags: string[]): PreparedFlag => ({
  tags,
  cell: CELL,
  week: weeksAgo(0),
  barriers: ['cost'],
  ageBand: null,
  language: null,
  note: null,
});

describe('concurrent single flags', () => {
  it('all answer 201 with { id, cell, week }, each stored once, roll-ups exact, in fewer transactions than requests', async () => {
    const writer = flagWriterFor(t.db);
    const flushesBefore = writer.stats.flushes;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.call('POST', '/api/v1/needs', body(i), workers[i % workers.length]),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const created = (await Promise.all(responses.map((r) => r.json()))) as {
      id: string;
      cell: string;
      week: string;
      countsFrom: string;
    }[];
    for (const c of created) {
      expect(Object.keys(c).sort()).toEqual(['cell', 'countsFrom', 'id', 'week']);
      expect(c.cell).toMatch(/^88[0-9a-f]{13}$/);
      // When the flag's week is published (it counts in the figures from then).
      expect(c.countsFrom).toBe(scheduledPublication(c.week).toISOString());
    }
    const ids = created.map((c) => c.id);
    expect(new Set(ids).size).toBe(50);

    const stored = await t.db
      .selectFrom('needFlags')
      .select(['id', 'userId', 'cell', 'week'])
      .execute();
    expect(stored.map((s) => s.id).sort()).toEqual([...ids].sort());
    // Each request's flag is stored under its own author, cell and week.
    const byId = new Map(stored.map((s) => [s.id, s]));
    created.forEach((c, i) =>
      expect(byId.get(c.id)).toEqual({
        id: c.id,
        userId: workers[i % workers.length]!.userId,
        cell: c.cell,
        week: c.week,
      }),
    );
    await expectRollupsMatchFlags(t.db);
    expect(writer.stats.flushes - flushesBefore).toBeLessThan(50);
  });

  it('one flag the database refuses fails alone; the rest of its group is stored', async () => {
    const writer = flagWriterFor(t.db);
    const before = { ...writer.stats };
    const good = (i: number) => flagOf([TAGS[i % TAGS.length]!]);
    // Queued in the same turn, so they share one flush. The bad one names a tag the taxonomy does not
    // have (as if it were deleted between validation and write): need_flags' statement trigger refuses it (migration 0860).
    const bad = flagOf(['no-longer-a-tag']);
    const writes = [
      ...Array.from({ length: 5 }, (_, i) => writer.write(workers[i % 3]!.userId, good(i))),
      writer.write(workers[0]!.userId, bad),
      ...Array.from({ length: 5 }, (_, i) => writer.write(workers[i % 3]!.userId, good(i + 5))),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array(5).fill('fulfilled'),
      'rejected',
      ...Array(5).fill('fulfilled'),
    ]);
    expect(((outcomes[5] as PromiseRejectedResult).reason as { code?: string }).code).toBe('23503');
    expect(writer.stats.flushes - before.flushes).toBe(1);
    expect(writer.stats.retried - before.retried).toBe(11);

    const ids = outcomes
      .filter((o) => o.status === 'fulfilled')
      .map((o) => (o as PromiseFulfilledResult<{ id: string }>).value.id);
    expect((await storedIds().execute()).map((r) => r.id).sort()).toEqual([...ids].sort());
    await expectRollupsMatchFlags(t.db);
  });

  it('a request whose flag the database refuses gets an error; concurrent requests still get 201', async () => {
    // A flag the database refuses, queued straight to the writer among real requests: whichever
    // flush it lands in, only it fails.
    const writer = flagWriterFor(t.db);
    const requests = Array.from({ length: 10 }, (_, i) =>
      t.call('POST', '/api/v1/needs', body(i), workers[i % workers.length]),
    );
    const refused = writer.write(workers[0]!.userId, {
      tags: ['gone-tag'],
      cell: CELL,
      week: weeksAgo(0),
      barriers: [],
      ageBand: null,
      language: null,
      note: null,
    });
    const [responses, outcome] = await Promise.all([
      Promise.all(requests),
      refused.then(
        () => 'stored',
        () => 'refused',
      ),
    ]);
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(outcome).toBe('refused');
    expect(await storedIds().execute()).toHaveLength(10);
    await expectRollupsMatchFlags(t.db);
  });

  it('drain settles every queued flag', async () => {
    const writer = flagWriterFor(t.db);
    const writes = Array.from({ length: 30 }, (_, i) =>
      writer.write(workers[i % 3]!.userId, {
        tags: ['befriending'],
        cell: CELL,
        week: weeksAgo(1),
        barriers: [],
        ageBand: '65+',
        language: null,
        note: null,
      }),
    );
    let settled = 0;
    for (const w of writes) void w.then(() => settled++);
    await drainFlagWriter(t.db);
    await Promise.resolve();
    expect(settled).toBe(30);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from need_flags`.execute(
      t.db,
    );
    expect(rows[0]!.n).toBe(30);
    await drainFlagWriter(t.db);
  });
});

/** A link worker's request, as the single-flag route makes it. */
const requestOf = (who: SignedIn, limiter: RateLimiter, key: string): FlagRequest => ({
  session: { id: who.sessionId, roles: ['admin', 'link_worker'] },
  limiter,
  key,
});

describe('rate-limit hits counted with the flag', () => {
  const hitsOf = async (name: string, key: string) =>
    (
      await t.db
        .selectFrom('rateLimits')
        .select('hits')
        .where('name', '=', name)
        .where('key', '=', key)
        .executeTakeFirst()
    )?.hits;

  it('stores exactly the allowed flags of one flush, in slot order per key, and refuses the rest with Retry-After', async () => {
    const limiter = createRateLimiter({ name: 'writer-test', limit: 3, windowMs: 60_000 });
    const writer = flagWriterFor(t.db);
    const flushes = writer.stats.flushes;
    const [a, b] = [workers[0]!.userId, workers[1]!.userId];
    // Queued in one turn: one flush, one statement for five flags of key A and one of key B.
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () =>
        writer.writeFor(requestOf(workers[0]!, limiter, 'A'), a, flagOf(['befriending'])),
      ),
      writer.writeFor(requestOf(workers[1]!, limiter, 'B'), b, flagOf(['befriending'])),
    ]);
    expect(writer.stats.flushes - flushes).toBe(1);
    expect(outcomes.map((o) => ('stored' in o ? 'stored' : 'refused'))).toEqual([
      'stored',
      'stored',
      'stored',
      'refused',
      'refused',
      'stored',
    ]);
    const refused = outcomes[3]!;
    expect('refused' in refused && refused.refused.retryAfterSeconds).toBeGreaterThan(0);
    const stored = outcomes.flatMap((o) => ('stored' in o ? [o.stored.id] : []));
    expect((await storedIds().execute()).map((r) => r.id).sort()).toEqual(stored.sort());
    await expectRollupsMatchFlags(t.db);
    // A later request of key A is refused by the count the statement committed.
    expect((await limiter.hit(t.db, 'A')).allowed).toBe(false);
    expect((await limiter.hit(t.db, 'B')).allowed).toBe(true);
  });

  it('a flag the database refuses is neither stored nor counted; the rest of its flush are both', async () => {
    const limiter = createRateLimiter({ name: 'writer-refused', limit: 10, windowMs: 60_000 });
    const writer = flagWriterFor(t.db);
    const user = workers[2]!.userId;
    const request = requestOf(workers[2]!, limiter, 'K');
    const outcomes = await Promise.allSettled([
      writer.writeFor(request, user, flagOf(['befriending'])),
      writer.writeFor(request, user, flagOf(['no-longer-a-tag'])),
      writer.writeFor(request, user, flagOf(['befriending'])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await storedIds().execute()).toHaveLength(2);
    expect(await hitsOf('writer-refused', 'K')).toBe(2);
    await expectRollupsMatchFlags(t.db);
  });
});

describe('the taxonomy cache', () => {
  it('accepts a tag at once whether an admin adds it here or another process adds it to the database', async () => {
    const lw = workers[0]!;
    expect(
      (await t.call('POST', '/api/v1/needs', { tags: ['befriending'], ...POINTS[0] }, lw)).status,
    ).toBe(201);
    // Added through the admin route: this process forgets its copy of the slugs.
    expect(
      (
        await t.call(
          'POST',
          '/api/v1/taxonomy',
          { slug: 'cache-test-route', name: 'Via route' },
          workers[3],
        )
      ).status,
    ).toBe(201);
    expect(
      (await t.call('POST', '/api/v1/needs', { tags: ['cache-test-route'], ...POINTS[0] }, lw))
        .status,
    ).toBe(201);
    // Added behind the app's back (another process): not in the copy, so the database is asked.
    await t.db
      .insertInto('taxonomy')
      .values({ slug: 'cache-test-direct', name: 'Direct' })
      .execute();
    expect(
      (await t.call('POST', '/api/v1/needs', { tags: ['cache-test-direct'], ...POINTS[0] }, lw))
        .status,
    ).toBe(201);
    const unknown = await t.call(
      'POST',
      '/api/v1/needs',
      { tags: ['cache-test-missing'], ...POINTS[0] },
      lw,
    );
    expect(unknown.status).toBe(422);
  });
});
