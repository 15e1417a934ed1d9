/**
 * Why the roll-up exists: the map's aggregate (per cell × tag over a window, for one borough)
 * computed by a GROUP BY over raw need_flags, and the same through need_counts. Both run on the
 * same database in the same process, alternately, and must agree row for row before their
 * timings are compared — a fast wrong answer is not a result.
 */
import { polygonToCells } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { percentile } from './measure.js';
import { BOROUGH_BBOX, isoWeekStart } from './world.js';

export interface AggregateComparison {
  cells: number;
  weeks: number;
  rows: number;
  rawMedianMs: number;
  rollupMedianMs: number;
  rawP95Ms: number;
  rollupP95Ms: number;
  /** raw ÷ roll-up median: how many times faster the roll-up answers. */
  speedup: number;
}

type Row = { tag_slug: string; cell: string; count: number };

export async function compareAggregates(
  db: Kysely<DB>,
  runs = 15,
  weeks = 12,
): Promise<AggregateComparison> {
  const [minLng, minLat, maxLng, maxLat] = BOROUGH_BBOX;
  const cells = polygonToCells(
    [
      [minLat, minLng],
      [minLat, maxLng],
      [maxLat, maxLng],
      [maxLat, minLng],
    ],
    8,
  );
  const now = new Date();
  const from = isoWeekStart(now, weeks - 1);
  const to = isoWeekStart(now, 0);
  const cellList = sql.join(cells);

  const raw = () =>
    sql<Row>`
    select t.tag_slug, f.cell, count(*)::int as count
    from need_flags f cross join lateral unnest(f.tags) as t(tag_slug)
    where f.cell in (${cellList}) and f.week between ${from} and ${to}
    group by t.tag_slug, f.cell order by 1, 2`.execute(db);
  const rollup = () =>
    sql<Row>`
    select tag_slug, cell, sum(count)::int as count
    from need_counts
    where cell in (${cellList}) and week between ${from} and ${to}
    group by tag_slug, cell order by 1, 2`.execute(db);

  const [a, b] = await Promise.all([raw(), rollup()]);
  if (JSON.stringify(a.rows) !== JSON.stringify(b.rows)) {
    throw new Error(
      `need_counts disagrees with a GROUP BY over need_flags (${a.rows.length} vs ${b.rows.length} rows): the roll-up is not being kept`,
    );
  }
  const rawTimes: number[] = [];
  const rollupTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    rawTimes.push(await time(raw));
    rollupTimes.push(await time(rollup));
  }
  rawTimes.sort((x, y) => x - y);
  rollupTimes.sort((x, y) => x - y);
  const rawMedianMs = round(percentile(rawTimes, 0.5));
  const rollupMedianMs = round(percentile(rollupTimes, 0.5));
  return {
    cells: cells.length,
    weeks,
    rows: a.rows.length,
    rawMedianMs,
    rollupMedianMs,
    rawP95Ms: round(percentile(rawTimes, 0.95)),
    rollupP95Ms: round(percentile(rollupTimes, 0.95)),
    speedup: round(rawMedianMs / Math.max(rollupMedianMs, 0.01)),
  };
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const round = (x: number) => Math.round(x * 100) / 100;
