/** Words for published weeks: "the week ending Sun 29 Nov 2026", "Tue 8 Dec" (in the chosen language). */
import messages from '../../i18n/messages/releases.js';
import { locale, useMessages } from '../i18n/language.js';

const DAY_MS = 86_400_000;
const t = useMessages(messages);

const dayMonth = () =>
  new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
const dayMonthYear = () =>
  new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
const londonDay = () =>
  new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'Europe/London',
  });

/** The Sunday that ends the ISO week starting on this Monday ('YYYY-MM-DD'). */
export function weekEnding(monday: string): string {
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS);
  // English keeps the app's "Sun 29 Nov 2026" (no comma); other languages take Intl's own order.
  return locale() === 'en-GB'
    ? `${dayMonth().format(sunday)} ${sunday.getUTCFullYear()}`
    : dayMonthYear().format(sunday);
}

/** A week by its Monday, e.g. "week of Mon 23 Nov". */
export function weekOf(monday: string): string {
  return t('weekOf', { day: dayMonth().format(new Date(`${monday}T00:00:00Z`)) });
}

/** An instant as a London calendar day, e.g. "Tue 8 Dec". */
export function onDay(iso: string): string {
  return londonDay().format(new Date(iso));
}
