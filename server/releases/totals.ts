/**
 * Published running totals (migration 0830): per published week, the roll-ups summed from the
 * first published week through that one. Publication folds each new week in; moderation of a
 * published flag subtracts it from every later total. A published window's raw sum is then the
 * total at its last week minus the total at the week before it: two rows per (cell, tag) for any
 * window length, where summing the roll-ups read one row per week.
 *
 * Raw figures, like the roll-ups': they leave the server only through suppressCount.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { ANSWERABLE_BARRIERS, type AnswerableBarrier } from '../gaps/engine.js';
import { addWeeks } from './calendar.js';
import { latestPublishedWeek } from './latest.js';

/** Mondays of a window's first and last weeks (inclusive). */
type TotalsWindow = { from: string; to: string };

/**
 * Whether every week of the window is published, so its sums may be read from the totals (an
 * admin's raw read may reach into weeks still being written: those read the roll-ups).
 */
export async function readsTotals(db: Db, window: TotalsWindow): Promise<boolean> {
  if (window.to < window.from) return false;
  const latest = await latestPublishedWeek(db);
  return latest !== null && window.to <= latest;
}

const barrierColumns = (b: AnswerableBarrier) => ({
  count: sql.ref(`${b}_count`),
  key: sql.ref(`${b}_key`),
});
const p = (name: string) => sql.ref(`p.${name}`);

/**
 * Folds a newly published week into the totals: the previous week's totals plus the week's
 * roll-ups. Weeks are folded oldest first, each once (publication is ordered by its table lock).
 */
export async function foldWeekIntoTotals(
  trx: Transaction<DB>,
  week: string,
  options: { first?: boolean } = {},
): Promise<void> {
  const previous = addWeeks(week, -1);
  // The first published week also takes in any roll-up before it: every week up to the latest
  // release counts as published (publishedWindow), and the totals must agree.
  const weeks = options.first ? sql`week <= ${week}::date` : sql`week = ${week}::date`;
  const barrierSums = ANSWERABLE_BARRIERS.map((b) => {
    const c = barrierColumns(b);
    return sql`coalesce(sum(count) filter (where barrier = ${b}), 0)::int as ${c.count}, coalesce(sum(key_sum) filter (where barrier = ${b}), 0)::int as ${c.key}`;
  });
  const barrierTotals = ANSWERABLE_BARRIERS.map((b) => {
    return sql`coalesce(${p(`${b}_count`)}, 0) + coalesce(${sql.ref(`b.${b}_count`)}, 0), (coalesce(${p(`${b}_key`)}, 0) + coalesce(${sql.ref(`b.${b}_key`)}, 0)) % 256`;
  });
  const barrierNames = ANSWERABLE_BARRIERS.flatMap((b) => [
    barrierColumns(b).count,
    barrierColumns(b).key,
  ]);
  await sql`
    insert into published_need_totals (week, cell, tag_slug, cell7, cell6, count, key_sum, ${sql.join(barrierNames)})
    select ${week}::date, coalesce(p.cell, n.cell), coalesce(p.tag_slug, n.tag_slug), coalesce(p.cell7, n.cell7), coalesce(p.cell6, n.cell6),
      coalesce(p.count, 0) + coalesce(n.count, 0), (coalesce(p.key_sum, 0) + coalesce(n.key_sum, 0)) % 256, ${sql.join(barrierTotals)}
    from (select * from published_need_totals where week = ${previous}::date) p
    full join (select cell, tag_slug, cell7, cell6, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
      from need_counts where ${weeks} group by cell, tag_slug, cell7, cell6) n
      on n.cell = p.cell and n.tag_slug = p.tag_slug
    left join (select cell, tag_slug, ${sql.join(barrierSums)} from need_barrier_counts where ${weeks} group by cell, tag_slug) b
      on b.cell = coalesce(p.cell, n.cell) and b.tag_slug = coalesce(p.tag_slug, n.tag_slug)
    -- In key order: a view's cells then sit on few pages of the week's rows.
    order by 2, 3`.execute(trx);
  await sql`
    insert into published_cell_totals (week, cell, cell7, cell6, count, key_sum)
    select ${week}::date, coalesce(p.cell, n.cell), coalesce(p.cell7, n.cell7), coalesce(p.cell6, n.cell6),
      coalesce(p.count, 0) + coalesce(n.count, 0), (coalesce(p.key_sum, 0) + coalesce(n.key_sum, 0)) % 256
    from (select * from published_cell_totals where week = ${previous}::date) p
    full join (select cell, cell7, cell6, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
      from need_cell_counts where ${weeks} group by cell, cell7, cell6) n on n.cell = p.cell
    order by 2`.execute(trx);
}

/**
 * Recomputes every total from the roll-ups of the published weeks (roll-ups written straight into
 * their tables, as gap-engine tests do, or a repair after editing them by hand).
 */
export function rebuildTotals(db: Kysely<DB>): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('publishedNeedTotals').execute();
    await trx.deleteFrom('publishedCellTotals').execute();
    const weeks = await trx
      .selectFrom('needReleases')
      .select('week')
      .distinct()
      .orderBy('week')
      .execute();
    for (const [i, { week }] of weeks.entries())
      await foldWeekIntoTotals(trx, String(week), { first: i === 0 });
  });
}

/** A published flag removed by moderation: taken out of every total from its week on. */
export async function subtractFromTotals(
  trx: Transaction<DB>,
  flag: { cell: string; week: string; tags: string[]; barriers: string[]; recordKey: number },
): Promise<void> {
  const rk = flag.recordKey;
  const less = (column: string) => sql`${sql.ref(column)} - 1`;
  const lessKey = (column: string) => sql`(${sql.ref(column)} - ${rk} + 256) % 256`;
  if (flag.tags.length) {
    const set: Record<string, unknown> = { count: less('count'), keySum: lessKey('key_sum') };
    for (const b of ANSWERABLE_BARRIERS) {
      if (!flag.barriers.includes(b)) continue;
      set[`${b}Count`] = less(`${b}_count`);
      set[`${b}Key`] = lessKey(`${b}_key`);
    }
    await trx
      .updateTable('publishedNeedTotals')
      .set(set as never)
      .where('week', '>=', flag.week)
      .where('cell', '=', flag.cell)
      .where('tagSlug', 'in', flag.tags)
      .execute();
  }
  await trx
    .updateTable('publishedCellTotals')
    .set({ count: less('count'), keySum: lessKey('key_sum') } as never)
    .where('week', '>=', flag.week)
    .where('cell', '=', flag.cell)
    .execute();
}

/** The totals column holding a res-8 cell's parent at each published resolution. */
export const TOTALS_COLUMN = { 8: 'cell', 7: 'cell7', 6: 'cell6' } as const;
export type TotalsResolution = keyof typeof TOTALS_COLUMN;

export interface TotalsFilter {
  /** Group by the cell at this resolution (default 8). */
  res?: TotalsResolution;
  /** Only these cells (of `res`). */
  cells?: readonly string[] | undefined;
  tags?: string[] | undefined;
  /** Only the res-8 cells of this imported area. */
  areaId?: string | undefined;
  /** Also sum the answerable barriers (the gap engine's barrier fit); default true. */
  barriers?: boolean;
}

export interface WindowSum {
  cell: string;
  count: number;
  keySum: number;
}

export interface TagWindowSum extends WindowSum {
  tagSlug: string;
  barriers: Partial<Record<AnswerableBarrier, { count: number; keySum: number }>>;
}

/** Key sums of a difference, back into 0..255. */
const keyDiff = (expr: ReturnType<typeof sql>) => sql<number>`((${expr} % 256 + 256) % 256)::int`;

/**
 * The window's rows: the totals at its last week (`a`) beside the same (cell, tag) at the week
 * before it (`b`, absent before the first release). Totals are carried forward week to week, so
 * every key of `b` is also in `a`: one join on the key, no aggregate over both weeks' rows.
 */
function windowRows(
  table: 'published_need_totals' | 'published_cell_totals',
  window: TotalsWindow,
  f: TotalsFilter,
) {
  const tagged = table === 'published_need_totals';
  // The filter, on both sides so that each reads only the rows in view.
  const filter = (t: 'a' | 'b') => [
    ...(f.cells
      ? [sql`${sql.ref(`${t}.${TOTALS_COLUMN[f.res ?? 8]}`)} in (${sql.join(f.cells)})`]
      : []),
    ...(tagged && f.tags ? [sql`${sql.ref(`${t}.tag_slug`)} in (${sql.join(f.tags)})`] : []),
    ...(f.areaId
      ? [sql`${sql.ref(`${t}.cell`)} in (select cell from area_cells where area_id = ${f.areaId})`]
      : []),
  ];
  const on = [
    sql`b.week = ${addWeeks(window.from, -1)}::date`,
    sql`b.cell = a.cell`,
    ...(tagged ? [sql`b.tag_slug = a.tag_slug`] : []),
    ...filter('b'),
  ];
  return sql`${sql.table(table)} a left join ${sql.table(table)} b on ${sql.join(on, sql` and `)}
    where ${sql.join([sql`a.week = ${window.to}::date`, ...filter('a')], sql` and `)}`;
}

/** A column's change over the window: the last week's total less the week before's. */
const change = (column: string) => sql`(a.${sql.ref(column)} - coalesce(b.${sql.ref(column)}, 0))`;

/**
 * Sums of the window's changes grouped at `res` (res 8: the rows themselves, no aggregate), with
 * count > 0. `keys` are the key-sum columns (back into 0..255); `counts` the others.
 */
function windowSums(f: TotalsFilter, counts: string[], keys: string[], groupColumns: number) {
  const grouped = (f.res ?? 8) !== 8;
  const total = (column: string) => (grouped ? sql`sum(${change(column)})` : change(column));
  const columns = [
    ...counts.map((c) => sql`${total(c)}::int as ${sql.ref(c)}`),
    ...keys.map((k) => sql`${keyDiff(total(k))} as ${sql.ref(k)}`),
  ];
  return {
    columns: sql.join(columns),
    tail: grouped
      ? sql`group by ${sql.join(Array.from({ length: groupColumns }, (_, i) => sql.lit(i + 1)))} having ${total('count')} > 0`
      : sql`and ${change('count')} > 0`,
  };
}

/**
 * The window's raw (cell, tag) sums with count > 0 and their answerable barriers, grouped at
 * `res`: the end week's totals minus the week before the window's.
 */
export async function tagWindowSums(
  db: Db,
  window: TotalsWindow,
  f: TotalsFilter = {},
): Promise<TagWindowSum[]> {
  if (window.to < window.from || f.cells?.length === 0 || f.tags?.length === 0) return [];
  const barrierList = f.barriers === false ? [] : ANSWERABLE_BARRIERS;
  const { columns, tail } = windowSums(
    f,
    ['count', ...barrierList.map((b) => `${b}_count`)],
    ['key_sum', ...barrierList.map((b) => `${b}_key`)],
    2,
  );
  const col = sql.ref(`a.${TOTALS_COLUMN[f.res ?? 8]}`);
  const names = [
    'count',
    ...barrierList.map((b) => `${b}_count`),
    'key_sum',
    ...barrierList.map((b) => `${b}_key`),
  ];
  // One JSON text of arrays instead of a row per (cell, tag): a no-tag ranking reads ~21k of them.
  // Concatenated rather than json_agg(json_build_array(…)), which works out each value's type on
  // every row (at 10M flags the statement took ~120 ms that way, ~65 ms concatenated; README,
  // "eleventh run"); parsed by JSON.parse.
  // Cells are H3 hex and slugs lower-case words joined by hyphens (a check constraint): neither
  // needs escaping in JSON.
  const line = sql.join(
    [
      sql`'["' || q.cell || '","' || q.tag_slug || '"'`,
      ...names.map((n) => sql`${sql.ref(`q.${n}`)}::text`),
    ],
    sql` || ',' || `,
  );
  const { rows } = await sql<{ sums: string | null }>`
    select '[' || string_agg(${line} || ']', ',') || ']' as sums
    from (select ${col} as cell, a.tag_slug, ${columns}
      from ${windowRows('published_need_totals', window, f)} ${tail}) q`.execute(db);
  const n = barrierList.length;
  const sums = JSON.parse(rows[0]?.sums ?? '[]') as [string, string, ...number[]][];
  return sums.map((r) => {
    const barriers: TagWindowSum['barriers'] = {};
    for (let i = 0; i < n; i++) {
      const count = r[3 + i] as number;
      if (count > 0) barriers[barrierList[i]!] = { count, keySum: r[4 + n + i] as number };
    }
    return {
      cell: r[0],
      tagSlug: r[1],
      count: r[2] as number,
      keySum: r[3 + n] as number,
      barriers,
    };
  });
}

/** The window's raw flag sums per cell (a flag with several tags counts once), grouped at `res`. */
export async function cellWindowSums(
  db: Db,
  window: TotalsWindow,
  f: TotalsFilter = {},
): Promise<WindowSum[]> {
  if (window.to < window.from || f.cells?.length === 0) return [];
  const { columns, tail } = windowSums(f, ['count'], ['key_sum'], 1);
  const col = sql.ref(`a.${TOTALS_COLUMN[f.res ?? 8]}`);
  const { rows } = await sql<WindowSum>`
    select ${col} as cell, ${columns}
    from ${windowRows('published_cell_totals', window, f)} ${tail}`.execute(db);
  return rows.map((r) => ({
    cell: String(r.cell),
    count: Number(r.count),
    keySum: Number(r.keySum),
  }));
}
