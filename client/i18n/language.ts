/**
 * The chosen language of the client: one signal every translated string and `Intl` format reads.
 * It starts from what was chosen before (localStorage, then the cookie the server also reads),
 * else from the browser's languages; choosing one remembers it in both. `<html lang dir>` follows.
 *
 * The pseudo-locale (`?pseudo=1` once, remembered for the tab's storage; `?pseudo=0` clears it)
 * shows English accented and about 40% longer, to test that every page survives translation.
 */
import { createEffect, createRoot, createSignal } from 'solid-js';
import { fill, isLang, type Catalogue, type Lang, type Messages } from '../../i18n/define.js';
import {
  directionOf,
  LANGUAGE_COOKIE,
  localeOf,
  pickLanguage,
  pseudoLocalise,
} from '../../i18n/negotiate.js';

const STORAGE_KEY = 'gapmap_lang';
const PSEUDO_KEY = 'gapmap_pseudo';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: the choice lasts for the page
  }
}

function cookieLanguage(): string | null {
  if (typeof document === 'undefined') return null;
  const match = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([^;]*)`).exec(document.cookie);
  return match ? decodeURIComponent(match[1] ?? '') : null;
}

function initialLanguage(): Lang {
  const remembered = storage()?.getItem(STORAGE_KEY) ?? cookieLanguage();
  if (isLang(remembered)) return remembered;
  const browser =
    typeof navigator === 'undefined'
      ? []
      : navigator.languages?.length
        ? navigator.languages
        : [navigator.language];
  return pickLanguage(browser);
}

function initialPseudo(): boolean {
  if (typeof location === 'undefined') return false;
  const asked = new URLSearchParams(location.search).get('pseudo');
  if (asked !== null) {
    if (asked === '0') storage()?.removeItem(PSEUDO_KEY);
    else storage()?.setItem(PSEUDO_KEY, '1');
    return asked !== '0';
  }
  return storage()?.getItem(PSEUDO_KEY) === '1';
}

const [lang, setLang] = createSignal<Lang>(initialLanguage());
const pseudo = initialPseudo();

export { lang };

/** The locale `Intl` formats with for the chosen language ("en-GB", "bn", "so", "ar"). */
export const locale = () => localeOf(lang());

export function chooseLanguage(next: Lang): void {
  setLang(next);
  storage()?.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') {
    document.cookie = `${LANGUAGE_COOKIE}=${next}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
  }
}

if (typeof document !== 'undefined') {
  createRoot(() => {
    createEffect(() => {
      const root = document.documentElement;
      root.lang = pseudo ? 'en-XA' : localeOf(lang());
      root.dir = directionOf(lang());
    });
  });
}

export type Translate<E extends Messages> = (
  key: keyof E & string,
  params?: Readonly<Record<string, string | number>>,
) => string;

/**
 * A namespace's translator for components: `const t = useMessages(messages); … {t('signIn')}`.
 * Reading it in JSX tracks the language, so text changes when another language is chosen.
 */
export function useMessages<E extends Messages>(catalogue: Catalogue<E>): Translate<E> {
  return (key, params) => {
    const table = catalogue[lang()] as { readonly [K in keyof E]: string };
    const template = table[key] ?? catalogue.en[key];
    return fill(pseudo ? pseudoLocalise(template) : template, params);
  };
}

/**
 * A table of words for stored codes, read in the chosen language each time it is read:
 * `const COST = labelsIn(messages, { free: 'costFree', … }); COST.free` → "Free" / "বিনামূল্যে".
 * Its properties are enumerable getters, so `Object.entries(COST)` works as with a plain object.
 */
export function labelsIn<E extends Messages, K extends string>(
  catalogue: Catalogue<E>,
  keys: Readonly<Record<K, keyof E & string>>,
): Readonly<Record<K, string>> {
  const t = useMessages(catalogue);
  const table = {} as Record<K, string>;
  for (const code of Object.keys(keys) as K[])
    Object.defineProperty(table, code, { enumerable: true, get: () => t(keys[code]) });
  return table;
}
