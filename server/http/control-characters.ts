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

/* eslint-disable no-control-regex -- these patterns find control characters, which is their job */
/** Any C0 control or DEL. */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
const ANY_CONTROL_GLOBAL = /[\u0000-\u001f\u007f]/g;
/** C0 controls and DEL except tab, line feed and carriage return. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex -- the patterns end here */
const REASON = 'must not contain control characters';
/** Methods whose requests carry no body. */
const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** More offending fields than this are not worth listing one by one. */
const MAX_DETAILS = 20;

export function hasControlCharacters(text: string, allowLineBreaks = true): boolean {
  return (allowLineBreaks ? CONTROL_IN_TEXT : ANY_CONTROL).test(text);
}

/**
 * Paths (`locations.0.name`) of every string value or key in `value` holding a control character.
 * Iterative, not recursive: a hostile body may nest arrays 20,000 deep.
 */
export function controlCharacterPaths(value: unknown): string[] {
  const found: string[] = [];
  // Each entry: a value and the path that led to it (as a parent link, so deep paths cost O(1) each).
  type At = { value: unknown; key: string | null; parent: At | null };
  const pathOf = (at: At, last?: string) => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let a: At | null = at; a && a.key !== null; a = a.parent) keys.push(a.key);
    return keys.length ? keys.reverse().join('.') : 'body';
  };
  const stack: At[] = [{ value, key: null, parent: null }];
  while (stack.length && found.length < MAX_DETAILS) {
    const at = stack.pop()!;
    const v = at.value;
    if (typeof v === 'string') {
      if (hasControlCharacters(v)) found.push(pathOf(at));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], key: String(i), parent: at });
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (hasControlCharacters(key, false))
          found.push(pathOf(at, key.replace(ANY_CONTROL_GLOBAL, '?')));
        else stack.push({ value: child, key, parent: at });
      }
    }
  }
  return found;
}

export const rejectControlCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  const details: Record<string, string> = {};
  if (c.req.url.includes('?')) {
    for (const [name, value] of new URL(c.req.url).searchParams) {
      if (hasControlCharacters(name, false))
        details[name.replace(ANY_CONTROL_GLOBAL, '?')] = REASON;
      else if (hasControlCharacters(value, false)) details[name] = REASON;
    }
  }
  // Not `c.req.raw.body`: asking for it makes @hono/node-server build a full web Request (a
  // stream, an abort signal) for every request, where c.req.json() reads the body directly.
  if (
    !BODILESS.has(c.req.method) &&
    /^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '')
  ) {
    // The parsed body is cached on the request: the route's validator reads this same value.
    const body: unknown = await c.req.json().catch(() => undefined);
    for (const path of controlCharacterPaths(body)) details[path] = REASON;
  }
  if (Object.keys(details).length)
    throw invalid(details, 'Some fields contain control characters.');
  return next();
};
