import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export function listTaxonomy(db: Db) {
  return db.selectFrom('taxonomy').select(['slug', 'name', 'parentSlug', 'position']).orderBy('position').orderBy('slug').execute();
}

/** The given slugs plus every child of any parent among them (a parent tag matches its children). */
export async function expandTags(db: Db, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const children = await db.selectFrom('taxonomy').select('slug').where('parentSlug', 'in', slugs).execute();
  return [...new Set([...slugs, ...children.map((c) => c.slug)])];
}

/** Slugs among these that the taxonomy does not know. */
export async function unknownTags(db: Db, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const known = await db.selectFrom('taxonomy').select('slug').where('slug', 'in', slugs).execute();
  const set = new Set(known.map((k) => k.slug));
  return slugs.filter((s) => !set.has(s));
}
