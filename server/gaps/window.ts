/**
 * Fixed time windows: whole ISO weeks only (DESIGN.md privacy rules), so a count cannot be
 * differenced by shifting a window by a day. `from` snaps back to its Monday, `to` covers its week.
 */
import { z } from '@hono/zod-openapi';
import { invalid } from '../http/errors.js';

export const DEFAULT_WINDOW_WEEKS = 12;
export const MAX_WINDOW_WEEKS = 156;
const DAY_MS = 86_400_000;

export const DateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real calendar date')
  .openapi({ example: '2026-09-07' });

export const WindowQuery = z.object({
  from: DateParam.optional().openapi({ description: 'First week (snapped to its Monday); default 12 weeks ago' }),
  to: DateParam.optional().openapi({ description: 'Last week (the week holding this date); default this week' }),
});

/** The window an aggregate answer covers (after clamping to published weeks). */
export const WindowSchema = z.object({ from: z.string(), to: z.string(), weeks: z.number().int() }).openapi('WeekWindow');

/** Monday (UTC) of the ISO week holding this day, as 'YYYY-MM-DD'. */
export function isoWeekStart(day: Date): string {
  const utc = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const isoDow = ((new Date(utc).getUTCDay() + 6) % 7) + 1;
  return new Date(utc - (isoDow - 1) * DAY_MS).toISOString().slice(0, 10);
}

export interface WeekWindow {
  /** Monday of the first week. */
  from: string;
  /** Monday of the last week (inclusive). */
  to: string;
  weeks: number;
}

export function weekWindow(q: { from?: string | undefined; to?: string | undefined }, now = new Date(), defaultWeeks = DEFAULT_WINDOW_WEEKS): WeekWindow {
  const to = isoWeekStart(q.to ? new Date(`${q.to}T00:00:00Z`) : now);
  const from = q.from ? isoWeekStart(new Date(`${q.from}T00:00:00Z`)) : addWeeks(to, -(defaultWeeks - 1));
  const weeks = Math.round((Date.parse(to) - Date.parse(from)) / (7 * DAY_MS)) + 1;
  if (weeks < 1) throw invalid({ from: 'must not be after to' });
  if (weeks > MAX_WINDOW_WEEKS) throw invalid({ from: `the window may span at most ${MAX_WINDOW_WEEKS} weeks` });
  return { from, to, weeks };
}

function addWeeks(monday: string, n: number): string {
  return new Date(Date.parse(`${monday}T00:00:00Z`) + n * 7 * DAY_MS).toISOString().slice(0, 10);
}
