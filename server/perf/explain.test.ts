/**
 * Hot paths use indexes: the SELECTs that the map, area summary, nearby-services and gap-check
 * requests really run (captured from the app, not copied) are EXPLAINed over a few tens of
 * thousands of analysed roll-up rows, and none may scan a large table sequentially. No
 * aggregate request may read need_flags at all (DESIGN.md: aggregates read only the roll-ups).
 * Plans are printed, so a slow query's plan is in the test output. The copies kept per data
 * version (directory, taxonomy, bookable rooms) are read whole once per directory change, not per
 * request: one gap check elsewhere reads them before the hot paths are explained.
 */
import { cellToParent, latLngToCell, gridDisk } from 'h3-js';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOROUGH_BBOX,
  insertSyntheticServices,
  isoWeekStart,
  regionCells,
} from '../../bench/world.js';
import { createRng } from '../../fixtures/demo/random.js';
import { seedDemo } from '../../fixtures/demo/seed.js';
import { TAG_SLUGS } from '../../fixtures/demo/taxonomy.js';
import { createApp } from '../app.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { StatementLog } from './statement-log.js';

let t: TestApp;
let admin: SignedIn;
let app: ReturnType<typeof createApp>;
let log: StatementLog;
let paths: Set<string>;
let areaId: string;
/** Tables big enough (≥ 10k rows) that a sequential scan on them is a finding; below that Postgres rightly reads small tables whole. */
let largeTables: Set<string>;
/**
 * Tables whose reads must be index-driven on a selective request: the roll-ups and the area
 * cover grow with every flag and boundary, so a sequential scan of them only gets worse. The
 * directory is bounded (tens of thousands of venues), and for an area join Postgres rightly
 * prefers hashing it to hundreds of random index probes; locations are held to their index
 * only where a query prefilters by a bounding box (near, gap check).
 */
const ROLLUPS = [
  'need_counts',
  'need_barrier_counts',
  'link_worker_activity',
  'link_worker_counts',
  'area_cells',
];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(node);
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

async function explain(q: CompiledQuery): Promise<PlanNode> {
  const res = await t.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(
    CompiledQuery.raw(`explain (format json) ${q.sql}`, [...q.parameters]),
  );
  const raw = res.rows[0]!['QUERY PLAN'];
  return (typeof raw === 'string' ? JSON.parse(raw) : raw)[0].Plan;
}

/** Runs a request, EXPLAINs each SELECT it ran; returns the sequential scans of large tables. */
async function seqScansOf(
  mustIndex: string[],
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; statements: number; seqScans: string[]; relations: Set<string> }> {
  let status = 0;
  const statements = await log.capture(async () => {
    const res = await app.request(path, {
      method,
      headers: { ...admin.headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    status = res.status;
    await res.arrayBuffer();
  });
  const seqScans: string[] = [];
  const relations = new Set<string>();
  for (const q of statements) {
    const plan = await explain(q);
    const found = scans(plan).filter(
      (n) =>
        n['Node Type'] === 'Seq Scan' &&
        n['Relation Name'] &&
        mustIndex.includes(n['Relation Name']) &&
        largeTables.has(n['Relation Name']),
    );
    console.info(
      `${method} ${path.split('?')[0]}: ${q.sql.slice(0, 160)}…\n  nodes: ${scans(plan)
        .map((n) => `${n['Node Type']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}`)
        .join(', ')}`,
    );
    seqScans.push(...found.map((n) => n['Relation Name']!));
    for (const n of scans(plan)) if (n['Relation Name']) relations.add(n['Relation Name']);
  }
  return { status, statements: statements.length, seqScans, relations };
}

/** Synthetic roll-up rows (tag, cell, week) across the region, 52 weeks; written directly: plans, not writes, are under test. */
async function insertRollups(count: number): Promise<void> {
  const rng = createRng(11);
  const cells = regionCells();
  const now = new Date();
  const seen = new Set<string>();
  const rows: {
    tagSlug: string;
    cell: string;
    cell7: string;
    cell6: string;
    week: string;
    count: number;
    keySum: number;
  }[] = [];
  while (rows.length < count) {
    const tagSlug = rng.pick(TAG_SLUGS);
    const cell = rng.pick(cells);
    const week = isoWeekStart(now, rng.int(0, 51));
    const key = `${tagSlug}|${cell}|${week}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({
      tagSlug,
      cell,
      cell7: cellToParent(cell, 7),
      cell6: cellToParent(cell, 6),
      week,
      count: rng.int(1, 20),
      keySum: rng.int(0, 255),
    });
  }
  for (let i = 0; i < rows.length; i += 2_000) {
    const batch = rows.slice(i, i + 2_000);
    // The demo seed already wrote roll-ups (its need flags): skip the keys it holds.
    await t.db
      .insertInto('needCounts')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute();
    await t.db
      .insertInto('needBarrierCounts')
      .values(batch.map(({ cell6: _, ...r }) => ({ ...r, barrier: 'cost' })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.db, { demoLogins: false });
  await insertSyntheticServices(t.db, createRng(5), 12_000, { batch: 2_000 });
  await insertRollups(40_000);
  // Ward-sized areas (7 cells, about 5 km², as real wards are) tiling part of the region.
  const cells = regionCells();
  for (let i = 0; i < 40; i++) {
    const area = await t.db
      .insertInto('areas')
      .values({
        code: `E0500${i}`,
        name: `Bench ward ${i}`,
        kind: 'ward',
        geometry: JSON.stringify({ type: 'Polygon', coordinates: [] }),
        bbox: JSON.stringify(BOROUGH_BBOX),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    areaId ??= area.id;
    const centre = i === 0 ? latLngToCell(51.52, -0.05, 8) : cells[(i * 11) % cells.length]!;
    await t.db
      .insertInto('areaCells')
      .values(gridDisk(centre, 1).map((cell) => ({ areaId: area.id, cell })))
      .execute();
  }
  await sql`analyze`.execute(t.db);
  const { rows } = await sql<{
    name: string;
  }>`select relname as name from pg_class where relkind = 'r' and reltuples >= 10000`.execute(t.db);
  largeTables = new Set(rows.map((r) => r.name));
  admin = await t.signIn('admin');
  log = new StatementLog(t.db as never);
  app = createApp({ db: t.db.withPlugin(log), config: t.config, logger: () => {} });
  const warm = await app.request('/api/v1/gap-check', {
    method: 'POST',
    headers: { ...admin.headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ tags: ['walking-groups'], lat: 51.51, lng: -0.02 }),
  });
  expect(warm.status).toBe(200);
  const doc = (await (await app.request('/api/openapi.json')).json()) as {
    paths: Record<string, unknown>;
  };
  paths = new Set(Object.keys(doc.paths));
}, 180_000);
afterAll(() => t.close());

const bbox = BOROUGH_BBOX.join(',');
const VENUES = [...ROLLUPS, 'locations'];
const HOT_PATHS: {
  route: string;
  method: string;
  path: () => string;
  body?: unknown;
  mustIndex: string[];
}[] = [
  {
    route: '/api/v1/map/needs',
    method: 'GET',
    path: () => `/api/v1/map/needs?bbox=${bbox}&res=8`,
    mustIndex: ROLLUPS,
  },
  {
    route: '/api/v1/map/needs',
    method: 'GET',
    path: () => `/api/v1/map/needs?bbox=${bbox}&res=7`,
    mustIndex: ROLLUPS,
  },
  {
    route: '/api/v1/areas/{id}/summary',
    method: 'GET',
    path: () => `/api/v1/areas/${areaId}/summary`,
    mustIndex: ROLLUPS,
  },
  {
    route: '/api/v1/services',
    method: 'GET',
    path: () => '/api/v1/services?near=51.52,-0.05&radiusKm=1&tag=befriending',
    mustIndex: VENUES,
  },
  {
    route: '/api/v1/services',
    method: 'GET',
    path: () => '/api/v1/services?tag=befriending&limit=50',
    mustIndex: VENUES,
  },
  {
    route: '/api/v1/gap-check',
    method: 'POST',
    path: () => '/api/v1/gap-check',
    body: { tags: ['befriending'], lat: 51.52, lng: -0.05 },
    mustIndex: VENUES,
  },
];

describe('query plans of the hot paths', () => {
  it('has large, analysed roll-up and location tables to plan over', () => {
    expect(largeTables.has('need_counts')).toBe(true);
    expect(largeTables.has('locations')).toBe(true);
  });

  for (const hot of HOT_PATHS) {
    it(`${hot.method} ${hot.path().replace('undefined', '{id}')} uses indexes, not sequential scans of large tables`, async (ctx) => {
      if (!paths.has(hot.route)) ctx.skip(`${hot.route} has not landed yet`);
      const result = await seqScansOf(hot.mustIndex, hot.method, hot.path(), hot.body);
      expect(result.status).toBe(200);
      expect(result.statements).toBeGreaterThan(0);
      expect(result.seqScans).toEqual([]);
      if (!hot.route.startsWith('/api/v1/services'))
        expect([...result.relations]).not.toContain('need_flags');
    });
  }

  it('GET /api/v1/gaps (a city-wide ranking: whole-window reads are fair) never reads raw need flags', async (ctx) => {
    if (!paths.has('/api/v1/gaps')) ctx.skip('/api/v1/gaps has not landed yet');
    const result = await seqScansOf([], 'GET', '/api/v1/gaps?by=cell&tag=befriending');
    expect(result.status).toBe(200);
    // A city-wide ranking may read the window's roll-up rows in full; it must never touch need_flags.
    expect([...result.relations]).not.toContain('need_flags');
  });
});
