/**
 * Timely replies build trust (DESIGN.md): the headline figures per organisation are the median
 * time to acknowledge a referral and the share left without a reply after 5 working days.
 * Pure functions over referral timings, so they are tested with fixed timestamps.
 */
import type { ReferralStatus } from '../../db/schema.js';
import {
  isNumbered,
  suppressCount,
  type PublishedCount,
  type SuppressionOptions,
} from '../privacy/suppression.js';

export const NO_REPLY_WORKING_DAYS = 5;

export interface ReferralTiming {
  id: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  status: ReferralStatus;
  /** When the referrer withdrew it, if they did. */
  withdrawnAt: Date | null;
}

/**
 * `from` plus n working days (Monday–Friday, UTC), keeping the time of day. Bank holidays are
 * not counted out: they differ by nation and year, and a day's slack does not change the figure.
 */
export function addWorkingDays(from: Date, days: number): Date {
  const d = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return d;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ReferralStats {
  referrals: number;
  acknowledged: number;
  /** Median hours from sent to acknowledged, over acknowledged referrals (one decimal). */
  medianHoursToAcknowledge: number | null;
  /** Referrals whose 5-working-day window has passed (less those withdrawn unanswered inside it). */
  due: number;
  /** Of those, how many had no acknowledgement within the window. */
  noReply: number;
  /** noReply / due, 0..1 (three decimals), or null when nothing is due yet. */
  noReplyShare: number | null;
}

export function referralStats(rows: ReferralTiming[], now: Date): ReferralStats {
  const hours = rows
    .filter((r) => r.acknowledgedAt)
    .map((r) => (r.acknowledgedAt!.getTime() - r.createdAt.getTime()) / 3_600_000);
  const { due, noReply } = dueAndUnanswered(rows, now);
  const m = median(hours);
  return {
    referrals: rows.length,
    acknowledged: hours.length,
    medianHoursToAcknowledge: m === null ? null : Math.round(m * 10) / 10,
    due: due.length,
    noReply: noReply.length,
    noReplyShare: due.length ? Math.round((noReply.length / due.length) * 1000) / 1000 : null,
  };
}

/** Referrals whose reply window has passed, and those of them left unanswered within it. */
function dueAndUnanswered(
  rows: ReferralTiming[],
  now: Date,
): { due: ReferralTiming[]; noReply: ReferralTiming[] } {
  const due: ReferralTiming[] = [];
  const noReply: ReferralTiming[] = [];
  for (const r of rows) {
    const deadline = addWorkingDays(r.createdAt, NO_REPLY_WORKING_DAYS);
    if (deadline > now) continue;
    const answered = r.acknowledgedAt !== null && r.acknowledgedAt <= deadline;
    // Withdrawn before anyone could reasonably reply: there was nothing left to answer.
    if (!answered && r.withdrawnAt && r.withdrawnAt <= deadline) continue;
    due.push(r);
    if (!answered) noReply.push(r);
  }
  return { due, noReply };
}

/** A record key per referral for the cell-key method: the first byte of its (random v4) id. */
export function referralRecordKey(id: string): number {
  return Number.parseInt(id.slice(0, 2), 16) || 0;
}

export interface PublishedReferralStats {
  referrals: PublishedCount;
  acknowledged: PublishedCount;
  medianHoursToAcknowledge: number | null;
  noReplyShare: number | null;
}

/**
 * The network-wide figures funders see (counts of people's referrals are published counts):
 * every count through suppressCount; the median only when the published count of acknowledged
 * referrals is a number, and the no-reply share computed from the published counts of due and
 * unanswered referrals (null while either shows "<8"), never gated on a raw count.
 */
export function publishReferralStats(
  rows: ReferralTiming[],
  now: Date,
  options: SuppressionOptions,
): PublishedReferralStats {
  const stats = referralStats(rows, now);
  const keySum = (subset: ReferralTiming[]) =>
    subset.reduce((sum, r) => (sum + referralRecordKey(r.id)) % 256, 0);
  const acknowledgedRows = rows.filter((r) => r.acknowledgedAt);
  const acknowledged = suppressCount(
    { count: acknowledgedRows.length, keySum: keySum(acknowledgedRows) },
    options,
  );
  const { due, noReply } = dueAndUnanswered(rows, now);
  const publishedDue = suppressCount({ count: due.length, keySum: keySum(due) }, options);
  const publishedNoReply = suppressCount(
    { count: noReply.length, keySum: keySum(noReply) },
    options,
  );
  return {
    referrals: suppressCount({ count: rows.length, keySum: keySum(rows) }, options),
    acknowledged,
    medianHoursToAcknowledge: isNumbered(acknowledged) ? stats.medianHoursToAcknowledge : null,
    noReplyShare:
      isNumbered(publishedDue) && publishedNoReply.value !== null
        ? Math.min(1, Math.round((publishedNoReply.value / publishedDue.value) * 1000) / 1000)
        : null,
  };
}
