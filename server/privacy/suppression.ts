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

export interface SuppressedCount {
  value: number | null;
  display: string;
}

export interface SuppressionOptions {
  threshold: number;
  secret: string;
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
  const digest = block === 0 ? seed : createHmac('sha256', secret).update(`gapmap-cell-key:${count}:${block}`).digest();
  return digest[key % 32] ?? 0;
}

/** The perturbed count for a cell (exposed for tests; never returned by the API on its own). */
export function perturb(raw: RawCount, secret: string): number {
  if (raw.count <= 0) return 0;
  const key = ((raw.keySum % 256) + 256) % 256;
  const noise = perturbationTable(secret)[Math.min(raw.count, TABLE_COUNT_CAP) * 256 + key] ?? 0;
  return Math.max(1, raw.count + noise);
}

/** Small-number rule on an already perturbed value. */
export function roundAndRedact(value: number, threshold: number): SuppressedCount {
  if (value <= 0) return { value: 0, display: '0' };
  if (value < threshold) return { value: null, display: `<${threshold}` };
  // With a threshold that is not a multiple of 5 (say 6), rounding 6 or 7 to the nearest 5 would
  // publish 5, a value under the threshold: lift it to the smallest multiple of 5 at or above it.
  const rounded = Math.max(Math.round(value / 5) * 5, Math.ceil(threshold / 5) * 5);
  return { value: rounded, display: String(rounded) };
}

/**
 * Every published count goes through here. A raw count under the threshold is always redacted,
 * even if its noise would lift it over (stricter than the rule, never looser).
 */
export function suppressCount(raw: RawCount, options: SuppressionOptions): SuppressedCount {
  if (raw.count > 0 && raw.count < options.threshold) return { value: null, display: `<${options.threshold}` };
  return roundAndRedact(perturb(raw, options.secret), options.threshold);
}

/** Admins' `raw=1`: the exact count, in the same shape. */
export function exactCount(raw: RawCount): SuppressedCount {
  return { value: raw.count, display: String(raw.count) };
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
