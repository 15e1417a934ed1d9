import { createDataCache } from '../perf/data-cache.js';
import type { Db } from '../../db/schema.js';

export function listTaxonomy(db: Db) {
  return db
    .selectFrom('taxonomy')
    .select(['slug', 'name', 'parentSlug', 'position'])
    .orderBy('position')
    .orderBy('slug')
    .execute();
}

export interface TaxonomyName {
  slug: string;
  name: string;
  parentSlug: string | null;
}

/**
 * Every tag's slug, name and parent, read once per data version: taxonomy edits move
 * `data_version` (migration 0600), so the copy is current, and the per-request tag lookups below
 * (expanding a parent, naming a tag, refusing an unknown one) cost no statement of their own.
 */
const snapshots = createDataCache<TaxonomyName[]>({ maxEntries: 1, budget: 'own' });

const readTaxonomyNames = (db: Db) =>
  db.selectFrom('taxonomy').select(['slug', 'name', 'parentSlug']).orderBy('slug').execute();

export function taxonomyNames(db: Db): Promise<TaxonomyName[]> {
  return db.isTransaction
    ? readTaxonomyNames(db)
    : snapshots(db, 'taxonomy', () => readTaxonomyNames(db));
}

/** The given slugs plus every child of any parent among them (a parent tag matches its children). */
export function withChildren(taxonomy: readonly TaxonomyName[], slugs: string[]): string[] {
  const asked = new Set(slugs);
  return [
    ...new Set([
      ...slugs,
      ...taxonomy.filter((t) => t.parentSlug && asked.has(t.parentSlug)).map((t) => t.slug),
    ]),
  ];
}

export async function expandTags(db: Db, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  return withChildren(await taxonomyNames(db), slugs);
}

/** Slugs among these that the taxonomy table does not hold (the query behind unknownTags). */
async function queryUnknownTags(db: Db, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const known = await db.selectFrom('taxonomy').select('slug').where('slug', 'in', slugs).execute();
  const set = new Set(known.map((k) => k.slug));
  return slugs.filter((s) => !set.has(s));
}

/**
 * Slugs the taxonomy is known to hold, per database: a slug is never deleted or renamed
 * (taxonomy editing changes names, parents and positions), so once seen it stays known and a
 * flag's tags are checked without asking whether the snapshot is current. The write's statement
 * trigger still refuses a tag the table does not hold (migration 0860).
 */
const knownSlugs = new WeakMap<Db, Set<string>>();

/**
 * Slugs among these that the taxonomy does not know. Slugs seen before need no statement; others
 * are looked up in the snapshot above, and a slug missing from it is asked of the database before
 * it is called unknown (the one race a data version leaves open: a tag another process added,
 * read just before it committed).
 */
export async function unknownTags(db: Db, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const seen = knownSlugs.get(db);
  if (seen && slugs.every((s) => seen.has(s))) return [];
  const known = new Set((await taxonomyNames(db)).map((t) => t.slug));
  if (!db.isTransaction) knownSlugs.set(db, known);
  const missing = slugs.filter((s) => !known.has(s));
  return missing.length ? queryUnknownTags(db, missing) : [];
}
