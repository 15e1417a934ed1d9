/**
 * Fixed time windows: whole ISO weeks only (DESIGN.md privacy rules), so a count cannot be
 * differenced by shifting a window by a day. `from` snaps back to its Monday, `to` covers its week.
 */
export const DEFAULT_WINDOW_WEEKS = 12;
export const MAX_WINDOW_WEEKS = 156;
const DAY_MS = 86_400_000;

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

/** The whole weeks from `q.from` to `q.to`, as asked: `windowProblem` says whether they may be read. */
export function weekWindow(
  q: { from?: string | undefined; to?: string | undefined },
  now = new Date(),
  defaultWeeks = DEFAULT_WINDOW_WEEKS,
): WeekWindow {
  const to = isoWeekStart(q.to ? new Date(`${q.to}T00:00:00Z`) : now);
  const from = q.from
    ? isoWeekStart(new Date(`${q.from}T00:00:00Z`))
    : addWeeks(to, -(defaultWeeks - 1));
  const weeks = Math.round((Date.parse(to) - Date.parse(from)) / (7 * DAY_MS)) + 1;
  return { from, to, weeks };
}

/** What is wrong with a window's `from`, or undefined: it runs backwards, or spans more than MAX_WINDOW_WEEKS. */
export function windowProblem(window: WeekWindow): string | undefined {
  if (window.weeks < 1) return 'must not be after to';
  if (window.weeks > MAX_WINDOW_WEEKS)
    return `the window may span at most ${MAX_WINDOW_WEEKS} weeks`;
  return undefined;
}

function addWeeks(monday: string, n: number): string {
  return new Date(Date.parse(`${monday}T00:00:00Z`) + n * 7 * DAY_MS).toISOString().slice(0, 10);
}
