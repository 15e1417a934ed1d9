/**
 * The one suppression function for every count that leaves the server (DESIGN.md, privacy rules).
 *
 * 1. Cell-key perturbation (the ONS Census 2021 method): each flag carries a random record key
 *    0..255; a published cell's key is the sum of its records' keys mod 256. A table indexed by
 *    (count, cell key), generated from a per-deployment secret and never served, gives noise in
 *    -2..+2 that never turns a positive count into 0. The same records always get the same noise,
 *    however the query slices them, so repeating or re-slicing a query gains nothing.
 * 2. Small-number rule (OpenSAFELY): 0 stays 0; 1..threshold-1 → "<threshold"; otherwise rounded
 *    to the nearest 5.
 */
import { createHmac } from 'node:crypto';
import { z } from '@hono/zod-openapi';

declare const publishedBrand: unique symbol;

/**
 * A count as it may leave the server. Only `suppressCount` makes one (the brand exists in types
 * only), and every published shape (map features, gap items, tables, people counts) is typed
 * with it, so a raw number cannot be published by mistake.
 */
export type PublishedCount = { readonly value: number | null; readonly display: string } & {
  readonly [publishedBrand]: true;
};
/** The one schema of a published count, for every route that returns one. */
export const SuppressedCountSchema = z
  .object({ value: z.number().nullable(), display: z.string() })
  .openapi('SuppressedCount', {
    description: 'A published count: 0, "<8" (value null) or a perturbed value rounded to 5',
  });
/** The published count's JSON shape (the contract's name for it), as a client reads it. */
export type SuppressedCount = z.infer<typeof SuppressedCountSchema>;

export interface SuppressionOptions {
  threshold: number;
  secret: string;
  /** Admins' `raw=1`: the exact count, in the same shape (never for anyone else). */
  raw?: boolean | undefined;
}

/** A raw roll-up figure: the exact count and the sum of its records' keys mod 256. */
export interface RawCount {
  count: number;
  keySum: number;
}

/** Counts above this share one row of the perturbation table (noise matters less as counts grow). */
const TABLE_COUNT_CAP = 64;
const tables = new Map<string, Int8Array>();

/** The perturbation table for a secret: (min(count, cap), key) → noise in -2..2. */
function perturbationTable(secret: string): Int8Array {
  let table = tables.get(secret);
  if (table) return table;
  table = new Int8Array((TABLE_COUNT_CAP + 1) * 256);
  for (let count = 1; count <= TABLE_COUNT_CAP; count++) {
    const digest = createHmac('sha256', secret).update(`gapmap-cell-key:${count}`).digest();
    for (let key = 0; key < 256; key++) {
      // Two bytes per cell from a digest stream expanded by re-hashing: uniform over -2..2.
      const byte = expandByte(secret, count, key, digest);
      let noise = (byte % 5) - 2;
      if (count + noise < 1) noise = 1 - count; // never turn a positive count into 0
      table[count * 256 + key] = noise;
    }
  }
  tables.set(secret, table);
  return table;
}

function expandByte(secret: string, count: number, key: number, seed: Buffer): number {
  const block = Math.floor(key / 32);
  const digest =
    block === 0
      ? seed
      : createHmac('sha256', secret).update(`gapmap-cell-key:${count}:${block}`).digest();
  return digest[key % 32] ?? 0;
}

/** The perturbed count for a cell (exposed for tests; never returned by the API on its own). */
export function perturb(raw: RawCount, secret: string): number {
  if (raw.count <= 0) return 0;
  const key = ((raw.keySum % 256) + 256) % 256;
  const noise = perturbationTable(secret)[Math.min(raw.count, TABLE_COUNT_CAP) * 256 + key] ?? 0;
  return Math.max(1, raw.count + noise);
}

/** Funders see aggregates no finer than this H3 resolution (DESIGN.md privacy rules). */
export const FUNDER_MAX_RES = 7;

/** The suppression options of a deployment (its threshold in force and cell-key secret). */
export function publishOptions(
  config: { suppressionThreshold: number; cellKeySecret: string },
  raw = false,
): SuppressionOptions {
  return { threshold: config.suppressionThreshold, secret: config.cellKeySecret, raw };
}

const brand = (value: number | null, display: string) =>
  Object.freeze({ value, display }) as PublishedCount;

/**
 * Published counts are few distinct values (0, "<threshold", multiples of 5): each is made once
 * and shared, frozen, so a national ranking's ~200k published counts allocate nothing.
 */
const ZERO = brand(0, '0');
const redacted = new Map<number, PublishedCount>();
const roundedCounts: PublishedCount[] = [];

/** Small-number rule on an already perturbed value (module-private: only suppressCount publishes). */
function roundAndRedact(value: number, threshold: number): PublishedCount {
  if (value <= 0) return ZERO;
  if (value < threshold) {
    let count = redacted.get(threshold);
    if (!count) redacted.set(threshold, (count = brand(null, `<${threshold}`)));
    return count;
  }
  // With a threshold that is not a multiple of 5 (say 6), rounding 6 or 7 to the nearest 5 would
  // publish 5, a value under the threshold: lift it to the smallest multiple of 5 at or above it.
  const rounded = Math.max(Math.round(value / 5) * 5, Math.ceil(threshold / 5) * 5);
  const i = rounded / 5;
  if (i >= 65_536) return brand(rounded, String(rounded));
  return (roundedCounts[i] ??= brand(rounded, String(rounded)));
}

/**
 * Every published count goes through here: perturb first, then apply the small-number rule to
 * the perturbed value (the ONS order), so the "<8" boundary is not a test of the raw count.
 * Admins' raw=1 (`options.raw`) gets the exact count in the same shape.
 */
export function suppressCount(raw: RawCount, options: SuppressionOptions): PublishedCount {
  if (options.raw) return brand(raw.count, String(raw.count));
  return roundAndRedact(perturb(raw, options.secret), options.threshold);
}

/** Whether a published count is a number (not "<8"): only such units carry derived figures. */
export function isNumbered(count: PublishedCount): count is PublishedCount & { value: number } {
  return count.value !== null && count.value > 0;
}

/**
 * Orders published units: numbered ones by value (largest first), then every "<8" unit, ties by
 * a stable key (never by a raw count).
 */
export function byPublishedValue<T>(count: (item: T) => PublishedCount, key: (item: T) => string) {
  return (a: T, b: T): number =>
    (count(b).value ?? 0) - (count(a).value ?? 0) || key(a).localeCompare(key(b));
}

/** Combines roll-up rows into one published cell: counts add, keys add mod 256. */
export function combine(rows: Iterable<RawCount>): RawCount {
  let count = 0;
  let keySum = 0;
  for (const r of rows) {
    count += r.count;
    keySum = (keySum + r.keySum) % 256;
  }
  return { count, keySum };
}
