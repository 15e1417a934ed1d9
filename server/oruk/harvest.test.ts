/**
 * Harvesting against a real HTTP server this test starts: a paged ORUK feed (two services a
 * page, summaries only, so each service is read whole by id) that changes between runs and
 * can be made to fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { harvestFeed, startHarvestScheduler, type HarvestReport } from './harvest.js';

type Rec = Record<string, unknown>;
const PAGE_SIZE = 2;
const uuid = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A council's service, as its ORUK API serves it. */
function councilService(n: number, changes: Rec = {}): Rec {
  return {
    id: uuid(n),
    name: `Council service ${n}`,
    description: `Service number ${n}.`,
    status: 'active',
    last_modified: new Date().toISOString(),
    fees: 'None',
    organization: {
      id: uuid(900),
      name: 'Borough Council',
      description: 'The council',
      website: 'https://council.example.gov.uk',
    },
    service_at_locations: [
      {
        id: uuid(1000 + n),
        location: {
          id: uuid(2000 + n),
          location_type: 'physical',
          name: `Hall ${n}`,
          latitude: 51.5 + n / 1000,
          longitude: -0.05,
          addresses: [
            {
              id: uuid(3000 + n),
              address_1: `${n} High Street`,
              city: 'London',
              state_province: '',
              postal_code: 'E1 6AN',
              country: 'GB',
              address_type: 'physical',
            },
          ],
        },
      },
    ],
    schedules: [
      {
        id: uuid(4000 + n),
        service_at_location_id: uuid(1000 + n),
        freq: 'WEEKLY',
        interval: 1,
        byday: 'MO',
        opens_at: '10:00',
        closes_at: '12:00',
      },
    ],
    ...changes,
  };
}

const feed = {
  services: [] as Rec[],
  /** Paths answering 503 this many more times (a flaky feed), and paths down for good. */
  flaky: new Map<string, number>(),
  down: new Set<string>(),
  requests: [] as string[],
  /** A slow feed: each answer waits this long. */
  delayMs: 0,
};
let server: Server;
let base: string;

function serve(path: string, query: URLSearchParams): { status: number; body?: unknown } {
  const key = `${path}?page=${query.get('page') ?? ''}`;
  if (feed.down.has(key) || feed.down.has(path)) return { status: 503 };
  const left = feed.flaky.get(key) ?? feed.flaky.get(path) ?? 0;
  if (left > 0) {
    feed.flaky.set(feed.flaky.has(key) ? key : path, left - 1);
    return { status: 503 };
  }
  if (path === '/api/services') {
    const after = query.get('modified_after');
    const selected = feed.services.filter((s) => !after || String(s.last_modified) > after);
    const page = Number(query.get('page') ?? 1);
    const size = Math.min(Number(query.get('per_page') ?? 50), PAGE_SIZE);
    const contents = selected
      .slice((page - 1) * size, page * size)
      .map(({ id, name, description, status, last_modified }) => ({
        id,
        name,
        description,
        status,
        last_modified,
      }));
    const totalPages = Math.ceil(selected.length / size);
    return {
      status: 200,
      body: {
        total_items: selected.length,
        total_pages: totalPages,
        page_number: page,
        size,
        first_page: page === 1,
        last_page: page >= totalPages,
        empty: contents.length === 0,
        contents,
      },
    };
  }
  const one = path.match(/^\/api\/services\/([0-9a-f-]+)$/);
  const found = one && feed.services.find((s) => s.id === one[1]);
  return found ? { status: 200, body: found } : { status: 404, body: { error: 'not found' } };
}

let t: TestApp;
let admin: SignedIn;
let feedId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feed.test');
    feed.requests.push(`${url.pathname}${url.search}`);
    const { status, body } = serve(url.pathname, url.searchParams);
    setTimeout(
      () =>
        res
          .writeHead(status, { 'Content-Type': 'application/json' })
          .end(body === undefined ? '' : JSON.stringify(body)),
      feed.delayMs,
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  t = await createTestApp();
  await seedTaxonomy(t.db);
  admin = await t.signIn('admin');
});
afterAll(async () => {
  await t.close();
  await new Promise((done) => server.close(done));
});

const fast = { retryDelayMs: 5, attempts: 3 };

/** The run's report once it has ended, read through the API as the admin page does. */
async function finished(runId: string): Promise<HarvestReport> {
  for (let i = 0; i < 300; i++) {
    const { items } = (await (
      await t.call('GET', `/api/v1/import/feeds/${feedId}/runs`, undefined, admin)
    ).json()) as { items: HarvestReport[] };
    const run = items.find((r) => r.id === runId);
    if (run && run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the run did not end');
}
const harvest = () => harvestFeed(t.db, feedId, fast);
const count = async () =>
  Number(
    (
      await t.db
        .selectFrom('services')
        .select(({ fn }) => fn.countAll().as('n'))
        .where('sourceId', 'is not', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('ORUK feed harvesting', () => {
  it('registers a feed (admin only; a web address; once)', async () => {
    for (const role of ['organiser', 'link_worker', 'funder'] as const) {
      expect(
        (
          await t.call(
            'POST',
            '/api/v1/import/feeds',
            { url: `${base}/services` },
            await t.signIn(role),
          )
        ).status,
      ).toBe(403);
    }
    expect(
      await (
        await t.call('POST', '/api/v1/import/feeds', { url: 'ftp://x.example/feed' }, admin)
      ).json(),
    ).toMatchObject({ error: { details: { url: expect.any(String) } } });
    expect(
      (await t.call('POST', '/api/v1/import/feeds', { url: base, intervalMinutes: 5 }, admin))
        .status,
    ).toBe(422);
    const res = await t.call(
      'POST',
      '/api/v1/import/feeds',
      { url: `${base}/services`, name: 'Borough directory', intervalMinutes: 60 },
      admin,
    );
    expect(res.status).toBe(201);
    const created = (await res.json()) as {
      id: string;
      name: string;
      lastRun: null;
      nextRunAt: string;
    };
    expect(created).toMatchObject({ name: 'Borough directory', lastRun: null });
    expect(new Date(created.nextRunAt).getTime()).toBeLessThanOrEqual(Date.now());
    feedId = created.id;
    expect(
      (await t.call('POST', '/api/v1/import/feeds', { url: `${base}/services` }, admin)).status,
    ).toBe(409);
  });

  it('harvests every page, reads each service whole, reports created and rejected with reasons', async () => {
    feed.services = [1, 2, 3, 4].map((n) => councilService(n));
    // One without an organisation (filed under the feed's placeholder), one that cannot be stored.
    feed.services.push(councilService(5, { organization: undefined }));
    feed.services.push(
      councilService(6, {
        schedules: [
          { id: uuid(4006), freq: 'WEEKLY', byday: 'TU', opens_at: '12:00', closes_at: '11:00' },
        ],
      }),
    );
    feed.requests = [];
    feed.delayMs = 100;
    const res = await t.call('POST', `/api/v1/import/feeds/${feedId}/harvest`, undefined, admin);
    expect(res.status).toBe(202);
    const started = (await res.json()) as HarvestReport;
    expect(started).toMatchObject({ status: 'running', feedId });
    // A second start while it runs is refused.
    expect(
      (await t.call('POST', `/api/v1/import/feeds/${feedId}/harvest`, undefined, admin)).status,
    ).toBe(409);
    const run = await finished(started.id);
    feed.delayMs = 0;
    expect(run).toMatchObject({
      status: 'succeeded',
      pages: 3,
      firstPage: 1,
      created: 5,
      updated: 0,
      unchanged: 0,
      modifiedAfter: null,
      error: null,
    });
    expect(run.rejected).toEqual([
      { id: uuid(6), page: 3, errors: { 'schedules.0.end': 'must be after start' } },
    ]);
    expect(feed.requests.filter((r) => r.startsWith('/api/services?'))).toHaveLength(3);
    expect(feed.requests.filter((r) => /^\/api\/services\/[0-9a-f-]+$/.test(r))).toHaveLength(6);
    expect(await count()).toBe(5);
    // Kept whole: the feed's ids and its unmodelled fields come back out of our ORUK API.
    const out = (await (await t.call('GET', `/api/v1/oruk/services/${uuid(1)}`)).json()) as Rec;
    expect(out).toMatchObject({
      id: uuid(1),
      fees: 'None',
      organization: { id: uuid(900) },
      schedules: [expect.objectContaining({ id: uuid(4001) })],
    });
    const orphan = await t.db
      .selectFrom('services')
      .innerJoin('organisations', 'organisations.id', 'services.organisationId')
      .select('organisations.name')
      .where('services.id', '=', uuid(5))
      .executeTakeFirstOrThrow();
    expect(orphan.name).toBe('Organisation not given (Borough directory)');
  });

  it('is incremental and idempotent: the next run asks for what changed since the last one began', async () => {
    feed.requests = [];
    const quiet = await harvest();
    expect(quiet).toMatchObject({
      status: 'succeeded',
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: [],
    });
    const asked = new URL(`http://x${feed.requests[0]!}`).searchParams.get('modified_after');
    expect(asked).not.toBeNull();
    expect(asked).toBe(
      (
        await t.db
          .selectFrom('orukHarvestRuns')
          .select('startedAt')
          .where('feedId', '=', feedId)
          .where('status', '=', 'succeeded')
          .orderBy('startedAt')
          .executeTakeFirstOrThrow()
      ).startedAt.toISOString(),
    );

    // The council changes one service and adds one.
    await new Promise((r) => setTimeout(r, 5));
    feed.services[1] = councilService(2, { name: 'Council service 2 (new name)' });
    feed.services.push(councilService(7));
    const changed = await harvest();
    expect(changed).toMatchObject({ status: 'succeeded', created: 1, updated: 1, rejected: [] });
    expect(
      (
        await t.db
          .selectFrom('services')
          .select('name')
          .where('id', '=', uuid(2))
          .executeTakeFirstOrThrow()
      ).name,
    ).toBe('Council service 2 (new name)');

    // The same window read again (the feed re-sends everything): nothing is written twice.
    await t.db
      .updateTable('orukFeeds')
      .set({ harvestedThrough: null })
      .where('id', '=', feedId)
      .execute();
    const versions = await t.db
      .selectFrom('services')
      .select(['id', 'version'])
      .where('sourceId', 'is not', null)
      .orderBy('id')
      .execute();
    const again = await harvest();
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 6 });
    expect(again.rejected).toHaveLength(1);
    expect(
      await t.db
        .selectFrom('services')
        .select(['id', 'version'])
        .where('sourceId', 'is not', null)
        .orderBy('id')
        .execute(),
    ).toEqual(versions);
    expect(await count()).toBe(6);
  });

  it('retries a flaky request', async () => {
    feed.flaky.set('/api/services?page=1', 2);
    const run = await harvest();
    expect(run.status).toBe('succeeded');
    expect(feed.flaky.get('/api/services?page=1')).toBe(0);
  });

  it('a run that fails mid-way says why, and the next resumes at the failed page with the same window', async () => {
    await t.db
      .updateTable('orukFeeds')
      .set({ harvestedThrough: null })
      .where('id', '=', feedId)
      .execute();
    feed.services[0] = councilService(1, { name: 'Council service 1 (changed before the outage)' });
    feed.down.add('/api/services?page=2');
    feed.requests = [];
    const failed = await harvest();
    expect(failed).toMatchObject({
      status: 'failed',
      pages: 1,
      updated: 1,
      error: expect.stringMatching(/^\/api\/services: HTTP 503 \(after 3 attempts\)$/),
    });
    expect(feed.requests.filter((r) => r.includes('page=2'))).toHaveLength(3);
    const stopped = await t.db
      .selectFrom('orukFeeds')
      .selectAll()
      .where('id', '=', feedId)
      .executeTakeFirstOrThrow();
    expect(stopped).toMatchObject({ resumePage: 2, runningSince: null, harvestedThrough: null });
    // The failed run is reported through the API too.
    const runs = (await (
      await t.call('GET', `/api/v1/import/feeds/${feedId}/runs`, undefined, admin)
    ).json()) as { items: HarvestReport[] };
    expect(runs.items[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('HTTP 503'),
    });

    feed.down.clear();
    feed.requests = [];
    const resumed = await harvest();
    expect(resumed).toMatchObject({
      status: 'succeeded',
      firstPage: 2,
      pages: 3,
      created: 0,
      modifiedAfter: null,
    });
    expect(feed.requests.some((r) => r.includes('page=1&'))).toBe(false);
    const done = await t.db
      .selectFrom('orukFeeds')
      .selectAll()
      .where('id', '=', feedId)
      .executeTakeFirstOrThrow();
    expect(done.resumePage).toBeNull();
    // The window of the completed run is where the interrupted one began.
    expect(done.harvestedThrough?.toISOString()).toBe(failed.startedAt);
    expect(await count()).toBe(6);
    expect(
      (
        await t.db
          .selectFrom('services')
          .select('name')
          .where('id', '=', uuid(1))
          .executeTakeFirstOrThrow()
      ).name,
    ).toMatch(/changed before the outage/);
  });

  it('lists feeds with their last run; pauses and removes them', async () => {
    const list = (await (await t.call('GET', '/api/v1/import/feeds', undefined, admin)).json()) as {
      items: { id: string; lastRun: HarvestReport | null; harvestedThrough: string | null }[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({
        id: feedId,
        lastRun: expect.objectContaining({ status: 'succeeded' }),
        harvestedThrough: expect.any(String),
      }),
    ]);
    expect(
      await (
        await t.call('PATCH', `/api/v1/import/feeds/${feedId}`, { enabled: false }, admin)
      ).json(),
    ).toMatchObject({ enabled: false });
    expect(
      (await t.call('DELETE', `/api/v1/import/feeds/${feedId}`, undefined, admin)).status,
    ).toBe(204);
    expect(
      (await t.call('GET', `/api/v1/import/feeds/${feedId}/runs`, undefined, admin)).status,
    ).toBe(404);
    // What the feed brought stays.
    expect(await count()).toBe(6);
  });

  it('the scheduler harvests a feed when it is due, and not again before its interval', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/import/feeds',
      { url: base, name: 'Scheduled', intervalMinutes: 60 },
      admin,
    );
    const { id } = (await res.json()) as { id: string };
    const lines: unknown[] = [];
    const stop = startHarvestScheduler(t.db, (l) => lines.push(l), 50);
    try {
      const deadline = Date.now() + 20_000;
      let runs: { status: string }[] = [];
      while (Date.now() < deadline && !runs.some((r) => r.status === 'succeeded')) {
        await new Promise((r) => setTimeout(r, 100));
        runs = await t.db
          .selectFrom('orukHarvestRuns')
          .select('status')
          .where('feedId', '=', id)
          .execute();
      }
      expect(runs).toEqual([{ status: 'succeeded' }]);
      const next = (
        await t.db
          .selectFrom('orukFeeds')
          .select('nextRunAt')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).nextRunAt;
      expect(next.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(
        await t.db.selectFrom('orukHarvestRuns').select('id').where('feedId', '=', id).execute(),
      ).toHaveLength(1);
      expect(lines).toEqual([
        expect.objectContaining({ msg: 'oruk feed harvested', feedId: id, status: 'succeeded' }),
      ]);
    } finally {
      stop();
    }
  });
});
