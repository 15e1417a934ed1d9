/**
 * No plan flips (issue 23): postgres.js prepares every statement, and after five runs PostgreSQL
 * may switch a prepared statement to a generic plan, which for the roll-up aggregates was an order
 * of magnitude slower than the custom one. db/connect.ts sets plan_cache_mode = force_custom_plan
 * on every PostgreSQL connection; this guard is structural, not a timing: the statements a no-tag
 * /gaps request really runs are run ten times on one connection, and PostgreSQL's own count of
 * plans (pg_prepared_statements) must show custom plans only. PGlite runs unnamed statements,
 * planned for their parameters every time, so there is nothing to flip there.
 */
import { sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { seedAreas } from '../../fixtures/demo/areas.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { fixedPlanDb } from '../../db/connect.js';
import { testDbKind } from '../../db/testing/test-db.js';
import { createApp } from '../app.js';
import { addDemand } from '../gaps/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { StatementLog } from './statement-log.js';

const onPostgres = testDbKind() === 'postgres';
let t: TestApp;
let admin: SignedIn;
let statements: CompiledQuery[];

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  await t.db.transaction().execute((trx) => seedAreas(trx));
  admin = await t.signIn('admin');
  const points = [
    { lat: 51.531, lng: -0.024 },
    { lat: 51.5155, lng: -0.067 },
    { lat: 51.511, lng: -0.018 },
    { lat: 51.545, lng: -0.055 },
  ];
  for (const [i, p] of points.entries()) {
    await addDemand(t.db, p, 'benefits-advice', 10 + i * 7, { cost: 4, timing: 3 });
    await addDemand(t.db, p, 'debt-advice', 12 + i * 5, { language: 6 });
  }
  await t.publish();
  const log = new StatementLog(t.db as never);
  const app = createApp({ db: t.db.withPlugin(log), config: t.config, logger: () => {} });
  statements = await log.capture(async () => {
    for (const by of ['cell', 'area']) {
      const res = await app.request(`/api/v1/gaps?by=${by}`, { headers: admin.headers });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  });
});
afterAll(() => t.close());

describe('prepared statements on PostgreSQL', () => {
  it.skipIf(!onPostgres)(
    'every connection plans each run for its own parameters (plan_cache_mode)',
    async () => {
      const { rows } = await sql<{
        mode: string;
      }>`select current_setting('plan_cache_mode') as mode`.execute(t.db);
      expect(rows[0]!.mode).toBe('force_custom_plan');
    },
  );

  it.skipIf(!onPostgres)(
    'the no-tag /gaps statements run ten times on one connection never get a generic plan',
    async () => {
      const rollupReads = statements.filter((q) =>
        /need_counts|need_barrier_counts|published_need_totals/.test(q.sql),
      );
      expect(rollupReads.length).toBeGreaterThan(0);
      const plans = await t.db.connection().execute(async (conn) => {
        for (let run = 0; run < 10; run++) for (const q of rollupReads) await conn.executeQuery(q);
        return (
          await sql<{ statement: string; genericPlans: number; customPlans: number }>`
        select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(conn)
        ).rows;
      });
      for (const q of rollupReads) {
        const plan = plans.find((p) => p.statement === q.sql);
        expect(plan, `prepared: ${q.sql.slice(0, 120)}`).toBeDefined();
        expect(plan!.customPlans).toBeGreaterThanOrEqual(10);
        expect(plan!.genericPlans, q.sql.slice(0, 120)).toBe(0);
      }
    },
  );

  it.skipIf(!onPostgres)(
    "the flag writer's statement, whose plan cannot depend on its parameters, is planned once (fixedPlanDb)",
    async () => {
      // An app of its own: the one above has published this week, where new flags go.
      const w = await createTestApp();
      onTestFinished(() => w.close());
      await seedTaxonomy(w.db);
      const lw = await w.signIn('link_worker');
      for (let i = 0; i < 8; i++) {
        const res = await w.call(
          'POST',
          '/api/v1/needs',
          { tags: ['benefits-advice'], lat: 51.531, lng: -0.024 },
          lw,
        );
        expect(res.status, await res.clone().text()).toBe(201);
      }
      // The fixed-plan pool has one connection, so this reads the writer's own prepared statements.
      const fixed = fixedPlanDb(w.db);
      expect(fixed).not.toBe(w.db);
      const { rows } = await sql<{ statement: string; genericPlans: number; customPlans: number }>`
        select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(fixed);
      const write = rows.find((r) => r.statement.includes('insert into need_flags'));
      expect(write, 'the writer ran on the fixed-plan pool').toBeDefined();
      expect(write!.genericPlans).toBeGreaterThanOrEqual(8);
      expect(write!.customPlans).toBe(0);
      // …and every other statement still plans for its parameters.
      const { rows: mode } = await sql<{ mode: string }>`
        select current_setting('plan_cache_mode') as mode`.execute(w.db);
      expect(mode[0]!.mode).toBe('force_custom_plan');
    },
  );
});
