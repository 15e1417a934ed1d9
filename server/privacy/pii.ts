/**
 * The one PII guard (DESIGN.md, privacy rules): free text written by Link Workers — need notes,
 * referral notes — is refused if it holds anything that looks like personal data. It is a
 * guard, not a classifier: it errs towards refusing, because a refused note costs the writer a
 * few seconds and a stored identifier cannot be taken back.
 *
 * `findPersonalData(text)` names the first kind found, in a fixed order, or null;
 * `assertNoPersonalData(field, text)` refuses the field with a 422 naming that kind.
 */
import { invalid } from '../http/errors.js';

export type PersonalDataKind = 'nhs_number' | 'phone' | 'email' | 'postcode' | 'date_of_birth';

export function findPersonalData(text: string): PersonalDataKind | null {
  if (EMAIL.test(text)) return 'email';
  const runs = digitRuns(text);
  if (runs.some(holdsNhsNumber)) return 'nhs_number';
  if (runs.some(holdsPhoneNumber)) return 'phone';
  if (holdsPostcode(text)) return 'postcode';
  if (holdsDate(text)) return 'date_of_birth';
  return null;
}

/** Free text that goes to other people (referral notes, comments) must not carry personal data. */
export function assertNoPersonalData(field: string, text: string | undefined | null): void {
  if (!text) return;
  const kind = findPersonalData(text);
  if (kind)
    throw invalid(
      { [field]: kind },
      `The ${field} looks like it holds personal data (${kind.replace(/_/g, ' ')}); remove it.`,
    );
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** The NHS number check digit (mod 11, weights 10..2); null when the first nine digits cannot have one. */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function isValidNhsNumber(digits: string): boolean {
  return /^\d{10}$/.test(digits) && nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** A run of digit groups joined by single spaces, dashes or brackets, e.g. "+44 (0)20 7946 0958". */
interface DigitRun {
  groups: string[];
  /** The run began with "+" (an international prefix). */
  plus: boolean;
}

function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  // Colons, dots, commas and slashes end a run: times (10:30), prices (£1,250.50) and dates
  // are never read as phone or NHS numbers.
  for (const m of text.matchAll(/\+?[\d(][\d() \t-]*\d/g)) {
    const before = m.index > 0 ? text[m.index - 1] : '';
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 2);
    const groups = m[0].split(/[^\d]+/).filter(Boolean);
    // The first group continues a longer token ("A12", "3.14", "10:30") or is an amount ("£0"):
    // it is not the start of a number.
    if (before && /[A-Za-z0-9.,/:£$€]/.test(before) && !m[0].startsWith('+')) groups.shift();
    // Nor is a short last group that goes on as a time, decimal or date ("1900 00:00", "12 3.5");
    // a longer one is kept ("07700 900123/4" is a number and another ending).
    if (/^[.,/:]\d/.test(after) && (groups.at(-1)?.length ?? 0) <= 2) groups.pop();
    if (groups.length) runs.push({ groups, plus: m[0].startsWith('+') });
  }
  return runs;
}

/** NHS numbers are written as ten digits or as 3-3-4 groups. */
function holdsNhsNumber(run: DigitRun): boolean {
  for (let i = 0; i < run.groups.length; i++) {
    const one = run.groups[i]!;
    if (one.length === 10 && isValidNhsNumber(one)) return true;
    const three = run.groups.slice(i, i + 3);
    if (
      three.length === 3 &&
      three.map((g) => g.length).join() === '3,3,4' &&
      isValidNhsNumber(three.join(''))
    )
      return true;
  }
  return false;
}

/**
 * UK phone numbers: mobiles 07…, landlines 01/02/03…, in national form or with +44 / 0044,
 * spaced in any of the usual ways. Tries every contiguous slice of the run's groups, so a
 * number after another figure ("room 4 07700 900123") is still found.
 */
function holdsPhoneNumber(run: DigitRun): boolean {
  const { groups } = run;
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length && j < i + 6; j++) {
      digits += groups[j];
      if (isUkPhone(nationalForm(digits, run.plus && i === 0))) return true;
    }
  }
  return false;
}

function nationalForm(digits: string, plus: boolean): string {
  let rest: string | null = null;
  if (plus && digits.startsWith('44')) rest = digits.slice(2);
  else if (digits.startsWith('0044')) rest = digits.slice(4);
  if (rest === null) return digits;
  // "+44 (0)20 …": the bracketed trunk zero is dropped in international form.
  return rest.startsWith('0') ? rest : `0${rest}`;
}

function isUkPhone(national: string): boolean {
  return /^0(?:7\d{9}|[123]\d{8,9})$/.test(national);
}

// Inward codes never use C, I, K, M, O or V; that keeps "M6 2ND"-like ordinals rare.
const POSTCODE =
  /(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}|GIR\s*0AA)(?![A-Za-z0-9])/g;

function holdsPostcode(text: string): boolean {
  for (const m of text.matchAll(POSTCODE)) {
    // A lower-case ordinal after a road number ("the a1 2nd exit") reads as words, not a postcode.
    if (/\d(?:st|nd|rd|th)$/.test(m[0]) && /\s/.test(m[0])) continue;
    return true;
  }
  return false;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORDINAL = '(?:st|nd|rd|th)?';

const DATE_FORMS: {
  re: RegExp;
  parts: (m: RegExpMatchArray) => [day: string, month: string, year: string];
}[] = [
  // 12/03/1950, 1.3.50, 12-03-1950
  {
    re: /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-])/g,
    parts: (m) => [m[1]!, m[3]!, m[4]!],
  },
  // 1950-03-12, 1950/03/12 (ISO order)
  {
    re: /(?<![\d./-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d./-])/g,
    parts: (m) => [m[4]!, m[3]!, m[1]!],
  },
  // 12 March 1950, 12th of Mar 1950
  {
    re: new RegExp(
      `\\b(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?${MONTH_NAME}\\.?,?\\s+(\\d{4}|'?\\d{2})\\b`,
      'gi',
    ),
    parts: (m) => [m[1]!, m[2]!, m[3]!],
  },
  // March 12 1950, Mar 12th, 1950
  {
    re: new RegExp(`\\b${MONTH_NAME}\\.?\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4}|'?\\d{2})\\b`, 'gi'),
    parts: (m) => [m[2]!, m[1]!, m[3]!],
  },
];

/**
 * A full calendar date (day, month and year) that is not in the future. A note never needs a
 * date — the flag already records its week — so any such date is treated as a possible date of
 * birth. A year alone, a month and year, or a time is ordinary text.
 */
function holdsDate(text: string, now = new Date()): boolean {
  for (const form of DATE_FORMS) {
    for (const m of text.matchAll(form.re)) {
      const [d, mo, y] = form.parts(m);
      const month = /^\d+$/.test(mo)
        ? Number(mo)
        : MONTHS.indexOf(mo.slice(0, 3).toLowerCase()) + 1;
      if (isPastCalendarDate(Number(d), month, fullYear(y.replace("'", ''), now), now)) return true;
    }
  }
  return false;
}

function fullYear(y: string, now: Date): number {
  if (y.length === 4) return Number(y);
  const yy = Number(y);
  const century = yy <= now.getUTCFullYear() % 100 ? 2000 : 1900;
  return century + yy;
}

function isPastCalendarDate(day: number, month: number, year: number, now: Date): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return false; // 31 February
  return date.getTime() <= now.getTime();
}
