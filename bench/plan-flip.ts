/**
 * `npx tsx bench/plan-flip.ts` (DATABASE_URL of the bench data): the no-tag /gaps roll-up reads
 * run 50 times on one connection, with plan_cache_mode auto (PostgreSQL's default) and then
 * force_custom_plan (db/connect.ts): the 1st, 6th and last run's milliseconds of each
 * (`-- auto,force_custom_plan 50`: modes and runs).
 */
import { sql } from 'kysely';
import { cellsWithDemand } from '../server/gaps/queries.js';
import { taxonomyNames } from '../server/taxonomy/queries.js';
import { needCountsForCells } from '../server/needs/queries.js';
import { openBenchDatabase } from './bench-db.js';
import { windowEndingWeeksAgo } from './series.js';

const database = await openBenchDatabase(1);
try {
  const [from, to] = windowEndingWeeksAgo(2)
    .split('&')
    .map((p) => p.split('=')[1]!) as [string, string];
  const window = { from, to, weeks: 12 };
  const tags = (await taxonomyNames(database.db)).map((t) => t.slug);
  const cells = await cellsWithDemand(database.db, window, tags);
  for (const mode of (process.argv[2] ?? 'auto,force_custom_plan').split(',')) {
    const times = await database.db.connection().execute(async (conn) => {
      await sql`select set_config('plan_cache_mode', ${mode}, false)`.execute(conn);
      const out: number[] = [];
      for (let i = 0; i < Number(process.argv[3] ?? 50); i++) {
        const started = performance.now();
        await needCountsForCells(conn, cells, tags, window);
        out.push(Math.round(performance.now() - started));
      }
      await sql`deallocate all`.execute(conn);
      return out;
    });
    console.log(
      `${mode}: ${cells.length} cells, ${tags.length} tags; run 1 ${times[0]} ms, run 6 ${times[5]} ms, run ${times.length} ${times.at(-1)} ms; all: ${times.join(' ')}`,
    );
  }
} finally {
  await database.close();
}
