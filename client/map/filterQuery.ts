/**
 * The map's barrier and day/time filters as URL values and API query parameters. Pure, so the
 * URL rules are tested without a browser: a value the URL cannot mean is ignored, not trusted.
 *   `barrier=` — need layer: only flags recording that barrier (GET /map/needs?barrier=)
 *   `answers=` — provision layer: services answering that barrier (services.geojson?answers=)
 *   `day=1..7`, `time=morning|afternoon|evening` — provision layer: a session then.
 */
import type services from '../../i18n/messages/services.js';

/** Barriers a service's listing can answer, and how the gap engine decides it does (labels: keys of i18n/messages/services.ts). */
export const ANSWERS = [
  { value: 'cost', label: 'answersCost' },
  { value: 'access', label: 'answersAccess' },
  { value: 'timing', label: 'answersTiming' },
  { value: 'language', label: 'answersLanguage' },
] as const satisfies readonly { value: string; label: keyof typeof services.en }[];

/** The ISO days 1..7 (Monday first), as the schedules store them. */
export { DAY_NAMES as DAYS } from '../../db/schema.js';

/** Parts of the day a session may overlap; evening starts where the gap engine's does (17:00). */
export const TIME_SLOTS = [
  { value: 'morning', label: 'slotMorning', from: '09:00', to: '12:00' },
  { value: 'afternoon', label: 'slotAfternoon', from: '12:00', to: '17:00' },
  { value: 'evening', label: 'slotEvening', from: '17:00', to: '23:59' },
] as const satisfies readonly {
  value: string;
  label: keyof typeof services.en;
  from: string;
  to: string;
}[];

/** `value` when it is one of `allowed`, else '' (no filter). */
export function oneOf(value: string, allowed: readonly { value: string }[]): string {
  return allowed.some((a) => a.value === value) ? value : '';
}

/** `day=` as an ISO day number 1..7, or undefined. */
export function parseDay(value: string): number | undefined {
  const n = Number(value);
  return /^[1-7]$/.test(value) ? n : undefined;
}

/**
 * services.geojson parameters for the provision filters. A part of the day narrows only a chosen
 * day (the API needs `day` with `from`/`to`), so a time without a day is no filter.
 */
export function provisionQuery(f: { day: string; time: string; answers: string }): {
  day?: number;
  from?: string;
  to?: string;
  answers?: string;
} {
  const day = parseDay(f.day);
  const slot = TIME_SLOTS.find((s) => s.value === f.time);
  const answers = oneOf(f.answers, ANSWERS) || undefined;
  if (day === undefined) return { answers };
  return { day, from: slot?.from, to: slot?.to, answers };
}
