/**
 * The ranked gap list: runs the engine per tag on raw roll-ups, groups cells into the published
 * unit (res-8 cell, res-7 cell or area), and publishes only suppressed demand.
 *
 * Published per unit: demand (suppressed), supply (places within reach: Σ capacity × barrier fit of
 * the service locations whose catchment touches the unit, which holds no flag count), and
 * score = published demand × unmet share, the share rounded to 5 % steps so that the score cannot
 * be divided back into a raw count. Units whose published demand is "<8" score with half the
 * threshold, so they rank after every unit with a number.
 */
import { cellToLatLng, cellToParent } from 'h3-js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.js';
import { combine, exactCount, suppressCount, type RawCount, type SuppressedCount } from '../privacy/suppression.js';
import { expandTags } from '../taxonomy/queries.js';
import { DEFAULT_RINGS, RES8_CENTRE_SPACING_KM, twoStepAccess, unmetShare, type CellAccess, type DemandCell } from './engine.js';
import { needCountsForCells } from '../needs/queries.js';
import { activeSupply, areasOfCells, cellsNear, cellsWithDemand, schedulesOf, taxonomyNames, type BarrierRow, type DemandRow, type SupplyRow } from './queries.js';
import { group } from '../group.js';
import { createDataCache } from '../perf/data-cache.js';
import { distanceKm, isSupply, publicPoint, round1, serviceShortfalls, toSupplyLocation } from './supply.js';
import type { WeekWindow } from './window.js';

/** How far the reason looks for the nearest service (≈ 5 km). */
export const NEAREST_SEARCH_RINGS = 6;
/** A barrier is "recorded" for a place when at least this share of its flags name it. */
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
  demand: SuppressedCount;
  supply: number;
  score: number;
  reason: string;
}

interface Unit {
  key: string;
  cells: CellAccess[];
  counts: RawCount[];
  barriers: Map<string, number>;
}

/** A ranked unit before its words are written: enough to sort and page, cheap to compute for every unit. */
interface Scored {
  unit: Unit;
  tag: string;
  demand: SuppressedCount;
  score: number;
  key: string;
}

/** Everything ranking needs beyond the scored units, shared by their descriptions. */
interface Ranking {
  scored: Scored[];
  describe(entry: Scored): GapItem;
}

/** Rankings keyed by query and published threshold; recomputed when the data version moves. */
const rankingCache = createDataCache<Ranking>({ maxEntries: 64 });

/**
 * Ranked gaps, highest first. `page` (default: all) picks which ranked items get their supply,
 * place and reason worked out: ranking every unit is cheap, describing one is not.
 */
export async function rankGaps(db: Kysely<DB>, config: Config, q: GapQuery, page?: { offset: number; limit: number }): Promise<{ items: GapItem[]; total: number }> {
  const key = JSON.stringify([q.by, q.tags ?? null, q.window.from, q.window.to, q.areaKind ?? null, q.areaId ?? null, q.raw, q.rings ?? DEFAULT_RINGS, config.suppressionThreshold]);
  const ranking = await rankingCache(db, key, () => computeRanking(db, config, q));
  const slice = page ? ranking.scored.slice(page.offset, page.offset + page.limit) : ranking.scored;
  return { items: slice.map((entry) => ranking.describe(entry)), total: ranking.scored.length };
}

async function computeRanking(db: Kysely<DB>, config: Config, q: GapQuery): Promise<Ranking> {
  const rings = q.rings ?? DEFAULT_RINGS;
  const taxonomy = await taxonomyNames(db);
  const tags = q.tags?.length ? await expandTags(db, q.tags) : taxonomy.map((t) => t.slug);
  const areaKind = q.by === 'area' && !q.areaId ? (q.areaKind ?? (await defaultAreaKind(db))) : undefined;
  const areaIdsByCell = q.by === 'area' ? await areaMembership(db, q.areaId, areaKind) : undefined;
  const cells = q.areaId && areaIdsByCell ? [...areaIdsByCell.keys()] : await cellsWithDemand(db, q.window, tags);
  const { counts: rows, barriers } = await needCountsForCells(db, cells, tags, q.window);
  if (!rows.length) return { scored: [], describe: () => { throw new Error('nothing to describe'); } };
  const parentOf = new Map(taxonomy.map((t) => [t.slug, t.parentSlug]));
  const nameOf = new Map(taxonomy.map((t) => [t.slug, t.name]));
  const rowsByTag = group(rows, (r) => r.tagSlug);
  const barriersByTag = group(barriers, (b) => b.tagSlug);
  const supplyTags = [...new Set([...rowsByTag.keys()].flatMap((t) => [t, parentOf.get(t)]).filter((t): t is string => !!t))];
  const supplyRows = await activeSupply(db, supplyTags, cellsNear(new Set(rows.map((r) => r.cell)), NEAREST_SEARCH_RINGS));
  const schedules = group(await schedulesOf(db, supplyRows.map((r) => r.serviceId)), (s) => s.serviceId);
  const schedulesOfRow = (row: { serviceId: string }) => schedules.get(row.serviceId) ?? [];
  const names = await placeNames(db, [...new Set(rows.map((r) => r.cell))]);

  interface TagContext {
    matching: SupplyRow[];
    /** Each service location's supply after the engine, by the cell it is in. */
    supplyByCell: Map<string, number>;
  }
  const contexts = new Map<string, TagContext>();
  const scored: Scored[] = [];
  for (const [tag, tagRows] of rowsByTag) {
    const tagBarriers = barriersByTag.get(tag) ?? [];
    const matching = supplyRows.filter((s) => s.tags.includes(tag) || s.tags.includes(parentOf.get(tag) ?? '\u0000'));
    const supply = matching.filter(isSupply).map((row) => toSupplyLocation(row, schedulesOfRow(row)));
    const result = twoStepAccess(demandCells(tagRows, tagBarriers), supply, { rings });
    const supplyByCell = new Map<string, number>();
    for (const s of result.services) supplyByCell.set(s.cell, (supplyByCell.get(s.cell) ?? 0) + s.supply);
    contexts.set(tag, { matching, supplyByCell });
    for (const unit of groupUnits(q.by, tagRows, tagBarriers, result.cells, areaIdsByCell)) {
      const raw = combine(unit.counts);
      if (raw.count <= 0) continue;
      const demand = q.raw ? exactCount(raw) : suppressCount(raw, { threshold: config.suppressionThreshold, secret: config.cellKeySecret });
      const share = Math.round(unmetShare(unit.cells) * 20) / 20;
      const scoreDemand = demand.value ?? config.suppressionThreshold / 2;
      scored.push({ unit, tag, demand, score: round1(scoreDemand * share), key: `${unit.key}:${tag}` });
    }
  }
  scored.sort((a, b) => b.score - a.score || (b.demand.value ?? 0) - (a.demand.value ?? 0) || a.key.localeCompare(b.key));

  const describe = ({ unit, tag, demand, score }: Scored): GapItem => {
    const { matching, supplyByCell } = contexts.get(tag)!;
    // Supply whose catchment touches the unit: every location within `rings` of one of its cells.
    const inReach = cellsNear(unit.cells.map((c) => c.cell), rings);
    const supplyInReach = inReach.reduce((n, cell) => n + (supplyByCell.get(cell) ?? 0), 0);
    const flags = unit.cells.reduce((n, c) => n + c.flags, 0);
    const notable = new Set([...unit.barriers].filter(([, n]) => n >= NOTABLE_BARRIER_SHARE * flags).map(([b]) => b));
    const centre = centreOf(unit.cells.map((c) => c.cell));
    let nearest: { row: SupplyRow; km: number } | undefined;
    for (const row of matching) {
      const km = distanceKm(centre, publicPoint(row));
      if (!nearest || km < nearest.km) nearest = { row, km };
    }
    const place = q.by === 'area' ? (names.areaName.get(unit.key) ?? 'this area') : (unit.cells.map((c) => names.cellName.get(c.cell)).find(Boolean) ?? `cell ${unit.key}`);
    const nearestText = nearest
      ? `nearest active service ${round1(nearest.km)} km${serviceShortfalls(nearest.row, schedulesOfRow(nearest.row), notable).map((w) => `, ${w}`).join('')}`
      : `no active service within ${Math.round(NEAREST_SEARCH_RINGS * RES8_CENTRE_SPACING_KM)} km`;
    return {
      ...(q.by === 'area' ? { areaId: unit.key } : { cell: unit.key, res: q.by === 'cell7' ? (7 as const) : (8 as const) }),
      place,
      tag,
      demand,
      supply: round1(supplyInReach),
      score,
      reason: `${demand.display} flags for ${(nameOf.get(tag) ?? tag).toLowerCase()} in ${place} in ${q.window.weeks} week${q.window.weeks === 1 ? '' : 's'}; ${nearestText}`,
    };
  };
  // A cached ranking keeps what it has described: the next request for the same page reads it.
  const described = new Map<Scored, GapItem>();
  return {
    scored,
    describe: (entry) => {
      let item = described.get(entry);
      if (!item) described.set(entry, (item = describe(entry)));
      return item;
    },
  };
}

function demandCells(rows: DemandRow[], barriers: BarrierRow[]): DemandCell[] {
  const cells = new Map<string, DemandCell>();
  for (const r of rows) cells.set(r.cell, { cell: r.cell, flags: r.count, barriers: {} });
  for (const b of barriers) {
    const c = cells.get(b.cell);
    if (c) c.barriers[b.barrier] = (c.barriers[b.barrier] ?? 0) + b.count;
  }
  return [...cells.values()];
}

function groupUnits(by: GapUnit, rows: DemandRow[], barriers: BarrierRow[], cells: CellAccess[], areaIdsByCell: Map<string, string[]> | undefined): Unit[] {
  const keysOf = (cell: string): string[] =>
    by === 'cell' ? [cell] : by === 'cell7' ? [cellToParent(cell, 7)] : (areaIdsByCell?.get(cell) ?? []);
  const units = new Map<string, Unit>();
  const unit = (key: string) => {
    let u = units.get(key);
    if (!u) units.set(key, (u = { key, cells: [], counts: [], barriers: new Map() }));
    return u;
  };
  for (const c of cells) for (const k of keysOf(c.cell)) unit(k).cells.push(c);
  for (const r of rows) for (const k of keysOf(r.cell)) unit(k).counts.push(r);
  for (const b of barriers) {
    for (const k of keysOf(b.cell)) {
      const u = unit(k);
      u.barriers.set(b.barrier, (u.barriers.get(b.barrier) ?? 0) + b.count);
    }
  }
  return [...units.values()].filter((u) => u.cells.length > 0);
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
  const kinds = new Set((await db.selectFrom('areas').select('kind').distinct().execute()).map((r) => r.kind as string));
  return AREA_KIND_PREFERENCE.find((k) => kinds.has(k));
}

/** cell → ids of the areas (of one kind, or the one area) it belongs to. */
async function areaMembership(db: Kysely<DB>, areaId: string | undefined, kind: string | undefined): Promise<Map<string, string[]>> {
  let q = db.selectFrom('areaCells').innerJoin('areas', 'areas.id', 'areaCells.areaId').select(['areaCells.cell', 'areaCells.areaId']);
  if (areaId) q = q.where('areaCells.areaId', '=', areaId);
  else if (kind) q = q.where('areas.kind', '=', kind as never);
  else return new Map();
  const rows = group(await q.execute(), (r) => r.cell);
  return new Map([...rows].map(([cell, list]) => [cell, list.map((r) => r.areaId)]));
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
