/**
 * The gap engine's arithmetic: enhanced two-step floating catchment area (E2SFCA, Luo & Qi,
 * Health & Place 15(4), 2009) on the H3 res-8 grid, with the weight normalisation Paez, Higgins
 * & Vivona (PLoS ONE 14(6), 2019) propose against demand and supply inflation.
 *
 * Pure functions over raw counts: the caller loads them and suppresses what it publishes.
 *
 * Notation (i: demand cell, j: service location, d_ij: H3 grid distance):
 *   W_ij      = decay(d_ij) for d_ij ≤ rings, else the cell cannot reach the service.
 *   Wi_ij     = W_ij / Σ_j' W_ij'    demand-side normalisation: each cell's weights over the
 *                                      services it reaches sum to 1, so its flags are split, never
 *                                      counted twice (no demand inflation).
 *   fit_ij    = share of cell i's recorded barriers that service j answers (see barrierFit).
 *   D_j       = Σ_i Wi_ij · D_i       demand allocated to j (Step 1's denominator).
 *   S_j       = capacity_j × fit_j     where fit_j = Σ_i Wi_ij·D_i·fit_ij / D_j.
 *   R_j       = S_j / D_j              (Step 1).
 *   A_i       = Σ_j Wi_ij · fit_ij · capacity_j / D_j   (Step 2: supply per flag at cell i).
 * Service j's capacity is handed to its cells in the shares Wi_ij·D_i·fit_ij / (D_j·fit_j), which sum
 * to 1 over its cells (supply-side normalisation: no supply inflation), so
 *   Σ_i D_i·A_i = Σ_j S_j   — every place of supply is allocated exactly once.
 * More demand never raises access: D_j only grows with D_i, and a cell's fit_ij depends only on its
 * own barrier mix (tested as properties in engine.test.ts).
 */
import { gridDiskDistances } from 'h3-js';

/** Barriers a service's attributes can answer; the others (transport, childcare…) it cannot. */
export const ANSWERABLE_BARRIERS = ['cost', 'access', 'timing', 'language'] as const;
export type AnswerableBarrier = (typeof ANSWERABLE_BARRIERS)[number];

/**
 * Stepped distance decay by H3 grid distance. These are Luo & Qi's (2009) published step weights
 * (1.00, 0.68, 0.22 for their three travel-time sub-zones), one step per ring. At res 8 neighbouring
 * centres are ≈ 0.87 km apart, so ring 1 ≈ 1 km and ring 2 ≈ 1.7 km.
 */
export const DECAY_WEIGHTS = [1, 0.68, 0.22, 0.05] as const;
/** Default catchment: 1 ring ≈ 1 km (DESIGN.md "default 1 km"). */
export const DEFAULT_RINGS = 1;
/** Centre spacing of neighbouring res-8 cells, km (mean over London; used to turn km into rings). */
export const RES8_CENTRE_SPACING_KM = 0.87;
/** Capacity assumed when a service does not state one (a typical community group's places). */
export const DEFAULT_CAPACITY = 12;

export function ringsForRadius(radiusKm: number): number {
  return Math.min(
    DECAY_WEIGHTS.length - 1,
    Math.max(1, Math.round(radiusKm / RES8_CENTRE_SPACING_KM)),
  );
}

export function decayWeight(distance: number, rings: number): number {
  if (distance < 0 || distance > rings) return 0;
  return DECAY_WEIGHTS[distance] ?? 0;
}

export interface DemandCell {
  cell: string;
  /** Raw flag count for the tag and window (never published as is). */
  flags: number;
  /** Raw barrier mentions among those flags. */
  barriers: Partial<Record<string, number>>;
}

export interface SupplyLocation {
  /** One service at one location; a service at several locations is split across them. */
  serviceId: string;
  cell: string;
  capacity: number;
  answers: ReadonlySet<AnswerableBarrier>;
}

/**
 * Share of a cell's barrier-weighted demand a service answers, in [0, 1]. Each mention of an
 * answerable barrier the service does not answer counts against it; the denominator is the larger
 * of the flags and those mentions, since one flag may record several barriers and the roll-ups do
 * not keep which barriers came together. Flags without answerable barriers are fully answered.
 *   e.g. 10 flags, 6 say cost, 3 say timing; a paid evening group: 1 − 6/max(10, 9) = 0.4.
 */
export function barrierFit(
  cell: Pick<DemandCell, 'flags' | 'barriers'>,
  answers: ReadonlySet<AnswerableBarrier>,
): number {
  const mentionsOf = Float64Array.from(ANSWERABLE_BARRIERS, (b) => cell.barriers[b] ?? 0);
  return fitOfAnswerMask(cell.flags, mentionsOf, answerMask(answers));
}

/** Which answerable barriers a service answers, as a bit mask (bit i: ANSWERABLE_BARRIERS[i]). */
function answerMask(answers: ReadonlySet<AnswerableBarrier>): number {
  return ANSWERABLE_BARRIERS.reduce((mask, b, i) => (answers.has(b) ? mask | (1 << i) : mask), 0);
}

/** barrierFit from a cell's mentions per answerable barrier and a service's answer mask (the engine's form). */
function fitOfAnswerMask(flags: number, mentionsOf: Float64Array, mask: number): number {
  let mentions = 0;
  let unanswered = 0;
  for (let b = 0; b < mentionsOf.length; b++) {
    const n = mentionsOf[b]!;
    mentions += n;
    if (!(mask & (1 << b))) unanswered += n;
  }
  const denominator = Math.max(flags, mentions);
  return denominator > 0 ? 1 - unanswered / denominator : 1;
}

export interface CellAccess {
  cell: string;
  flags: number;
  /** A_i: supply places per flag reaching the cell after competition. */
  access: number;
  /** D_i · A_i: the places allocated to this cell (Σ over cells = Σ_j S_j). */
  allocated: number;
  /** Σ_j W_ij · capacity_j · fit_ij: places within reach before competition (publishable: no demand in it beyond fit). */
  reachable: number;
  /** Flags not matched by allocated places: D_i · (1 − min(1, A_i)). */
  unmet: number;
}

export interface ServiceRatio {
  serviceId: string;
  cell: string;
  /** S_j = capacity × fit_j. */
  supply: number;
  fit: number;
  /** D_j: the demand allocated to this location. */
  demand: number;
  /** R_j = S_j / D_j (0 when nothing reaches it). */
  ratio: number;
}

export interface Catchment {
  rings: number;
}

/**
 * Grid disks by distance, per (cell, rings): every ranking asks about the same few thousand cells.
 * Bounded (cleared when full); the arrays are shared, never to be changed by callers.
 */
const disks = new Map<string, readonly (readonly string[])[]>();
const MAX_DISKS = 50_000;
export function diskByDistance(cell: string, rings: number): readonly (readonly string[])[] {
  const key = `${cell}:${rings}`;
  let disk = disks.get(key);
  if (!disk) {
    if (disks.size >= MAX_DISKS) disks.clear();
    disks.set(key, (disk = gridDiskDistances(cell, rings)));
  }
  return disk;
}

const NO_LOCATIONS: readonly number[] = [];

/**
 * Working space shared by every call (the engine is synchronous, so calls never overlap): a
 * no-tag ranking runs it for every tag, over ~230k (cell, location) pairs in all, and arrays made
 * per call were most of the garbage a ranking left behind. Grown by doubling, never shrunk (its
 * size follows the largest tag's pairs, a few MB at national scale).
 */
const work = {
  /** (location, distance) pairs of one demand cell, packed as j·8 + distance. */
  pairs: new Int32Array(64),
  /** Per pair: location index j, weight W_ij, normalised Wi_ij and fit_ij; cell i's at [start, end). */
  reachJ: new Int32Array(1024),
  reachW: new Float64Array(1024),
  reachWi: new Float64Array(1024),
  reachFit: new Float64Array(1024),
};

function grown<T extends Int32Array | Float64Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  let length = array.length;
  while (length < needed) length *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** Sorts the first n numbers ascending in place (insertion sort: a cell reaches a handful of locations). */
function sortPrefix(a: Int32Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let k = 1; k < n; k++) {
    const v = a[k]!;
    let m = k - 1;
    while (m >= 0 && a[m]! > v) {
      a[m + 1] = a[m]!;
      m--;
    }
    a[m + 1] = v;
  }
}

interface SupplyIndex {
  /** Location indexes j by the cell they are in. */
  locationsInCell: Map<string, number[]>;
  /** Which answerable barriers each location answers, as a bit mask (bit i: ANSWERABLE_BARRIERS[i]). */
  answerMasks: Uint8Array;
}

/** Indexes of frozen supply lists (the directory's, reused by every ranking until it changes). */
const frozenIndexes = new WeakMap<readonly SupplyLocation[], SupplyIndex>();

function indexOfSupply(supply: readonly SupplyLocation[]): SupplyIndex {
  const known = frozenIndexes.get(supply);
  if (known) return known;
  // Only cells with flags take part in either step, so W_ij is found from each demand cell's grid
  // disk (H3 grid distance is symmetric away from pentagons), against the locations in each cell.
  const locationsInCell = new Map<string, number[]>();
  // A cell's fit with a location depends only on which barriers the location answers: memoised
  // per answer set (a bit mask).
  const answerMasks = new Uint8Array(supply.length);
  supply.forEach((s, j) => {
    const list = locationsInCell.get(s.cell);
    if (list) list.push(j);
    else locationsInCell.set(s.cell, [j]);
    answerMasks[j] = answerMask(s.answers);
  });
  const index = { locationsInCell, answerMasks };
  if (Object.isFrozen(supply)) frozenIndexes.set(supply, index);
  return index;
}

/**
 * Runs both steps for one tag over the cells with flags and the service locations near them. A
 * frozen `supply` list is indexed once and the index kept while the list lives.
 */
export function twoStepAccess(
  demand: DemandCell[],
  supply: readonly SupplyLocation[],
  catchment: Catchment = { rings: DEFAULT_RINGS },
) {
  const { rings } = catchment;
  const { locationsInCell, answerMasks } = indexOfSupply(supply);
  const fitOfMask = new Float64Array(1 << ANSWERABLE_BARRIERS.length);
  const mentionsOf = new Float64Array(ANSWERABLE_BARRIERS.length);

  // The locations each demand cell reaches, one after another in the shared flat arrays (no
  // arrays per cell): demand cell i's pairs at [starts[i], ends[i]), in location order. A cell
  // listed twice reuses its first listing's pairs.
  const firstListing = new Map<string, number>();
  const starts = new Int32Array(demand.length);
  const ends = new Int32Array(demand.length);
  let used = 0;

  // Step 1: each cell's flags split across the services it reaches (Wi_ij), summed per service.
  const allocatedDemand = new Float64Array(supply.length);
  const answeredDemand = new Float64Array(supply.length);
  for (let i = 0; i < demand.length; i++) {
    const d = demand[i]!;
    const first = firstListing.get(d.cell);
    if (first !== undefined) {
      starts[i] = starts[first]!;
      ends[i] = ends[first]!;
      continue;
    }
    firstListing.set(d.cell, i);
    let n = 0;
    const disk = diskByDistance(d.cell, rings);
    for (let distance = 0; distance < disk.length; distance++)
      for (const cell of disk[distance]!)
        for (const j of locationsInCell.get(cell) ?? NO_LOCATIONS) {
          work.pairs = grown(work.pairs, n + 1);
          work.pairs[n++] = j * 8 + distance;
        }
    const pairs = work.pairs;
    sortPrefix(pairs, n);
    const start = used;
    const end = used + n;
    work.reachJ = grown(work.reachJ, end);
    work.reachW = grown(work.reachW, end);
    work.reachWi = grown(work.reachWi, end);
    work.reachFit = grown(work.reachFit, end);
    const { reachJ, reachW, reachWi, reachFit } = work;
    fitOfMask.fill(-1);
    for (let b = 0; b < ANSWERABLE_BARRIERS.length; b++)
      mentionsOf[b] = d.barriers[ANSWERABLE_BARRIERS[b]!] ?? 0;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const j = pairs[k]! >> 3;
      const w = decayWeight(pairs[k]! & 7, rings);
      const mask = answerMasks[j]!;
      if (fitOfMask[mask]! < 0) fitOfMask[mask] = fitOfAnswerMask(d.flags, mentionsOf, mask);
      reachJ[start + k] = j;
      reachW[start + k] = w;
      reachFit[start + k] = fitOfMask[mask]!;
      total += w;
    }
    for (let k = start; k < end; k++) reachWi[k] = reachW[k]! / total;
    starts[i] = start;
    ends[i] = end;
    used = end;
    if (d.flags <= 0) continue;
    for (let k = start; k < end; k++) {
      const j = reachJ[k]!;
      allocatedDemand[j]! += reachWi[k]! * d.flags;
      answeredDemand[j]! += reachWi[k]! * d.flags * reachFit[k]!;
    }
  }
  const { reachJ, reachW, reachWi, reachFit } = work;

  // Each location's supply after fit (capacity × fit_j); its fuller record is made only when asked
  // for (a no-tag ranking runs every tag and needs the supply alone).
  const supplyAfterFit = new Float64Array(supply.length);
  const fitOf = (j: number) => {
    const dj = allocatedDemand[j]!;
    return dj > 0 ? answeredDemand[j]! / dj : 1;
  };
  for (let j = 0; j < supply.length; j++) supplyAfterFit[j] = supply[j]!.capacity * fitOf(j);
  let services: ServiceRatio[] | undefined;
  const servicesOf = (): ServiceRatio[] =>
    (services ??= supply.map((s, j) => {
      const dj = allocatedDemand[j]!;
      return {
        serviceId: s.serviceId,
        cell: s.cell,
        supply: supplyAfterFit[j]!,
        fit: fitOf(j),
        demand: dj,
        ratio: dj > 0 ? supplyAfterFit[j]! / dj : 0,
      };
    }));

  // Step 2: A_i = Σ_j Wi_ij · fit_ij · capacity_j / D_j, for every cell with flags.
  const access: CellAccess[] = [];
  for (let i = 0; i < demand.length; i++) {
    const d = demand[i]!;
    if (d.flags <= 0) continue;
    let a = 0;
    let reachable = 0;
    for (let k = starts[i]!; k < ends[i]!; k++) {
      const j = reachJ[k]!;
      const capacity = supply[j]!.capacity;
      reachable += reachW[k]! * capacity * reachFit[k]!;
      a += (reachWi[k]! * reachFit[k]! * capacity) / allocatedDemand[j]!; // D_j ≥ Wi_ij·D_i > 0 here
    }
    access.push({
      cell: d.cell,
      flags: d.flags,
      access: a,
      allocated: d.flags * a,
      reachable,
      unmet: d.flags * (1 - Math.min(1, a)),
    });
  }
  return {
    cells: access,
    /** Per location (in `supply`'s order): its supply after fit, S_j = capacity_j · fit_j. */
    supplyAfterFit,
    /** Per location: its supply, fit, allocated demand D_j and ratio S_j / D_j. */
    get services() {
      return servicesOf();
    },
  };
}

/**
 * Share of a unit's (res-7 cell's, area's) flags left unmet: Σ unmet_i / Σ D_i over its cells.
 * Places are not moved between cells here: a surplus in one cell does not cover another's gap.
 */
export function unmetShare(cells: Pick<CellAccess, 'flags' | 'unmet'>[]): number {
  const flags = cells.reduce((sum, c) => sum + c.flags, 0);
  return flags > 0 ? cells.reduce((sum, c) => sum + c.unmet, 0) / flags : 0;
}
