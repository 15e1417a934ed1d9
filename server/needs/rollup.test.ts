/**
 * The privacy and integrity properties of the write path: no stored row holds a postcode or a
 * coordinate, and the roll-ups always equal a GROUP BY over the raw flags.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { findPersonalData } from '../privacy/pii.js';
import { clearNeeds, expectRollupsMatchFlags, POINTS, seedTaxonomy } from './testing.js';

let t: TestApp;
let workers: SignedIn[];

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  workers = [await t.signIn('link_worker'), await t.signIn('link_worker'), await t.signIn('admin')];
});
afterAll(() => t.close());

const POSTCODES = ['E2 7DG', 'e1 6an', 'E14 5AB', 'E3 2AA', 'E1W 1YW'];

describe('what is stored', () => {
  it('holds no postcode and no coordinate in any need table or the audit log', async () => {
    await clearNeeds(t.db);
    const items = Array.from({ length: 200 }, (_, i) =>
      i % 2
        ? {
            tags: ['befriending', 'housing-advice'],
            postcode: POSTCODES[i % POSTCODES.length]!,
            barriers: ['cost'],
            note: 'evenings only',
          }
        : {
            tags: ['debt-advice'],
            lat: 51.52 + (i % 7) * 0.00123,
            lng: -0.06 - (i % 5) * 0.00071,
            ageBand: '50-64',
            language: 'Sylheti',
          },
    );
    const res = await t.call('POST', '/api/v1/needs/batch', { items }, workers[0]);
    expect(res.status).toBe(201);
    for (const p of POINTS)
      expect(
        (await t.call('POST', '/api/v1/needs', { tags: ['crafts'], ...p }, workers[1])).status,
      ).toBe(201);

    const tables = [
      'need_flags',
      'need_rollup_queue',
      'need_counts',
      'need_cell_counts',
      'need_barrier_counts',
      'link_worker_activity',
      'audit_log',
    ];
    const columns = await sql<{ tableName: string; columnName: string; dataType: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name in (${sql.join(tables)})`.execute(t.db);
    // No column is even shaped to hold a point (raw rows come back camelCased by the plugin).
    expect(columns.rows.length).toBeGreaterThan(20);
    for (const c of columns.rows) {
      expect(c.columnName).not.toMatch(/lat|lng|lon|postcode|point|geom/);
      expect(['double precision', 'real', 'numeric']).not.toContain(c.dataType);
    }
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
        t.db,
      );
      for (const row of rows.rows) {
        for (const value of Object.values(row)) {
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          if (text === undefined) continue;
          expect(
            findPersonalData(text) === 'postcode' ? text : null,
            `${table} holds a postcode`,
          ).toBeNull();
          expect(text).not.toMatch(/51\.5\d{2}|-0\.0\d{3}/);
        }
      }
    }
  });

  it('gives new flags time-ordered ids, so they append to the primary keys', async () => {
    await clearNeeds(t.db);
    const single = async () => {
      const res = await t.call(
        'POST',
        '/api/v1/needs',
        { tags: ['crafts'], ...POINTS[0]! },
        workers[1],
      );
      return ((await res.json()) as { id: string }).id;
    };
    const first = await single();
    const batch = await t.call(
      'POST',
      '/api/v1/needs/batch',
      {
        items: [
          { tags: ['crafts'], ...POINTS[1]! },
          { tags: ['swimming'], ...POINTS[2]! },
        ],
      },
      workers[0],
    );
    expect(batch.status).toBe(201);
    const last = await single();
    const stored = (await t.db.selectFrom('needFlags').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
    // UUID version 7 (the version nibble is 7): ids of flags written in different milliseconds
    // (three requests one after another) sort in the order they were written.
    expect(stored).toHaveLength(4);
    for (const id of stored) expect(id[14]).toBe('7');
    expect(stored[0]).toBe(first);
    expect(stored[3]).toBe(last);
  });
});

type Op =
  | {
      kind: 'add';
      worker: number;
      items: { tags: string[]; point: number; week: number; barriers: string[] }[];
    }
  | { kind: 'undo'; pick: number };

const TAGS = ['befriending', 'mens-groups', 'benefits-advice', 'swimming'];
const BARRIERS = ['cost', 'transport', 'language'];
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    worker: fc.integer({ min: 0, max: 2 }),
    items: fc.array(
      fc.record({
        tags: fc.subarray(TAGS, { minLength: 1 }),
        point: fc.integer({ min: 0, max: POINTS.length - 1 }),
        week: fc.integer({ min: 0, max: 3 }),
        barriers: fc.subarray(BARRIERS),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  }),
  fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }),
);

function weeksAgo(n: number): string {
  return new Date(Date.now() - n * 7 * 86_400_000).toISOString().slice(0, 10);
}

describe('roll-ups', () => {
  it('always equal a GROUP BY over the raw flags, after any mix of inserts and undos', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        await clearNeeds(t.db);
        const ids: { id: string; worker: number }[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            const body = {
              items: o.items.map((i) => ({
                tags: i.tags,
                ...POINTS[i.point]!,
                week: weeksAgo(i.week),
                barriers: i.barriers,
              })),
            };
            const res = await t.call('POST', '/api/v1/needs/batch', body, workers[o.worker]);
            expect(res.status).toBe(201);
            const mine = await t.db
              .selectFrom('needFlags')
              .select('id')
              .where('userId', '=', workers[o.worker]!.userId)
              .execute();
            for (const m of mine)
              if (!ids.some((x) => x.id === m.id)) ids.push({ id: m.id, worker: o.worker });
          } else if (ids.length) {
            const [victim] = ids.splice(o.pick % ids.length, 1);
            expect(
              (
                await t.call(
                  'DELETE',
                  `/api/v1/needs/${victim!.id}`,
                  undefined,
                  workers[victim!.worker],
                )
              ).status,
            ).toBe(204);
          }
        }
        await expectRollupsMatchFlags(t.db);
      }),
      { numRuns: 25 },
    );
  });
});
