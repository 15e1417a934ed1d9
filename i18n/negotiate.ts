/**
 * Choosing a language from what a browser or a request prefers, and the pseudo-locale that
 * tests the layout with longer, accented text. Shared by the client and the server.
 */
import { DEFAULT_LANG, isLang, LANGUAGES, RTL_LANGUAGES, type Lang } from './define.js';

/** The first of the preferences we ship, by primary subtag ("bn-BD" → bn, "ar-SA" → ar); else English. */
export function pickLanguage(preferences: readonly string[]): Lang {
  for (const preference of preferences) {
    const primary = preference.trim().toLowerCase().split(/[-_]/)[0];
    if (isLang(primary)) return primary;
  }
  return DEFAULT_LANG;
}

/** An Accept-Language header as its languages, most preferred first ("so;q=0.9, ar" → ["ar", "so"]). */
export function parseAcceptLanguage(header: string | undefined | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((p) => p.tag && p.tag !== '*' && p.q > 0 && Number.isFinite(p.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((p) => p.tag);
}

/** The locale handed to `Intl` for a language: British conventions for English. */
export function localeOf(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : lang;
}

export function directionOf(lang: Lang): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr';
}

/** Each language in its own words, for the language switch: "বাংলা", "Soomaali", "العربية". */
export function ownName(lang: Lang): string {
  try {
    const name = new Intl.DisplayNames([localeOf(lang)], { type: 'language' }).of(lang) ?? lang;
    return name.charAt(0).toLocaleUpperCase(localeOf(lang)) + name.slice(1);
  } catch {
    return lang;
  }
}

/** Languages in the order the switch lists them. */
export const SWITCH_ORDER: readonly Lang[] = LANGUAGES;

/** The cookie both sides read: the client writes it when a language is chosen. */
export const LANGUAGE_COOKIE = 'gapmap_lang';

const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  y: 'ý',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  z: 'ž',
  A: 'Á',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
  Y: 'Ý',
  C: 'Ç',
  N: 'Ñ',
  S: 'Š',
  Z: 'Ž',
};

/**
 * Pseudo-localised text: accented letters and about 40% longer, in brackets, with `{name}`
 * placeholders untouched — a layout that survives it survives real translations.
 */
export function pseudoLocalise(text: string): string {
  const parts = text.split(/(\{\w+\})/);
  const accented = parts
    .map((part) =>
      /^\{\w+\}$/.test(part) ? part : part.replace(/[a-zA-Z]/g, (ch) => ACCENTED[ch] ?? ch),
    )
    .join('');
  const letters = text.replace(/\{\w+\}/g, '').length;
  const padding = '·~'.repeat(Math.ceil(letters * 0.2));
  return `[${accented}${padding ? ` ${padding}` : ''}]`;
}
