/**
 * ORUK wants a UUID for every object. Our taxonomy is keyed by slug and some ORUK objects
 * (addresses, cost options, languages, contacts) are parts of a row, not rows, so their ids
 * are name-based UUIDs (RFC 9562 version 5): stable across requests and deployments, and a
 * taxonomy term's id leads back to its slug on import.
 */
import { createHash } from 'node:crypto';

/** Our namespace for name-based ids (a random v4, fixed forever). */
const GAPMAP_NAMESPACE = '6f1d1f0e-3b8a-4c55-9a52-2f4a8d0c7e11';

export function nameUuid(name: string, namespace = GAPMAP_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The one taxonomy we publish. */
export const TAXONOMY_ID = nameUuid('taxonomy:gapmap');
export const TAXONOMY_NAME = 'Gapmap social-prescribing needs';

export const termId = (slug: string) => nameUuid(`taxonomy_term:${slug}`);
export const partId = (kind: string, ...keys: string[]) => nameUuid(`${kind}:${keys.join(':')}`);

export function isUuid(s: unknown): s is string {
  return (
    typeof s === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
  );
}
