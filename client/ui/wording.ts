/**
 * The words a person reads for values the database stores as codes: language names
 * (Intl.DisplayNames: "Bengali", not "bn"), accessibility features ("Step-free access", not
 * "step_free"), and the one date format of the app ("1 Dec 2026", "1 Dec 2026, 14:05").
 */

const languageNames = new Intl.DisplayNames(['en-GB'], { type: 'language' });

/** Where the name people in the UK use differs from the ICU data's ("Bangla"). */
const LANGUAGE_OVERRIDES: Record<string, string> = { bn: 'Bengali' };

/** "bn" → "Bengali"; an unknown or malformed code is shown as it is. */
export function languageName(code: string): string {
  try {
    return LANGUAGE_OVERRIDES[code] ?? languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageList(codes: readonly string[]): string {
  return codes.map(languageName).join(', ');
}

/** Languages offered as choices in forms: English and the community languages most asked for in the UK. */
export const COMMON_LANGUAGES = [
  'en', 'bn', 'so', 'ur', 'pa', 'gu', 'ar', 'tr', 'ku', 'fa', 'ps', 'ti', 'am', 'pl', 'ro', 'bg', 'lt', 'uk', 'ru', 'pt', 'es',
  'fr', 'it', 'sq', 'zh', 'yue', 'vi', 'ta', 'hi', 'ne', 'tl', 'sw', 'yo', 'ig', 'cy', 'gd', 'bfi',
] as const;

/** Accessibility features services and venues record, with their words. */
export const ACCESSIBILITY_LABELS: Record<string, string> = {
  step_free: 'Step-free access',
  accessible_toilet: 'Accessible toilet',
  changing_places: 'Changing Places toilet',
  hearing_loop: 'Hearing loop',
  baby_change: 'Baby changing',
  large_print: 'Large print',
  bsl: 'British Sign Language',
  quiet_space: 'Quiet space',
  seating: 'Seating available',
  parking: 'Accessible parking',
  guide_dogs: 'Assistance dogs welcome',
};

/** "step_free" → "Step-free access"; a label typed in words is shown as typed. */
export function accessibilityLabel(value: string): string {
  return ACCESSIBILITY_LABELS[value] ?? value.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

export function accessibilityList(values: readonly string[]): string {
  return values.map(accessibilityLabel).join(', ');
}

/** Kinds of imported area in words (ONS names in brackets for the readers who know them). */
export const AREA_KIND_NAMES: Record<string, string> = {
  ward: 'ward',
  neighbourhood: 'neighbourhood',
  lsoa: 'small area (LSOA)',
  msoa: 'neighbourhood area (MSOA)',
  lad: 'local authority',
};

/** "lad" → "local authority"; an unknown kind is shown without underscores. */
export function areaKindName(kind: string): string {
  return AREA_KIND_NAMES[kind] ?? kind.replace(/_/g, ' ');
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** The app's one date format: "1 Dec 2026". Takes an ISO string, a 'YYYY-MM-DD' or a Date. */
export function formatDate(value: string | Date): string {
  return dateFormat.format(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value));
}

/** The same with the time: "1 Dec 2026, 14:05". */
export function formatDateTime(value: string | Date): string {
  return dateTimeFormat.format(new Date(value));
}

const LIST_NAMES: Record<string, string> = { schedules: 'session', schedule: 'session', locations: 'venue', items: 'item', tags: 'need' };

/** An API field path in words: "contact.phone" → "contact phone", "schedules.0.end" → "session 1 end". */
export function fieldInWords(path: string): string {
  const words: string[] = [];
  for (const part of path.split('.')) {
    const last = words.at(-1);
    if (/^\d+$/.test(part) && last !== undefined) words[words.length - 1] = `${LIST_NAMES[last] ?? last.replace(/s$/, '')} ${Number(part) + 1}`;
    else words.push(part);
  }
  return words.join(' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
