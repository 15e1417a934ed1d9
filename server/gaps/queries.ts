/**
 * What the gap engine reads: raw roll-up counts (never need_flags) and the active services with
 * their locations (the directory snapshot in directory.ts). Raw counts stay on the server; callers
 * publish suppressed ones.
 */
import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Db } from '../../db/schema.js';
import { inWeekWindow, needCountsForCells } from '../needs/queries.js';
import { searchMissCells } from '../demand/search-misses.js';
import type { WeekWindow } from './window.js';
import { ANSWERABLE_BARRIERS, diskByDistance, type AnswerableBarrier } from './engine.js';
import { readsTotals, tagWindowSums } from '../releases/totals.js';
import { indexedDemandNear, type NearDemand } from './demand-index.js';

export interface DemandRow {
  tagSlug: string;
  cell: string;
  count: number;
  keySum: number;
}

export interface BarrierRow extends DemandRow {
  barrier: string;
}

/**
 * The cells with any flag for these tags in the window: the list the roll-up helper
 * (needCountsForCells in server/needs/queries.ts) is then asked about.
 */
export async function cellsWithDemand(
  db: Db,
  window: WeekWindow,
  tags: string[],
): Promise<string[]> {
  if (!tags.length) return [];
  const rows = await db
    .selectFrom('needCounts')
    .select('cell')
    .distinct()
    .where('tagSlug', 'in', tags)
    .$call(inWeekWindow(window))
    .where('count', '>', 0)
    .execute();
  return rows.map((r) => r.cell);
}

/**
 * Raw (tag, cell) counts summed over the window, for these tags (every tag when none) and cells
 * (every cell with demand when none), through the roll-up helper of server/needs.
 */
export async function demandRows(
  db: Db,
  window: WeekWindow,
  f: { tags?: string[] | undefined; cells?: string[] | undefined } = {},
): Promise<DemandRow[]> {
  const tags =
    f.tags ?? (await db.selectFrom('taxonomy').select('slug').execute()).map((t) => t.slug);
  const cells = f.cells ?? (await cellsWithDemand(db, window, tags));
  return (await needCountsForCells(db, cells, tags, window)).counts;
}

/**
 * The gap check's demand around a place, raw totals over the window: flags for these tags in these
 * cells, the same per barrier, Link Worker-weeks in these cells (retention turned per-person
 * activity into per-(cell, week) counts at publication: a person active in two cells or weeks
 * counts in each), and directory searches that found nothing in the res-7 cells covering `cells`.
 * Summed as `combine` would sum the rows (counts add, keys add mod 256); every figure still goes
 * through suppressCount at the caller.
 *
 * A published window is summed from the in-memory index of demand-index.ts; one reaching into
 * weeks still being written (an admin's raw read) by one statement over the four roll-ups.
 */
export async function demandNear(
  db: Db,
  cells: string[],
  tags: string[],
  window: WeekWindow,
): Promise<NearDemand> {
  const none = { count: 0, keySum: 0 };
  if (!cells.length || !tags.length)
    return { flags: none, barriers: [], linkWorkers: none, searchMisses: none };
  const cells7 = searchMissCells(cells);
  if (await readsTotals(db, window)) return indexedDemandNear(db, cells, cells7, tags, window);
  const total = [
    sql<number>`coalesce(sum(count), 0)::int`.as('count'),
    sql<number>`(coalesce(sum(key_sum), 0) % 256)::int`.as('keySum'),
  ] as const;
  // Each list as one array parameter (a catchment is 61 cells at the default radius): one value to
  // compile and bind, not one per cell in each of the four reads.
  const inCells = sql<string>`any(${cells}::text[])`;
  const inTags = sql<string>`any(${tags}::text[])`;
  const inCells7 = sql<string>`any(${cells7}::text[])`;
  const row = await db
    .selectNoFrom([
      jsonObjectFrom(
        db
          .selectFrom('needCounts')
          .select(total)
          .where('cell', '=', inCells)
          .where('tagSlug', '=', inTags)
          .$call(inWeekWindow(window)),
      ).as('flags'),
      jsonArrayFrom(
        db
          .selectFrom('needBarrierCounts')
          .select(['barrier', ...total])
          .where('cell', '=', inCells)
          .where('tagSlug', '=', inTags)
          .$call(inWeekWindow(window))
          .groupBy('barrier'),
      ).as('barriers'),
      jsonObjectFrom(
        db
          .selectFrom('linkWorkerCounts')
          .select(total)
          .where('cell', '=', inCells)
          .$call(inWeekWindow(window)),
      ).as('linkWorkers'),
      jsonObjectFrom(
        db
          .selectFrom('searchMissCounts')
          .select(total)
          .where('cell7', '=', inCells7)
          .where('tagSlug', '=', inTags)
          .$call(inWeekWindow(window)),
      ).as('searchMisses'),
    ])
    .executeTakeFirstOrThrow();
  return {
    flags: row.flags ?? none,
    barriers: row.barriers,
    linkWorkers: row.linkWorkers ?? none,
    searchMisses: row.searchMisses ?? none,
  };
}

/** Every cell within `rings` of any of these cells (the gridDisk prefilter for supply). */
export function cellsNear(cells: Iterable<string>, rings: number): string[] {
  const near = new Set<string>();
  for (const c of cells)
    for (const ring of diskByDistance(c, rings)) for (const n of ring) near.add(n);
  return [...near];
}

export interface SupplyRow {
  serviceId: string;
  name: string;
  organisationId: string;
  costKind: 'free' | 'low_cost' | 'paid';
  accepting: 'open' | 'waitlist' | 'full';
  capacity: number | null;
  languages: string[];
  serviceAccessibility: string[];
  lastVerifiedAt: Date | null;
  locationId: string;
  locationName: string;
  lat: number;
  lng: number;
  cell: string;
  confidential: boolean;
  locationAccessibility: string[];
  /** All the service's locations, wherever they are: its capacity is split across them. */
  locationCount: number;
  tags: string[];
}

export interface ScheduleRow {
  serviceId: string;
  locationId: string | null;
  day: number;
  startTime: string;
  endTime: string;
}

export function schedulesOf(db: Db, serviceIds: string[]): Promise<ScheduleRow[]> {
  if (!serviceIds.length) return Promise.resolve([]);
  return db
    .selectFrom('schedules')
    .select(['serviceId', 'locationId', 'day', 'startTime', 'endTime'])
    .where('serviceId', 'in', [...new Set(serviceIds)])
    .orderBy('day')
    .orderBy('startTime')
    .execute();
}

/** Areas owning these cells (for naming a place in a reason), one row per (cell, area). */
export function areasOfCells(db: Db, cells: string[]) {
  if (!cells.length) return Promise.resolve([]);
  return db
    .selectFrom('areaCells')
    .innerJoin('areas', 'areas.id', 'areaCells.areaId')
    .select(['areaCells.cell', 'areas.id', 'areas.name', 'areas.kind'])
    .where('areaCells.cell', 'in', cells)
    .execute();
}

/** A published figure's raw parts: summed count and key sum (mod 256) of its records. */
export interface RawPart {
  count: number;
  keySum: number;
}

/** One (cell, tag) of the window with flags, and its answerable barriers' counts (the only ones the engine and reasons read). */
export interface CellTagDemand extends RawPart {
  cell: string;
  tagSlug: string;
  barriers: Partial<Record<AnswerableBarrier, RawPart>>;
}

/**
 * The window's demand per (cell, tag) with count > 0, and per answerable barrier, summed in SQL:
 * one row per (cell, tag), barriers as columns. Reading the per-barrier rows into Node instead
 * (every barrier, one row each) was ~185k rows per no-tag ranking at 1M flags. `cells` narrows it
 * (an area filter); without it every cell of the window is read through the week index.
 */
export async function demandByCellAndTag(
  db: Db,
  window: WeekWindow,
  /** undefined: every tag (no tag list in the statement). */
  tags: string[] | undefined,
  cells?: string[],
): Promise<CellTagDemand[]> {
  if (tags?.length === 0 || cells?.length === 0 || window.to < window.from) return [];
  if (await readsTotals(db, window)) return tagWindowSums(db, window, { tags, cells });
  const inCells = cells ? sql`and cell in (${sql.join(cells)})` : sql``;
  const inTags = tags ? sql`and tag_slug in (${sql.join(tags)})` : sql``;
  const pivot = ANSWERABLE_BARRIERS.map(
    (b) =>
      sql`sum(count) filter (where barrier = ${b})::int as ${sql.ref(`${b}_count`)}, (sum(key_sum) filter (where barrier = ${b}) % 256)::int as ${sql.ref(`${b}_key`)}`,
  );
  const { rows } = await sql<Record<string, string | number | null>>`
    with demand as (
      select cell, tag_slug, sum(count)::int as count, (sum(key_sum) % 256)::int as key_sum
      from need_counts
      where week >= ${window.from} and week <= ${window.to} ${inTags} ${inCells}
      group by cell, tag_slug
      having sum(count) > 0
    ), barriers as (
      select cell, tag_slug, ${sql.join(pivot)}
      from need_barrier_counts
      where week >= ${window.from} and week <= ${window.to} ${inTags} ${inCells}
        and barrier in (${sql.join([...ANSWERABLE_BARRIERS])})
      group by cell, tag_slug
    )
    select d.cell, d.tag_slug, d.count, d.key_sum, ${sql.join(ANSWERABLE_BARRIERS.flatMap((b) => [sql.ref(`b.${b}_count`), sql.ref(`b.${b}_key`)]))}
    from demand d left join barriers b on b.cell = d.cell and b.tag_slug = d.tag_slug`.execute(db);
  return rows.map((r) => {
    const barriers: Partial<Record<AnswerableBarrier, RawPart>> = {};
    for (const b of ANSWERABLE_BARRIERS) {
      const count = r[`${b}Count`];
      if (count !== null && count !== undefined)
        barriers[b] = { count: Number(count), keySum: Number(r[`${b}Key`] ?? 0) };
    }
    return {
      cell: String(r.cell),
      tagSlug: String(r.tagSlug),
      count: Number(r.count),
      keySum: Number(r.keySum),
      barriers,
    };
  });
}
