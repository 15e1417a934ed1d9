/**
 * The publication calendar (DESIGN.md "Publication"): ISO weeks run Monday–Sunday in
 * Europe/London; week W is published automatically at 02:00 London time on the Tuesday after it
 * ends, once its flags' undo window has passed; an admin may publish a week once it has ended.
 */
import { isoWeekStart } from '../gaps/window.js';

const DAY_MS = 86_400_000;
export const PUBLICATION_TIME_ZONE = 'Europe/London';
/** Hour (London time) of the Tuesday after a week ends at which it is published. */
export const PUBLICATION_HOUR = 2;

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: PUBLICATION_TIME_ZONE,
  timeZoneName: 'longOffset',
});
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PUBLICATION_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const name =
    offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The instant of `hour`:00 London time on a calendar day 'YYYY-MM-DD'. */
export function londonTime(day: string, hour: number): Date {
  const guess = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  return new Date(guess - londonOffsetMinutes(new Date(guess)) * 60_000);
}

/** The London calendar date of an instant, 'YYYY-MM-DD'. */
export function londonDate(at: Date): string {
  return dateFormat.format(at);
}

/**
 * Monday of the ISO week (London calendar) an instant falls in. Every flag asks with its own
 * clock; London's days begin on a whole minute (its offsets are whole hours), so the answer for
 * the last minute asked is kept.
 */
export function londonWeek(at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastWeekAsked.minute)
    lastWeekAsked = { minute, week: isoWeekStart(new Date(`${londonDate(at)}T00:00:00Z`)) };
  return lastWeekAsked.week;
}
let lastWeekAsked = { minute: Number.NaN, week: '' };

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export const addWeeks = (monday: string, n: number) => addDays(monday, 7 * n);

/** When week W has ended: Monday 00:00 London time of the week after. */
export function weekEnds(week: string): Date {
  return londonTime(addDays(week, 7), 0);
}

/** When week W is published automatically: 02:00 London time on the Tuesday after it ends. */
export function scheduledPublication(week: string): Date {
  let at = publicationTimes.get(week);
  if (at === undefined) {
    // A pure function of the week, asked by every flag written: kept (a few hundred weeks at most).
    if (publicationTimes.size >= 1_000) publicationTimes.clear();
    publicationTimes.set(week, (at = londonTime(addDays(week, 8), PUBLICATION_HOUR).getTime()));
  }
  return new Date(at);
}
const publicationTimes = new Map<string, number>();

/** The newest week whose scheduled publication time has come at `now`. */
export function latestDueWeek(now: Date): string {
  const lastWeek = addWeeks(londonWeek(now), -1);
  return scheduledPublication(lastWeek).getTime() <= now.getTime()
    ? lastWeek
    : addWeeks(lastWeek, -1);
}
