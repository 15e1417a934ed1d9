/**
 * The server's side of the catalogues (i18n/): which language a request is answered in, and a
 * namespace's messages in it. The choice is the signed-in or signed-out person's own: the
 * `gapmap_lang` cookie the client writes when a language is chosen, else Accept-Language, else English.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { isLang, messagesIn, type Catalogue, type Lang, type Messages } from '../../i18n/define.js';
import { LANGUAGE_COOKIE, parseAcceptLanguage, pickLanguage } from '../../i18n/negotiate.js';

export function requestLanguage(c: Context): Lang {
  const chosen = getCookie(c, LANGUAGE_COOKIE);
  if (isLang(chosen)) return chosen;
  return pickLanguage(parseAcceptLanguage(c.req.header('accept-language')));
}

/** `const t = translator(messages, lang); t('key', { name })`. */
export function translator<E extends Messages>(catalogue: Catalogue<E>, lang: Lang) {
  return messagesIn(catalogue, lang);
}

export { localeOf, directionOf } from '../../i18n/negotiate.js';
