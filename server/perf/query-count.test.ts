/**
 * No N+1: every paginated list route (a GET in /api/openapi.json with a `limit` parameter) runs
 * the same number of SQL statements for a page of 2 as for a page of 50. A route that loaded
 * each row's children one by one would run ~48 more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOROUGH_BBOX, insertSyntheticServices } from '../../bench/world.js';
import { createRng } from '../../fixtures/demo/random.js';
import { seedDemo } from '../../fixtures/demo/seed.js';
import { createApp } from '../app.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { QueryCounter } from './query-counter.js';

let t: TestApp;
let admin: SignedIn;
let counted: ReturnType<typeof createApp>;
const counter = new QueryCounter();

/** Values for query parameters a list route may require. */
const SAMPLE_QUERY: Record<string, string> = {
  bbox: BOROUGH_BBOX.join(','),
  near: '51.52,-0.05',
  by: 'cell',
  res: '8',
};

interface ListRoute {
  path: string;
  required: string[];
  /** Pages with `?cursor=` (a bare `limit`, as on the popular-tags route, is a top-N). */
  paged?: boolean;
}

async function listRoutes(): Promise<ListRoute[]> {
  const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>
    >;
  };
  return Object.entries(doc.paths)
    .filter(
      ([path, ops]) =>
        !path.includes('{') &&
        ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'limit'),
    )
    .map(([path, ops]) => ({
      path,
      required: (ops.get?.parameters ?? [])
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => p.name),
      paged: (ops.get?.parameters ?? []).some((p) => p.in === 'query' && p.name === 'cursor'),
    }));
}

/**
 * The fewest statements over three identical requests: caches refreshed on a timer (the privacy
 * threshold, the session's idle window) add a statement now and then, which is not N+1.
 */
async function countFor(
  route: ListRoute,
  limit: number,
): Promise<{ statements: number; status: number; items: number }> {
  const runs = [
    await countOnce(route, limit),
    await countOnce(route, limit),
    await countOnce(route, limit),
  ];
  return runs.reduce((a, b) => (b.statements < a.statements ? b : a));
}

async function countOnce(
  route: ListRoute,
  limit: number,
): Promise<{ statements: number; status: number; items: number }> {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const name of route.required) query.set(name, SAMPLE_QUERY[name] ?? '');
  let status = 0;
  let items = 0;
  const statements = await counter.during(async () => {
    const res = await counted.request(`${route.path}?${query}`, { headers: admin.headers });
    status = res.status;
    const body = (await res.json()) as { items?: unknown[] };
    items = body.items?.length ?? 0;
  });
  return { statements, status, items };
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.db, { demoLogins: false });
  await insertSyntheticServices(t.db, createRng(7), 120, { batch: 60 });
  admin = await t.signIn('admin');
  // The same app over the same database, with every statement counted.
  counted = createApp({ db: t.db.withPlugin(counter), config: t.config, logger: () => {} });
});
afterAll(() => t.close());

describe('statements per list request', () => {
  it('GET /api/v1/services runs a small constant number of statements whatever the page size', async () => {
    const route = { path: '/api/v1/services', required: [] };
    const small = await countFor(route, 2);
    const large = await countFor(route, 50);
    expect(small.items).toBe(2);
    expect(large.items).toBe(50);
    expect(large.statements).toBe(small.statements);
    // session lookup + page + tags + locations + schedules, with room for one or two more.
    expect(large.statements).toBeLessThanOrEqual(8);
  });

  it('every paginated list route in the OpenAPI document is free of N+1 queries', async () => {
    const routes = await listRoutes();
    expect(routes.map((r) => r.path)).toContain('/api/v1/services');
    const report: string[] = [];
    for (const route of routes) {
      const small = await countFor(route, 2);
      const large = await countFor(route, 50);
      report.push(
        `${route.path}: ${small.statements} (${small.items} items) vs ${large.statements} (${large.items} items), status ${large.status}`,
      );
      expect(large.status, route.path).toBeLessThan(500);
      expect(large.statements, `${route.path} — ${report.at(-1)}`).toBe(small.statements);
    }
  });

  it('every paginated list route answers a forged cursor with 422 naming the cursor', async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const uuid = '2b1c0d6e-8f4a-4c3b-9d2e-1f0a9b8c7d6e';
    const forged = [
      b64(['a', 'x']),
      b64(['a']),
      b64([1, 'x']),
      b64(['x', uuid, 3]),
      b64([-5]),
      b64([-5, uuid]),
      b64([1e308, uuid]),
      b64(['a\u0000b', uuid]),
      b64([null, null]),
      b64({ a: 1 }),
      b64('2026-01-01T00:00:00.000Z'),
      b64([uuid, '2026-01-01T00:00:00.000Z']),
      b64([0.5]),
      b64(['1']),
      'not base64 !!',
      '%00',
      b64(['x'.repeat(450), uuid]),
      b64([{}, uuid]),
    ];
    const routes = (await listRoutes()).filter((r) => r.paged);
    expect(routes.length).toBeGreaterThan(8);
    const failures: string[] = [];
    for (const route of routes) {
      for (const cursor of forged) {
        const query = new URLSearchParams({ limit: '2', cursor });
        for (const name of route.required) query.set(name, SAMPLE_QUERY[name] ?? '');
        for (const extra of route.path === '/api/v1/services' ? ['', '&near=51.52,-0.05'] : ['']) {
          const res = await t.app.request(`${route.path}?${query}${extra}`, {
            headers: admin.headers,
          });
          const body = (await res.json()) as { error?: { details?: Record<string, string> } };
          if (res.status !== 422 || !body.error?.details?.cursor)
            failures.push(`${route.path}${extra} cursor=${cursor} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
