/**
 * The ranked gap list: groups raw roll-up rows of published weeks into the published unit (res-8
 * cell, res-7 cell or area), publishes each unit's demand and barrier counts through
 * suppressCount, and derives everything else from those published values only (DESIGN.md
 * "Publication"): an organiser who lists a probe service, or a Link Worker who adds flags, cannot
 * read a raw count back from a share, a score, a fit or a sort order.
 *
 * - Units showing a number run the E2SFCA engine with their published demand spread evenly over
 *   the cells that hold their flags (which cells hold any flag is public: they show "<8", not 0),
 *   and their published barrier counts as the barrier mix.
 * - score = published demand × unmet share, the share rounded to 5 % steps.
 * - A "<8" unit carries no score, share or barrier detail: it ranks after every numbered unit,
 *   by its stable key (cell index or area code), and takes no part in the engine.
 * - supply (places within reach of the unit after the engine) depends on services and published
 *   values only.
 */
import { cellToLatLng, cellToParent } from 'h3-js';
import pLimit from 'p-limit';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.js';
import {
  combine,
  isNumbered,
  publishOptions,
  suppressCount,
  type PublishedCount,
  type RawCount,
  type SuppressionOptions,
} from '../privacy/suppression.js';
import { taxonomyNames, withChildren } from '../taxonomy/queries.js';
import {
  DEFAULT_RINGS,
  RES8_CENTRE_SPACING_KM,
  twoStepAccess,
  type DemandCell,
  type SupplyLocation,
} from './engine.js';
import { areasOfCells, cellsNear, demandByCellAndTag, type CellTagDemand } from './queries.js';
import { directorySupply } from './directory.js';
import { group } from '../group.js';
import { createDataCache } from '../perf/data-cache.js';
import { nearestFinder, round1, serviceShortfalls } from './supply.js';
import type { WeekWindow } from './window.js';

/** How far the reason looks for the nearest service (≈ 5 km). */
export const NEAREST_SEARCH_RINGS = 6;
/** A barrier is "recorded" for a place when its published count is at least this share of the published demand. */
export const NOTABLE_BARRIER_SHARE = 0.2;
const AREA_KIND_PREFERENCE = ['ward', 'neighbourhood', 'msoa', 'lsoa', 'lad'] as const;

export type GapUnit = 'cell' | 'cell7' | 'area';

export interface GapQuery {
  by: GapUnit;
  tags?: string[] | undefined;
  window: WeekWindow;
  areaKind?: string | undefined;
  areaId?: string | undefined;
  /** Admins' raw=1: exact demand. */
  raw: boolean;
  rings?: number;
}

export interface GapItem {
  cell?: string;
  res?: 7 | 8;
  areaId?: string;
  place: string;
  tag: string;
  demand: PublishedCount;
  supply: number;
  /** Published demand × unmet share; null for a "<8" unit (it carries no derived figure). */
  score: number | null;
  reason: string;
}

/** One published unit of one tag: its raw rows (server-side only) and their published values. */
interface Unit {
  key: string;
  /** Stable order key among "<8" units: the cell index or the area's code. */
  order: string;
  tag: string;
  /** Distinct res-8 cells holding the unit's flags. */
  cells: string[];
  demand: PublishedCount;
  /**
   * Raw barrier counts, published (suppressCount) only where they are used: the engine's barrier
   * mix and the descriptions of the page served. A ranking holds ~21k units; a map of published
   * counts on each was a tenth of what it kept alive.
   */
  barriers: BarrierParts;
  score: number | null;
}

/** A (cell, tag) row's barrier counts, or an area's parts of each barrier (combined when published). */
type BarrierParts = Readonly<Record<string, RawCount>> | ReadonlyMap<string, RawCount[]>;

/** Everything ranking needs beyond the scored units, shared by their descriptions. */
interface Ranking {
  scored: Unit[];
  describe(entry: Unit): GapItem;
}

/**
 * Rankings computed at once in this process. A no-tag ranking's work is mostly on this process's
 * one thread and holds tens of MB of transient objects while it runs: twenty at once only
 * interleave (each finishes later) while the heap holds all twenty, and V8 keeps the resident
 * memory it grew to. The others wait their turn; a cached page never waits.
 */
const RANKINGS_AT_ONCE = 2;
const rankingSlots = pLimit(RANKINGS_AT_ONCE);

/** Served pages of published rankings, keyed by query and page: recomputed after a release or a directory change. */
const servedPages = createDataCache<{ items: GapItem[]; total: number }>({ share: 0.15 });

/**
 * Ranked gaps, highest first. `page` (default: all) picks which ranked items get their supply,
 * place and reason worked out: ranking every unit is cheap, describing one is not.
 */
export async function rankGaps(
  db: Kysely<DB>,
  config: Config,
  q: GapQuery,
  page?: { offset: number; limit: number },
): Promise<{ items: GapItem[]; total: number }> {
  const key = JSON.stringify([
    q.by,
    q.tags ?? null,
    q.window.from,
    q.window.to,
    q.areaKind ?? null,
    q.areaId ?? null,
    q.rings ?? DEFAULT_RINGS,
    config.suppressionThreshold,
    page?.offset ?? null,
    page?.limit ?? null,
  ]);
  const serve = async () => {
    const ranking = await rankingSlots(() => computeRanking(db, config, q));
    const slice = page
      ? ranking.scored.slice(page.offset, page.offset + page.limit)
      : ranking.scored;
    return { items: slice.map((entry) => ranking.describe(entry)), total: ranking.scored.length };
  };
  // Raw reads may include unpublished weeks, which change under flag writes: never cached. A
  // published page is kept as served (not the whole ranking behind it): bounded by its bytes.
  return q.raw ? serve() : servedPages(db, key, serve);
}

const EMPTY: Ranking = {
  scored: [],
  describe: () => {
    throw new Error('nothing to describe');
  },
};

async function computeRanking(db: Kysely<DB>, config: Config, q: GapQuery): Promise<Ranking> {
  if (q.window.to < q.window.from) return EMPTY;
  const rings = q.rings ?? DEFAULT_RINGS;
  const publish = publishOptions(config, q.raw);
  // The directory does not depend on the window: its snapshot is read alongside the demand.
  const directoryRead = directorySupply(db);
  directoryRead.catch(() => undefined);
  const taxonomy = await taxonomyNames(db);
  const tags = q.tags?.length ? withChildren(taxonomy, q.tags) : undefined;
  const membershipRead = (async () => {
    if (q.by !== 'area') return undefined;
    const kind = q.areaId ? undefined : (q.areaKind ?? (await defaultAreaKind(db)));
    return areaMembership(db, q.areaId, kind);
  })();
  membershipRead.catch(() => undefined);
  // An area filter on a cell ranking too: only the cells inside that area.
  const within = q.areaId
    ? ((await membershipRead) ?? (await areaMembership(db, q.areaId, undefined)))
    : undefined;
  // No tag asked for: every tag of the taxonomy, in two halves read side by side (PostgreSQL
  // builds each half's sums on a connection, and a core, of its own: README, twelfth run).
  const known = new Set(tags ?? taxonomy.map((t) => t.slug));
  const lists = tags ? [tags] : halves([...known]);
  const cells = within ? [...within.areasOfCell.keys()] : undefined;
  const rows = (
    await Promise.all(lists.map((list) => demandByCellAndTag(db, q.window, list, cells)))
  ).flat();
  const membership = await membershipRead;
  if (!rows.length) return EMPTY;
  const parentOf = new Map(taxonomy.map((t) => [t.slug, t.parentSlug]));
  const nameOf = new Map(taxonomy.map((t) => [t.slug, t.name]));
  const rowsByTag = group(rows, (r) => r.tagSlug);
  const directory = await directoryRead;
  // Supply anywhere near a cell with flags: the nearest-service search looks no further.
  const near = new Set(cellsNear(new Set(rows.map((r) => r.cell)), NEAREST_SEARCH_RINGS));
  const names = await placeNames(db, [...new Set(rows.map((r) => r.cell))]);

  interface TagContext {
    /** The tag and its parent: services carrying either are its supply. */
    tags: string[];
    /** The nearest matching service to a point (built when the tag's first item is described). */
    nearest?: ReturnType<typeof nearestFinder>;
    /** The tag's supply locations and each one's supply after the engine (S_j). */
    supply: readonly SupplyLocation[];
    supplyAfterFit: Float64Array;
    /** S_j summed by the cell each location is in (made when the tag's first item is described). */
    supplyByCell?: Map<string, number>;
  }
  const contexts = new Map<string, TagContext>();
  const scored: Unit[] = [];
  for (const [tag, tagRows] of rowsByTag) {
    const units = publishedUnits(q.by, tag, tagRows, membership, publish);
    const parent = parentOf.get(tag);
    const supplyTags = parent ? [tag, parent] : [tag];
    // Supply anywhere: a location outside every demand cell's catchment reaches none of them, so
    // it changes no access and no supply in reach of a unit.
    const supply = directory.supplyOf(supplyTags);
    const numbered = units.filter((u) => isNumbered(u.demand));
    const result = twoStepAccess(engineDemand(numbered, publish), supply, { rings });
    const accessOf = new Map(result.cells.map((c) => [c.cell, c.access]));
    contexts.set(tag, { tags: supplyTags, supply, supplyAfterFit: result.supplyAfterFit });
    for (const unit of numbered) {
      // Each of the unit's cells holds the same published share of its demand: the unit's unmet
      // share is the mean of its cells' unmet shares.
      const unmet =
        unit.cells.reduce((sum, cell) => sum + (1 - Math.min(1, accessOf.get(cell) ?? 0)), 0) /
        unit.cells.length;
      unit.score = round1(unit.demand.value! * (Math.round(unmet * 20) / 20));
    }
    scored.push(...units);
  }
  sortByRank(scored);

  const describe = (unit: Unit): GapItem => {
    const context = contexts.get(unit.tag)!;
    const supplyByCell = (context.supplyByCell ??= sumByCell(
      context.supply,
      context.supplyAfterFit,
    ));
    // Supply whose catchment touches the unit: every location within `rings` of one of its cells.
    const inReach = cellsNear(unit.cells, rings);
    const supplyInReach = inReach.reduce((n, cell) => n + (supplyByCell.get(cell) ?? 0), 0);
    const notable = notableBarriers(
      unit.demand,
      publishedBarriers(unit.demand, unit.barriers, publish),
    );
    const centre = centreOf(unit.cells);
    context.nearest ??= nearestFinder(directory.matching(context.tags, near));
    const nearest = context.nearest(centre);
    const place =
      q.by === 'area'
        ? (names.areaName.get(unit.key) ?? 'this area')
        : (unit.cells.map((c) => names.cellName.get(c)).find(Boolean) ?? `cell ${unit.key}`);
    const nearestText = nearest
      ? `nearest active service ${round1(nearest.km)} km${serviceShortfalls(
          nearest.row,
          directory.schedulesOf(nearest.row.serviceId),
          notable,
        )
          .map((w) => `, ${w}`)
          .join('')}`
      : `no active service within ${Math.round(NEAREST_SEARCH_RINGS * RES8_CENTRE_SPACING_KM)} km`;
    return {
      ...(q.by === 'area'
        ? { areaId: unit.key }
        : { cell: unit.key, res: q.by === 'cell7' ? (7 as const) : (8 as const) }),
      place,
      tag: unit.tag,
      demand: unit.demand,
      supply: round1(supplyInReach),
      score: unit.score,
      reason: `${unit.demand.display} flags for ${(nameOf.get(unit.tag) ?? unit.tag).toLowerCase()} in ${place} in ${q.window.weeks} week${q.window.weeks === 1 ? '' : 's'}; ${nearestText}`,
    };
  };
  // A cached ranking keeps what it has described: the next request for the same page reads it.
  const described = new Map<Unit, GapItem>();
  return {
    scored,
    describe: (entry) => {
      let item = described.get(entry);
      if (!item) described.set(entry, (item = describe(entry)));
      return item;
    },
  };
}

/**
 * Numbered units first, by score, then published demand (largest first); then every "<8" unit;
 * ties by the unit's stable key and the tag. Raw counts never take part.
 */
function sortByRank(units: Unit[]): void {
  // Keys and tags are compared as the locale orders them, once per distinct string; the sort
  // itself compares numbers only.
  const positionOf = (strings: Iterable<string>) =>
    new Map([...new Set(strings)].sort(new Intl.Collator().compare).map((k, i) => [k, i]));
  const order = positionOf(units.map((u) => u.order));
  const tag = positionOf(units.map((u) => u.tag));
  const keyed = units.map((unit) => ({
    unit,
    numbered: unit.score !== null,
    score: unit.score ?? 0,
    demand: unit.demand.value ?? 0,
    order: order.get(unit.order)!,
    tag: tag.get(unit.tag)!,
  }));
  keyed.sort((a, b) => {
    if (a.numbered !== b.numbered) return a.numbered ? -1 : 1;
    return b.score - a.score || b.demand - a.demand || a.order - b.order || a.tag - b.tag;
  });
  keyed.forEach((k, i) => (units[i] = k.unit));
}

/** The list in two halves, alternate items in each. */
const halves = <T>(list: T[]): [T[], T[]] => [
  list.filter((_, i) => i % 2 === 0),
  list.filter((_, i) => i % 2 === 1),
];

/** Per-location amounts summed by the cell each location is in. */
function sumByCell(locations: readonly { cell: string }[], amounts: Float64Array) {
  const byCell = new Map<string, number>();
  locations.forEach((l, j) => byCell.set(l.cell, (byCell.get(l.cell) ?? 0) + amounts[j]!));
  return byCell;
}

/** Barriers whose published count reaches NOTABLE_BARRIER_SHARE of the published demand; none for a "<8" unit. */
export function notableBarriers(
  demand: PublishedCount,
  barriers: ReadonlyMap<string, PublishedCount>,
): Set<string> {
  if (!isNumbered(demand)) return new Set();
  return new Set(
    [...barriers]
      .filter(([, n]) => isNumbered(n) && n.value >= NOTABLE_BARRIER_SHARE * demand.value)
      .map(([b]) => b),
  );
}

/**
 * The engine's demand from published values: each numbered unit's published demand spread evenly
 * over its cells, with its published barrier counts as the barrier mix ("<8" barriers count 0).
 */
function engineDemand(units: Unit[], publish: SuppressionOptions): DemandCell[] {
  const cells = new Map<string, DemandCell>();
  for (const u of units) {
    const value = u.demand.value!;
    const share = value / u.cells.length;
    for (const cell of u.cells) {
      let d = cells.get(cell);
      if (!d) cells.set(cell, (d = { cell, flags: 0, barriers: {} }));
      d.flags += share;
      const mix = d.barriers;
      eachPublishedBarrier(u.barriers, publish, (barrier, count) => {
        if (isNumbered(count))
          mix[barrier] = (mix[barrier] ?? 0) + (share * Math.min(count.value, value)) / value;
      });
    }
  }
  return [...cells.values()];
}

interface Membership {
  areasOfCell: Map<string, string[]>;
  codeOf: Map<string, string>;
}

/** A "<8" unit's barriers: never published, never used (it shows no detail and takes no part in the engine). */
const NO_BARRIERS: ReadonlyMap<string, PublishedCount> = new Map();

/** Each of the unit's barriers as published: through suppressCount, a barrier's parts combined first. */
function eachPublishedBarrier(
  parts: BarrierParts,
  publish: SuppressionOptions,
  visit: (barrier: string, count: PublishedCount) => void,
): void {
  if (parts instanceof Map)
    for (const [barrier, raw] of parts) visit(barrier, suppressCount(combine(raw), publish));
  else
    for (const barrier of Object.keys(parts))
      visit(barrier, suppressCount((parts as Record<string, RawCount>)[barrier]!, publish));
}

/** A unit's published barrier counts; none when its demand shows no number. */
function publishedBarriers(
  demand: PublishedCount,
  parts: BarrierParts,
  publish: SuppressionOptions,
): ReadonlyMap<string, PublishedCount> {
  if (!isNumbered(demand)) return NO_BARRIERS;
  const published = new Map<string, PublishedCount>();
  eachPublishedBarrier(parts, publish, (barrier, count) => published.set(barrier, count));
  return published;
}

/**
 * Groups one tag's raw (cell, tag) rows into published units and publishes each unit's demand,
 * and the barriers of each unit whose demand shows a number.
 */
function publishedUnits(
  by: GapUnit,
  tag: string,
  rows: CellTagDemand[],
  membership: Membership | undefined,
  publish: SuppressionOptions,
): Unit[] {
  // By cell each (cell, tag) row is a unit of its own: nothing to group or combine.
  if (by === 'cell') {
    const units: Unit[] = [];
    for (const r of rows) {
      if (r.count <= 0) continue;
      const demand = suppressCount(r, publish);
      units.push({
        key: r.cell,
        order: r.cell,
        tag,
        cells: [r.cell],
        demand,
        barriers: r.barriers,
        score: null,
      });
    }
    return units;
  }
  const keysOf = (cell: string): string[] =>
    by === 'cell7' ? [cellToParent(cell, 7)] : (membership?.areasOfCell.get(cell) ?? []);
  const raw = new Map<
    string,
    { cells: string[]; counts: RawCount[]; barriers: Map<string, RawCount[]> }
  >();
  for (const r of rows) {
    if (r.count <= 0) continue;
    for (const k of keysOf(r.cell)) {
      let u = raw.get(k);
      if (!u) raw.set(k, (u = { cells: [], counts: [], barriers: new Map() }));
      if (!u.cells.includes(r.cell)) u.cells.push(r.cell);
      u.counts.push(r);
      for (const [barrier, part] of Object.entries(r.barriers)) {
        const parts = u.barriers.get(barrier);
        if (parts) parts.push(part);
        else u.barriers.set(barrier, [part]);
      }
    }
  }
  return [...raw].map(([key, u]) => {
    const demand = suppressCount(combine(u.counts), publish);
    return {
      key,
      order: by === 'area' ? (membership?.codeOf.get(key) ?? key) : key,
      tag,
      cells: u.cells.sort(),
      demand,
      barriers: u.barriers,
      score: null,
    };
  });
}

function centreOf(cells: string[]): [number, number] {
  let lat = 0;
  let lng = 0;
  for (const c of cells) {
    const [a, b] = cellToLatLng(c);
    lat += a;
    lng += b;
  }
  return [lng / Math.max(1, cells.length), lat / Math.max(1, cells.length)];
}

async function defaultAreaKind(db: Kysely<DB>): Promise<string | undefined> {
  const kinds = new Set(
    (await db.selectFrom('areas').select('kind').distinct().execute()).map((r) => r.kind as string),
  );
  return AREA_KIND_PREFERENCE.find((k) => kinds.has(k));
}

/** cell → ids of the areas (of one kind, or the one area) it belongs to, and each area's code. */
async function areaMembership(
  db: Kysely<DB>,
  areaId: string | undefined,
  kind: string | undefined,
): Promise<Membership> {
  let q = db
    .selectFrom('areaCells')
    .innerJoin('areas', 'areas.id', 'areaCells.areaId')
    .select(['areaCells.cell', 'areaCells.areaId', 'areas.code']);
  if (areaId) q = q.where('areaCells.areaId', '=', areaId);
  else if (kind) q = q.where('areas.kind', '=', kind as never);
  else return { areasOfCell: new Map(), codeOf: new Map() };
  const rows = await q.execute();
  const byCell = group(rows, (r) => r.cell);
  return {
    areasOfCell: new Map([...byCell].map(([cell, list]) => [cell, list.map((r) => r.areaId)])),
    codeOf: new Map(rows.map((r) => [r.areaId, r.code])),
  };
}

/** Names for places in reasons: an area's own name, or the most local area a cell belongs to. */
async function placeNames(db: Kysely<DB>, cells: string[]) {
  const rows = await areasOfCells(db, cells);
  const rank = (kind: string) => ['neighbourhood', 'ward', 'lsoa', 'msoa', 'lad'].indexOf(kind);
  const cellName = new Map<string, string>();
  const best = new Map<string, number>();
  const areaName = new Map<string, string>();
  for (const r of rows) {
    areaName.set(r.id, r.name);
    const score = rank(r.kind);
    if (!best.has(r.cell) || score < best.get(r.cell)!) {
      best.set(r.cell, score);
      cellName.set(r.cell, r.name);
    }
  }
  return { cellName, areaName };
}
