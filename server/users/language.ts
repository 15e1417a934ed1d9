/**
 * A person's language for the mail Gapmap sends them (users.language, migration 0820): taken from
 * the `gapmap_lang` cookie or Accept-Language when they sign in or accept an invitation; admins can
 * change it through PATCH /api/v1/users/{id}. Null (never stated) reads as English.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { DEFAULT_LANG, isLang, LANGUAGES, type Lang } from '../../i18n/define.js';
import { LANGUAGE_COOKIE } from '../../i18n/negotiate.js';
import { requestLanguage } from '../i18n/language.js';

export { LANGUAGES };

/** The language the request states (cookie or Accept-Language), or null when it states none. */
export function statedLanguage(c: Context): Lang | null {
  if (isLang(getCookie(c, LANGUAGE_COOKIE)) || c.req.header('accept-language'))
    return requestLanguage(c);
  return null;
}

/** A stored users.language as a language to write in: unknown or null is English. */
export function mailLanguage(stored: string | null | undefined): Lang {
  return isLang(stored) ? stored : DEFAULT_LANG;
}
