import type { Db } from '../../db/schema.js';

export function listTaxonomy(db: Db) {
  return db
    .selectFrom('taxonomy')
    .select(['slug', 'name', 'parentSlug', 'position'])
    .orderBy('position')
    .orderBy('slug')
    .execute();
}

/** The given slugs plus every child of any parent among them (a parent tag matches its children). */
export async function expandTags(db: Db, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const children = await db
    .selectFrom('taxonomy')
    .select('slug')
    .where('parentSlug', 'in', slugs)
    .execute();
  return [...new Set([...slugs, ...children.map((c) => c.slug)])];
}

/** Slugs among these that the taxonomy table does not hold (the query behind unknownTags). */
async function queryUnknownTags(db: Db, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const known = await db.selectFrom('taxonomy').select('slug').where('slug', 'in', slugs).execute();
  const set = new Set(known.map((k) => k.slug));
  return slugs.filter((s) => !set.has(s));
}

/** How long a process trusts its copy of the taxonomy's slugs (other processes' new tags are never refused: see below). */
export const TAG_CACHE_MS = 5_000;
// Per database (tests build many), like the privacy threshold's cache.
const knownSlugs = new WeakMap<object, { slugs: Promise<Set<string>>; readAt: number }>();

/**
 * Slugs among these that the taxonomy does not know, without a query per request: the slugs come
 * from a per-database copy read at most every TAG_CACHE_MS (concurrent requests share one read)
 * and dropped in-process whenever an admin edits the taxonomy. A slug missing from the copy is
 * asked of the database before it is called unknown, so a tag another process has just added
 * is accepted at once. Inside a transaction it reads the table directly.
 */
export async function unknownTags(db: Db, slugs: string[], now = Date.now()): Promise<string[]> {
  if (!slugs.length) return [];
  if (db.isTransaction) return queryUnknownTags(db, slugs);
  let entry = knownSlugs.get(db);
  if (!entry || now - entry.readAt > TAG_CACHE_MS) {
    const read = db
      .selectFrom('taxonomy')
      .select('slug')
      .execute()
      .then((rows) => new Set(rows.map((r) => r.slug)));
    const fresh = { slugs: read, readAt: now };
    knownSlugs.set(db, (entry = fresh));
    // A failed read is not kept: the next request asks again.
    read.catch(() => {
      if (knownSlugs.get(db) === fresh) knownSlugs.delete(db);
    });
  }
  const known = await entry.slugs;
  const missing = slugs.filter((s) => !known.has(s));
  return missing.length ? queryUnknownTags(db, missing) : [];
}

/** Drops this process's copy of the slugs (after a taxonomy edit). */
export function forgetCachedTags(db: Db): void {
  knownSlugs.delete(db);
}
