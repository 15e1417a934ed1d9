/**
 * The words a person reads for values the database stores as codes: language names
 * (Intl.DisplayNames in the chosen language: "Bengali", "বাংলা", not "bn"), accessibility features
 * ("Step-free access", not "step_free"), and the one date format of the app ("1 Dec 2026",
 * "1 Dec 2026, 14:05" in English; each language's own order and digits otherwise).
 */
import messages from '../../i18n/messages/ui.js';
import { labelsIn, lang, locale, useMessages } from '../i18n/language.js';

const t = useMessages(messages);

/** One formatter per language and kind, made on first use. */
function cached<T>(make: (locale: string) => T): () => T {
  const made = new Map<string, T>();
  return () => {
    const key = locale();
    let value = made.get(key);
    if (!value) made.set(key, (value = make(key)));
    return value;
  };
}

const languageNames = cached((l) => new Intl.DisplayNames([l], { type: 'language' }));

/** Where the name people in the UK use differs from the ICU data's ("Bangla"). */
const ENGLISH_OVERRIDES: Record<string, string> = { bn: 'Bengali' };

/** "bn" → "Bengali" (or its name in the chosen language); an unknown or malformed code is shown as it is. */
export function languageName(code: string): string {
  try {
    return (
      (lang() === 'en' ? ENGLISH_OVERRIDES[code] : undefined) ?? languageNames().of(code) ?? code
    );
  } catch {
    return code;
  }
}

export function languageList(codes: readonly string[]): string {
  return codes.map(languageName).join(t('listSeparator'));
}

/** Languages offered as choices in forms: English and the community languages most asked for in the UK. */
export const COMMON_LANGUAGES = [
  'en',
  'bn',
  'so',
  'ur',
  'pa',
  'gu',
  'ar',
  'tr',
  'ku',
  'fa',
  'ps',
  'ti',
  'am',
  'pl',
  'ro',
  'bg',
  'lt',
  'uk',
  'ru',
  'pt',
  'es',
  'fr',
  'it',
  'sq',
  'zh',
  'yue',
  'vi',
  'ta',
  'hi',
  'ne',
  'tl',
  'sw',
  'yo',
  'ig',
  'cy',
  'gd',
  'bfi',
] as const;

/** Accessibility features services and venues record, with the key of their words. */
const ACCESSIBILITY_KEYS = {
  step_free: 'accessStepFree',
  accessible_toilet: 'accessAccessibleToilet',
  changing_places: 'accessChangingPlaces',
  hearing_loop: 'accessHearingLoop',
  baby_change: 'accessBabyChange',
  large_print: 'accessLargePrint',
  bsl: 'accessBsl',
  quiet_space: 'accessQuietSpace',
  seating: 'accessSeating',
  parking: 'accessParking',
  guide_dogs: 'accessGuideDogs',
} as const satisfies Record<string, keyof typeof messages.en>;

/** The accessibility features forms offer, as stored codes. */
export const ACCESSIBILITY_FEATURES = Object.keys(ACCESSIBILITY_KEYS);

/** "step_free" → "Step-free access"; a label typed in words is shown as typed. */
export function accessibilityLabel(value: string): string {
  const key = (ACCESSIBILITY_KEYS as Record<string, keyof typeof messages.en>)[value];
  return key ? t(key) : value.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

export function accessibilityList(values: readonly string[]): string {
  return values.map(accessibilityLabel).join(t('listSeparator'));
}

/** Kinds of imported area in words (ONS names in brackets for the readers who know them). */
export const AREA_KIND_NAMES: Readonly<Record<string, string>> = labelsIn(messages, {
  ward: 'areaWard',
  neighbourhood: 'areaNeighbourhood',
  lsoa: 'areaLsoa',
  msoa: 'areaMsoa',
  lad: 'areaLad',
});

/** "lad" → "local authority"; an unknown kind is shown without underscores. */
export function areaKindName(kind: string): string {
  return AREA_KIND_NAMES[kind] ?? kind.replace(/_/g, ' ');
}

const dateFormat = cached(
  (l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', year: 'numeric' }),
);
const dateTimeFormat = cached(
  (l) =>
    new Intl.DateTimeFormat(l, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }),
);
const numberFormat = cached((l) => new Intl.NumberFormat(l));

/** The app's one date format: "1 Dec 2026". Takes an ISO string, a 'YYYY-MM-DD' or a Date. */
export function formatDate(value: string | Date): string {
  return dateFormat().format(
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : new Date(value),
  );
}

/** The same with the time: "1 Dec 2026, 14:05". */
export function formatDateTime(value: string | Date): string {
  return dateTimeFormat().format(new Date(value));
}

/** A count or figure in the chosen language's digits and grouping: "1,234", "১,২৩৪". */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return (options ? new Intl.NumberFormat(locale(), options) : numberFormat()).format(value);
}

const LIST_KEYS: Record<string, keyof typeof messages.en> = {
  schedules: 'listSession',
  schedule: 'listSession',
  locations: 'listVenue',
  items: 'listItem',
  tags: 'listNeed',
};

/** An API field path in words: "contact.phone" → "contact phone", "schedules.0.end" → "session 1 end". */
export function fieldInWords(path: string): string {
  const words: string[] = [];
  for (const part of path.split('.')) {
    const last = words.at(-1);
    if (/^\d+$/.test(part) && last !== undefined) {
      const key = LIST_KEYS[last];
      words[words.length - 1] =
        `${key ? t(key) : last.replace(/s$/, '')} ${formatNumber(Number(part) + 1)}`;
    } else words.push(part);
  }
  return words
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

const weekdayFormat = cached(
  (l) => new Intl.DateTimeFormat(l, { weekday: 'long', timeZone: 'UTC' }),
);

/** A day of the week by its ISO number (1 = Monday … 7 = Sunday), in the chosen language. */
export function weekdayName(isoDay: number): string {
  // 2024-01-01 was a Monday.
  return weekdayFormat().format(new Date(Date.UTC(2024, 0, isoDay)));
}
