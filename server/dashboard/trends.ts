/**
 * Trend of need flags per tag (or tag group) per calendar month, for the funder dashboard.
 * Weeks belong to the month of their Monday, so a month is a fixed set of whole ISO weeks and
 * figures cannot be differenced by shifting the window.
 */
import {
  byPublishedValue,
  combine,
  suppressCount,
  type PublishedCount,
  type RawCount,
  type SuppressionOptions,
} from '../privacy/suppression.js';

export interface WeeklyRow {
  tagSlug: string;
  week: string;
  count: number;
  keySum: number;
}

export interface TrendSeries {
  key: string;
  points: { month: string; count: PublishedCount }[];
}

/** 'YYYY-MM' for every month from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const [ty, tm] = to.slice(0, 7).split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/**
 * Groups weekly roll-up rows into series keyed by `keyOf(tag)` (the tag or its parent), one
 * suppressed point per month; each point's cell key comes from exactly its records.
 */
export function monthlyTrends(
  rows: WeeklyRow[],
  months: string[],
  keyOf: (tag: string) => string,
  publish: SuppressionOptions,
): TrendSeries[] {
  const cells = new Map<string, Map<string, RawCount[]>>();
  for (const row of rows) {
    const key = keyOf(row.tagSlug);
    const month = row.week.slice(0, 7);
    const byMonth = cells.get(key) ?? new Map<string, RawCount[]>();
    cells.set(key, byMonth);
    const list = byMonth.get(month) ?? [];
    list.push({ count: row.count, keySum: row.keySum });
    byMonth.set(month, list);
  }
  return [...cells.entries()]
    .map(([key, byMonth]) => ({
      key,
      // The series order follows its published total over the window, never a raw count.
      total: suppressCount(combine([...byMonth.values()].flat()), publish),
      points: months.map((month) => ({
        month,
        count: suppressCount(combine(byMonth.get(month) ?? []), publish),
      })),
    }))
    .sort(
      byPublishedValue(
        (s) => s.total,
        (s) => s.key,
      ),
    )
    .map(({ key, points }) => ({ key, points }));
}
