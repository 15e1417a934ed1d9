/** Words for published weeks: "the week ending Sun 29 Nov 2026", "Tue 8 Dec". */
const DAY_MS = 86_400_000;

const dayMonth = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const londonDay = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'Europe/London' });

/** The Sunday that ends the ISO week starting on this Monday ('YYYY-MM-DD'). */
export function weekEnding(monday: string): string {
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS);
  return `${dayMonth.format(sunday)} ${sunday.getUTCFullYear()}`;
}

/** A week by its Monday, e.g. "week of Mon 23 Nov". */
export function weekOf(monday: string): string {
  return `week of ${dayMonth.format(new Date(`${monday}T00:00:00Z`))}`;
}

/** An instant as a London calendar day, e.g. "Tue 8 Dec". */
export function onDay(iso: string): string {
  return londonDay.format(new Date(iso));
}
