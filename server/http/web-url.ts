/**
 * Addresses the app stores and later renders as links (a service's referral form, an
 * organisation's website) and republishes in the ORUK feed: only http(s) and mailto. A
 * `javascript:` or `data:` URL is a script waiting for a click, so it is refused on the way in
 * and never rendered or published on the way out (rows stored before this check included).
 */
import { z } from '@hono/zod-openapi';

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export function isWebUrl(value: string): boolean {
  try {
    return SAFE_SCHEMES.has(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The value if it is a safe web address, else null (for output paths). */
export const webUrlOrNull = (value: string | null | undefined): string | null =>
  value && isWebUrl(value) ? value : null;

/** A URL field: well formed, at most 500 characters, http(s) or mailto. */
export const WebUrl = z
  .string()
  .max(500)
  .url('must be a URL')
  .refine(isWebUrl, 'must be an http(s) or mailto address');
