/**
 * The map reads the cells in view and nothing else (issue 23): the statements a res-8 and a res-7
 * request really run are EXPLAIN ANALYZEd, and the roll-up rows their scans return must be
 * exactly the rows of the cells touching the bbox in the window, none read and thrown away by a
 * filter. The padded res-6 cover this replaced read every row of seven res-6 cells (about 2,400
 * res-8 cells) to draw a few dozen. A published window reads the running totals (migration 0830):
 * the rows of the cells in view at the window's last week and at the week before it.
 */
import { cellToParent, gridDisk, latLngToCell } from 'h3-js';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createApp } from '../app.js';
import { isoWeekStart } from '../gaps/window.js';
import { addWeeks } from '../releases/calendar.js';
import { StatementLog } from '../perf/statement-log.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { coveringCells, type Bbox } from './need-map.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode, out: PlanNode[] = []): PlanNode[] => (
  out.push(n),
  (n.Plans ?? []).forEach((c) => nodes(c, out)),
  out
);

let t: TestApp;
let admin: SignedIn;
let app: ReturnType<typeof createApp>;
let log: StatementLog;
const week = isoWeekStart(new Date(Date.now() - 14 * 86_400_000));
// A small view in Bow, inside a wide ring of cells that all hold flags.
const bbox: Bbox = [-0.03, 51.525, -0.015, 51.535];

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  admin = await t.signIn('admin');
  const cells = gridDisk(latLngToCell(51.53, -0.022, 8), 25);
  for (let i = 0; i < cells.length; i += 500) {
    const batch = cells.slice(i, i + 500).map((cell) => ({
      cell,
      cell7: cellToParent(cell, 7),
      cell6: cellToParent(cell, 6),
      week,
      count: 9,
      keySum: 3,
    }));
    await t.db.insertInto('needCellCounts').values(batch).execute();
    await t.db
      .insertInto('needCounts')
      .values(batch.map((r) => ({ ...r, tagSlug: 'befriending' })))
      .execute();
  }
  await t.publish();
  await sql`analyze`.execute(t.db);
  log = new StatementLog(t.db as never);
  app = createApp({ db: t.db.withPlugin(log), config: t.config, logger: () => {} });
});
afterAll(() => t.close());

describe('the need map reads only the cells in view', () => {
  for (const res of [8, 7] as const) {
    it(`res ${res}: every roll-up row scanned belongs to a cell in view`, async () => {
      const inView = coveringCells(bbox, res);
      const column = res === 8 ? 'cell' : 'cell7';
      let window = { from: '', to: '' };
      const statements = await log.capture(async () => {
        const r = await app.request(`/api/v1/map/needs?bbox=${bbox.join(',')}&res=${res}`, {
          headers: admin.headers,
        });
        expect(r.status).toBe(200);
        const body = (await r.json()) as {
          window: { from: string; to: string };
          features: { id: string }[];
        };
        expect(body.features.length).toBeGreaterThan(0);
        expect(body.features.every((f) => inView.includes(f.id))).toBe(true);
        window = body.window;
      });
      // A published window is read from the running totals: its last week beside the week before it.
      const totalsReads = statements.filter((q) =>
        /from "?published_(cell|need)_totals/.test(q.sql),
      );
      expect(totalsReads.length).toBe(2);
      const weeks = [window.to, addWeeks(window.from, -1)];
      for (const q of totalsReads) {
        const table = /published_cell_totals/.test(q.sql)
          ? 'published_cell_totals'
          : 'published_need_totals';
        const expected = Number(
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(inView)}) and week in (${sql.join(weeks)})`.execute(
              t.db,
            )
          ).rows[0]!.n,
        );
        const res0 = await t.db.executeQuery<{ 'QUERY PLAN': unknown }>(
          CompiledQuery.raw(`explain (analyze, format json) ${q.sql}`, [...q.parameters]),
        );
        const raw = res0.rows[0]!['QUERY PLAN'];
        const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw)[0].Plan as PlanNode;
        const scans = nodes(plan).filter((n) => n['Relation Name'] === table);
        const read = scans.reduce(
          (sum, n) =>
            sum +
            (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1) +
            (n['Rows Removed by Filter'] ?? 0) +
            (n['Rows Removed by Index Recheck'] ?? 0),
          0,
        );
        expect(expected).toBeGreaterThan(0);
        expect(read, `${table}: ${q.sql.slice(0, 100)}`).toBe(expected);
      }
    });
  }
});
