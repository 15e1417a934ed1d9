import { sql } from 'kysely';
import { foldPendingFlags } from './pending.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { clearNeeds, POINTS, seedTaxonomy } from './testing.js';
import { prepareNeedFlags } from './needs.js';
import { addWeeks, londonWeek } from '../releases/calendar.js';

let t: TestApp;
let lw: SignedIn;
let other: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  lw = await t.signIn('link_worker');
  other = await t.signIn('link_worker');
});
afterAll(() => t.close());
beforeEach(() => clearNeeds(t.db));

const post = (body: unknown, who: SignedIn = lw) => t.call('POST', '/api/v1/needs', body, who);
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details?: Record<string, string> } }).error;

describe('POST /api/v1/needs', () => {
  it('stores a flag as a res-8 cell and the Monday of its week, and updates the roll-ups', async () => {
    const res = await post({
      tags: ['befriending', 'benefits-advice'],
      postcode: 'e2 7dg',
      week: '2026-01-01',
      barriers: ['cost', 'transport'],
      ageBand: '65+',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; cell: string; week: string };
    expect(body.week).toBe('2025-12-29');
    expect(body.cell).toMatch(/^88[0-9a-f]{13}$/);
    // Appended with the flag; in the roll-ups once folded (every quarter second, in a server).
    expect(await t.db.selectFrom('needRollupQueue').select(['cell', 'tags']).execute()).toEqual([
      { cell: body.cell, tags: ['befriending', 'benefits-advice'] },
    ]);
    expect(await foldPendingFlags(t.db)).toBe(1);
    expect(await t.db.selectFrom('needRollupQueue').selectAll().execute()).toEqual([]);
    const counts = await t.db.selectFrom('needCounts').selectAll().orderBy('tagSlug').execute();
    expect(counts.map((c) => [c.tagSlug, c.cell, c.week, c.count])).toEqual([
      ['befriending', body.cell, '2025-12-29', 1],
      ['benefits-advice', body.cell, '2025-12-29', 1],
    ]);
    const flag = await t.db
      .selectFrom('needFlags')
      .select('recordKey')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(counts[0]!.keySum).toBe(flag.recordKey);
    expect(
      await t.db
        .selectFrom('needBarrierCounts')
        .select(['tagSlug', 'barrier', 'count'])
        .orderBy('tagSlug')
        .orderBy('barrier')
        .execute(),
    ).toHaveLength(4);
    expect(await t.db.selectFrom('needCellCounts').select(['count']).execute()).toEqual([
      { count: 1 },
    ]);
    expect(
      await t.db.selectFrom('linkWorkerActivity').select(['userId', 'flags']).execute(),
    ).toEqual([{ userId: lw.userId, flags: 1 }]);
  });

  it('defaults to the current week and refuses a future one', async () => {
    const res = await post({ tags: ['befriending'], ...POINTS[0] });
    const { week } = (await res.json()) as { week: string };
    expect(new Date(`${week}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(Date.now() - Date.parse(week)).toBeLessThan(7 * 86_400_000);
    const future = await post({
      tags: ['befriending'],
      ...POINTS[0],
      week: new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(future.status).toBe(422);
    expect((await errorOf(future)).details).toEqual({ week: 'must not be in the future' });
  });

  it.each([
    [
      { tags: ['no-such-tag', 'befriending'], ...POINTS[0] },
      { tags: 'unknown tag(s): no-such-tag' },
    ],
    [
      { tags: ['befriending'], postcode: 'E2 7DG', ...POINTS[0] },
      { postcode: 'give either a postcode or lat,lng, not both' },
    ],
    [{ tags: ['befriending'] }, { postcode: 'give a postcode or lat,lng' }],
    [{ tags: ['befriending'], lat: 51.5 }, { lng: 'lat and lng go together' }],
    [{ tags: ['befriending'], lat: 48.85, lng: 2.35 }, { lat: 'the point must be inside the UK' }],
    [
      { tags: ['befriending'], postcode: 'not a postcode' },
      { postcode: 'not a valid UK postcode' },
    ],
    [{ tags: [], ...POINTS[0] }, { tags: 'give at least one tag' }],
  ])('422 names the field: %j', async (body, details) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toEqual(details);
    expect(await t.db.selectFrom('needFlags').select('id').execute()).toEqual([]);
  });

  it('refuses a note holding personal data, naming the kind, and neither stores nor logs it', async () => {
    const secretNote = 'Mrs Smith NHS 943 476 5919, call 07700 900123';
    t.logs.length = 0;
    const res = await post({ tags: ['befriending'], ...POINTS[0], note: secretNote });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toEqual({ note: 'nhs_number' });
    expect(await t.db.selectFrom('needFlags').select('id').execute()).toEqual([]);
    expect(JSON.stringify(t.logs)).not.toContain('5919');
    expect(JSON.stringify(t.logs)).not.toContain('07700');
    const email = await post({
      tags: ['befriending'],
      ...POINTS[0],
      note: 'write to a.b@example.org',
    });
    expect((await errorOf(email)).details).toEqual({ note: 'email' });
    const language = await post({ tags: ['befriending'], ...POINTS[0], language: '07700 900123' });
    expect((await errorOf(language)).details).toEqual({ language: 'phone' });
  });

  it('keeps an ordinary note', async () => {
    const res = await post({
      tags: ['befriending'],
      ...POINTS[0],
      note: 'Wants an evening group, not before 18:30; £3 max',
    });
    expect(res.status).toBe(201);
  });

  it('stores text and lists exactly as sent (they travel as array parameters)', async () => {
    const note = 'Says "no" to {groups}, a\\b; NULL, \'ok\' — café';
    const res = await post({
      tags: ['befriending'],
      ...POINTS[0],
      note,
      language: 'NULL',
      barriers: ['cost', 'language'],
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await sql<{
      note: string;
      language: string;
      barriers: unknown;
      kind: string;
      ageBand: string | null;
    }>`
      select note, language, barriers, jsonb_typeof(barriers) as kind, age_band from need_flags where id = ${id}`.execute(
      t.db,
    );
    expect(row.rows[0]).toEqual({
      note,
      language: 'NULL',
      barriers: ['cost', 'language'],
      kind: 'array',
      ageBand: null,
    });
  });

  it('is for link workers and admins only', async () => {
    for (const role of ['organiser', 'funder'] as const) {
      expect(
        (await post({ tags: ['befriending'], ...POINTS[0] }, await t.signIn(role))).status,
      ).toBe(403);
    }
    expect(
      (await t.call('POST', '/api/v1/needs', { tags: ['befriending'], ...POINTS[0] })).status,
    ).toBe(401);
    expect(
      (await post({ tags: ['befriending'], ...POINTS[0] }, await t.signIn('admin'))).status,
    ).toBe(201);
  });
});

describe('POST /api/v1/needs/batch', () => {
  it('stores every flag with one roll-up row per (tag, cell, week)', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({
      tags: ['befriending'],
      ...POINTS[i % 2]!,
      barriers: ['cost'] as const,
    }));
    const res = await t.call('POST', '/api/v1/needs/batch', { items }, lw);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: 50 });
    expect(await foldPendingFlags(t.db)).toBe(50);
    const counts = await t.db.selectFrom('needCounts').select(['cell', 'count']).execute();
    expect(counts.reduce((s, c) => s + c.count, 0)).toBe(50);
  });

  it('is all or none: one bad item stores nothing and its index is named', async () => {
    const items = [
      { tags: ['befriending'], ...POINTS[0] },
      { tags: ['befriending'], ...POINTS[1], note: 'born 12/03/1950' },
      { tags: ['nope'], ...POINTS[2] },
    ];
    const res = await t.call('POST', '/api/v1/needs/batch', { items }, lw);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toEqual({
      'items.1.note': 'date_of_birth',
      'items.2.tags': 'unknown tag(s): nope',
    });
    for (const table of [
      'needFlags',
      'needCounts',
      'needCellCounts',
      'linkWorkerActivity',
    ] as const) {
      expect(await t.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
  });

  it('takes at most 500 flags', async () => {
    const items = Array.from({ length: 501 }, () => ({ tags: ['befriending'], ...POINTS[0] }));
    const res = await t.call('POST', '/api/v1/needs/batch', { items }, lw);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toHaveProperty('items');
  });
});

describe('GET /api/v1/needs/mine and DELETE /api/v1/needs/{id}', () => {
  it("lists only the caller's own flags of the last 24 hours, paginated", async () => {
    for (let i = 0; i < 3; i++) await post({ tags: ['befriending'], ...POINTS[i]! });
    await post({ tags: ['befriending'], ...POINTS[0] }, other);
    const old = await post({ tags: ['befriending'], ...POINTS[0] });
    const oldId = ((await old.json()) as { id: string }).id;
    await sql`update need_flags set created_at = now() - interval '25 hours' where id = ${oldId}`.execute(
      t.db,
    );

    const first = await t.call('GET', '/api/v1/needs/mine?limit=2', undefined, lw);
    const page1 = (await first.json()) as {
      items: { id: string; undoUntil: string }[];
      nextCursor: string | null;
    };
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const second = await t.call(
      'GET',
      `/api/v1/needs/mine?limit=2&cursor=${page1.nextCursor}`,
      undefined,
      lw,
    );
    const page2 = (await second.json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const ids = [...page1.items, ...page2.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(oldId);
  });

  it('pages through flags written within one millisecond without skipping or repeating any', async () => {
    await sql`delete from need_flags`.execute(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(
        (
          (await (await post({ tags: ['befriending'], ...POINTS[i % 3]! })).json()) as {
            id: string;
          }
        ).id,
      );
    // Same millisecond, different microseconds: a cursor holding a JavaScript date must still find the rest.
    for (const [i, id] of ids.entries()) {
      await sql`update need_flags set created_at = date_trunc('second', now()) + ${`${123 + i * 0.0002} milliseconds`}::interval where id = ${id}`.execute(
        t.db,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        'GET',
        `/api/v1/needs/mine?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        lw,
      );
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('undoes an own flag and takes it back out of every roll-up', async () => {
    const keep = await post({ tags: ['befriending'], ...POINTS[0], barriers: ['cost'] });
    const undo = await post({
      tags: ['befriending', 'debt-advice'],
      ...POINTS[0],
      barriers: ['cost', 'digital'],
    });
    const { id } = (await undo.json()) as { id: string };
    const keepFlag = await t.db
      .selectFrom('needFlags')
      .select('recordKey')
      .where('id', '=', ((await keep.json()) as { id: string }).id)
      .executeTakeFirstOrThrow();

    expect((await t.call('DELETE', `/api/v1/needs/${id}`, undefined, other)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/needs/${id}`, undefined, lw)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v1/needs/${id}`, undefined, lw)).status).toBe(404);

    expect(
      await t.db.selectFrom('needCounts').select(['tagSlug', 'count', 'keySum']).execute(),
    ).toEqual([{ tagSlug: 'befriending', count: 1, keySum: keepFlag.recordKey }]);
    expect(
      await t.db.selectFrom('needBarrierCounts').select(['barrier', 'count']).execute(),
    ).toEqual([{ barrier: 'cost', count: 1 }]);
    expect(await t.db.selectFrom('needCellCounts').select(['count', 'keySum']).execute()).toEqual([
      { count: 1, keySum: keepFlag.recordKey },
    ]);
    expect(await t.db.selectFrom('linkWorkerActivity').select('flags').execute()).toEqual([
      { flags: 1 },
    ]);
  });

  it('refuses an undo after 24 hours', async () => {
    const res = await post({ tags: ['befriending'], ...POINTS[0] });
    const { id } = (await res.json()) as { id: string };
    await sql`update need_flags set created_at = now() - interval '25 hours' where id = ${id}`.execute(
      t.db,
    );
    expect((await t.call('DELETE', `/api/v1/needs/${id}`, undefined, lw)).status).toBe(409);
  });
});

describe('GET /api/v1/needs/tags/popular', () => {
  it("puts the caller's own most used tags first", async () => {
    for (let i = 0; i < 3; i++) await post({ tags: ['swimming'], ...POINTS[0] });
    await post({ tags: ['crafts'], ...POINTS[0] });
    const res = await t.call('GET', '/api/v1/needs/tags/popular?limit=5', undefined, lw);
    const { items } = (await res.json()) as { items: { slug: string; name: string }[] };
    expect(items.map((i) => i.slug).slice(0, 2)).toEqual(['swimming', 'crafts']);
    expect(items).toHaveLength(5);
  });
});

describe('rate limit', () => {
  it('allows 120 flagging requests an hour per user, then 429 with Retry-After', async () => {
    const flooder = await t.signIn('link_worker');
    for (let i = 0; i < 120; i++) {
      const res = await t.call(
        'POST',
        '/api/v1/needs',
        { tags: ['no-such-tag'], ...POINTS[0] },
        flooder,
      );
      expect(res.status).toBe(422);
    }
    const limited = await t.call(
      'POST',
      '/api/v1/needs/batch',
      { items: [{ tags: ['befriending'], ...POINTS[0] }] },
      flooder,
    );
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Another user is not affected.
    expect((await post({ tags: ['befriending'], ...POINTS[0] }, other)).status).toBe(201);
  });
});

describe('rate limit, counted with the flag', () => {
  // An app of its own with a small limit (its windows are its own).
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ flagsPerHour: 5 });
    await seedTaxonomy(small.db);
  });
  afterAll(() => small.close());
  const flagOf = (who: SignedIn, body: unknown = { tags: ['befriending'], ...POINTS[0] }) =>
    small.call('POST', '/api/v1/needs', body, who);
  const storedBy = async (who: SignedIn) =>
    (await small.db.selectFrom('needFlags').select('id').where('userId', '=', who.userId).execute())
      .length;

  it('of valid flags sent at once past the limit, exactly the limit are stored; the rest are 429 with Retry-After', async () => {
    const worker = await small.signIn('link_worker');
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => flagOf(worker)))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(await storedBy(worker)).toBe(5);
    const next = await flagOf(worker);
    expect(next.status).toBe(429);
    expect(Number(next.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Over the limit, an invalid request is refused as limited too (the limit is checked for every request).
    expect((await flagOf(worker, { tags: [] })).status).toBe(429);
    expect(await storedBy(worker)).toBe(5);
  });

  it('invalid and refused requests count towards the limit with valid ones, whichever way each is counted', async () => {
    const worker = await small.signIn('link_worker');
    expect((await flagOf(worker, { tags: ['no-such-tag'], ...POINTS[0] })).status).toBe(422);
    expect((await flagOf(worker, { tags: [] })).status).toBe(422);
    // With an idempotency key the hit is counted before the flag is stored.
    const keyed = await small.call(
      'POST',
      '/api/v1/needs',
      { tags: ['befriending'], ...POINTS[0] },
      { ...worker.headers, 'Idempotency-Key': 'rate-limit-test-key-0001' },
    );
    expect(keyed.status).toBe(201);
    const statuses = (await Promise.all(Array.from({ length: 4 }, () => flagOf(worker)))).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([201, 201, 429, 429]);
    expect(await storedBy(worker)).toBe(3);
    expect(
      (
        await small.call(
          'POST',
          '/api/v1/needs/batch',
          { items: [{ tags: ['befriending'], ...POINTS[0] }] },
          worker,
        )
      ).status,
    ).toBe(429);
  });
});

describe('validation', () => {
  it('reads the published state only for a flag of an earlier week (only an ended week can be published), and known tags from memory', async () => {
    const statements: string[] = [];
    // A handle of its own: nothing kept for the app's handle answers for it, so every read shows.
    const db = t.db.withPlugin({
      transformQuery: (args) => (statements.push(JSON.stringify(args.node)), args.node),
      transformResult: async (args) => args.result,
    });
    const readsReleases = async (week?: string) => {
      statements.length = 0;
      await prepareNeedFlags(db, [{ tags: ['befriending'], ...POINTS[0], week }], {
        prefix: () => '',
      });
      return statements.some((s) => s.includes('need_releases'));
    };
    await prepareNeedFlags(db, [{ tags: ['befriending'], ...POINTS[0] }], { prefix: () => '' });
    expect(await readsReleases()).toBe(false);
    expect(statements.filter((s) => s.includes('taxonomy'))).toEqual([]);
    expect(await readsReleases(londonWeek(new Date()))).toBe(false);
    expect(await readsReleases(addWeeks(londonWeek(new Date()), -1))).toBe(true);
  });

  it('a tag gone from the table since this process saw it is refused by the database: 422 naming tags, nothing stored', async () => {
    await t.db
      .insertInto('taxonomy')
      .values({ slug: 'short-lived', name: 'Short-lived', position: 999 })
      .execute();
    expect((await post({ tags: ['short-lived'], ...POINTS[0] })).status).toBe(201);
    await clearNeeds(t.db);
    // Slugs are never deleted by the product; a test can, to show the write's own check.
    await t.db.deleteFrom('taxonomy').where('slug', '=', 'short-lived').execute();
    const single = await post({ tags: ['short-lived'], ...POINTS[0] });
    expect(single.status).toBe(422);
    expect((await errorOf(single)).details?.tags).toMatch(/unknown tag/);
    const batch = await t.call(
      'POST',
      '/api/v1/needs/batch',
      {
        items: [
          { tags: ['befriending'], ...POINTS[0] },
          { tags: ['short-lived'], ...POINTS[0] },
        ],
      },
      lw,
    );
    expect(batch.status).toBe(422);
    expect((await errorOf(batch)).details?.items).toMatch(/unknown tag/);
    expect(await t.db.selectFrom('needFlags').select('id').execute()).toEqual([]);
  });

  it('stores a note with a lone surrogate as UTF-8 would (U+FFFD), single and batched', async () => {
    const note = 'Wants a group \ud800 near the market';
    expect((await post({ tags: ['befriending'], ...POINTS[0], note })).status).toBe(201);
    const batch = await t.call(
      'POST',
      '/api/v1/needs/batch',
      { items: [{ tags: ['befriending'], ...POINTS[0], note, language: 'Syl\udc00heti' }] },
      lw,
    );
    expect(batch.status).toBe(201);
    const rows = await t.db
      .selectFrom('needFlags')
      .select(['note', 'language'])
      .orderBy('note')
      .execute();
    expect(rows.map((r) => r.note)).toEqual([
      note.replace('\ud800', '\ufffd'),
      note.replace('\ud800', '\ufffd'),
    ]);
    expect(rows.map((r) => r.language).sort()).toEqual(['Syl\ufffdheti', null]);
  });
});
