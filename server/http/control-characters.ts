/**
 * Control characters are refused at the edge, before any route sees them: a NUL byte cannot be
 * stored in PostgreSQL text or jsonb (it used to surface as a 500 from the database), and the
 * other C0 controls and DEL have no place in names, search terms or notes — they only hide text
 * or forge log and mail lines. Tab, line feed and carriage return stay allowed inside JSON string
 * values (multi-line descriptions and notes); query parameters and object keys allow none.
 * Answers 422 naming each offending field, as validation does.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { invalid } from './errors.js';

/** Any C0 control or DEL. */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
/** C0 controls and DEL except tab, line feed and carriage return. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const REASON = 'must not contain control characters';
/** More offending fields than this are not worth listing one by one. */
const MAX_DETAILS = 20;

export function hasControlCharacters(text: string, allowLineBreaks = true): boolean {
  return (allowLineBreaks ? CONTROL_IN_TEXT : ANY_CONTROL).test(text);
}

/** Paths (`locations.0.name`) of every string value or key in `value` holding a control character. */
export function controlCharacterPaths(value: unknown, prefix: string[] = [], found: string[] = []): string[] {
  if (found.length >= MAX_DETAILS) return found;
  if (typeof value === 'string') {
    if (hasControlCharacters(value)) found.push(prefix.length ? prefix.join('.') : 'body');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlCharacterPaths(v, [...prefix, String(i)], found));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (hasControlCharacters(key, false)) found.push([...prefix, key.replace(ANY_CONTROL, '?')].join('.'));
      else controlCharacterPaths(v, [...prefix, key], found);
    }
  }
  return found;
}

export const rejectControlCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  const details: Record<string, string> = {};
  const url = new URL(c.req.url);
  for (const [name, value] of url.searchParams) {
    if (hasControlCharacters(name, false)) details[name.replace(ANY_CONTROL, '?')] = REASON;
    else if (hasControlCharacters(value, false)) details[name] = REASON;
  }
  if (/^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '') && c.req.raw.body) {
    // The parsed body is cached on the request: the route's validator reads this same value.
    const body: unknown = await c.req.json().catch(() => undefined);
    for (const path of controlCharacterPaths(body)) details[path] = REASON;
  }
  if (Object.keys(details).length) throw invalid(details, 'Some fields contain control characters.');
  return next();
};
