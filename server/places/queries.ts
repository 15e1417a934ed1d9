/**
 * Place search queries: areas by name, postcodes by key prefix, venues by name. Each returns at
 * most `limit` rows already in the order a person would want them.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';

/** `%` and `_` typed by a user are literal text, not wildcards. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Areas whose name starts with the text or has a word that does ("bethnal" → "Bethnal Green",
 * "green" → "Bethnal Green"). Whole-name prefixes first, then shorter names.
 */
export function findAreasByName(db: Db, text: string, limit: number) {
  const lower = escapeLike(text.toLowerCase());
  const prefix = `${lower}%`;
  const word = `%${lower}%`;
  return (
    db
      .selectFrom('areas')
      .select(['id', 'name', 'kind', 'bbox'])
      // The wide `like` narrows by index-free scan on a small table; the regex keeps word starts only.
      .where(
        sql<boolean>`lower(name) like ${prefix} or (lower(name) like ${word} and lower(name) ~ ${`(^|[^a-z0-9])${regexLiteral(text.toLowerCase())}`})`,
      )
      .orderBy(sql`case when lower(name) like ${prefix} then 0 else 1 end`)
      .orderBy(sql`length(name)`)
      .orderBy('name')
      .limit(limit)
      .execute()
  );
}

function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, (ch) => `\\${ch}`);
}

/**
 * Postcode keys starting with `prefix` (normalised, e.g. 'E2 6'): the exact key first, then
 * districts, sectors and units, shortest first ("E2" → E2, E2 0…, then E20).
 */
export function findPostcodesByPrefix(db: Db, prefix: string, limit: number) {
  return db
    .selectFrom('postcodes')
    .select(['key', 'kind', 'lat', 'lng'])
    .where('key', 'like', `${escapeLike(prefix)}%`)
    .orderBy(sql`case when key = ${prefix} then 0 else 1 end`)
    .orderBy(sql`case kind when 'district' then 0 when 'sector' then 1 else 2 end`)
    .orderBy(sql`length(key)`)
    .orderBy('key')
    .limit(limit)
    .execute();
}

/** Named venues, never a confidential one (a refuge's name or point must not be searchable). */
export function findVenuesByName(db: Db, text: string, limit: number) {
  const lower = escapeLike(text.toLowerCase());
  return db
    .selectFrom('locations')
    .select(['id', 'name', 'district', 'lat', 'lng'])
    .where('confidential', '=', false)
    .where(sql<boolean>`lower(name) like ${`%${lower}%`}`)
    .orderBy(sql`case when lower(name) like ${`${lower}%`} then 0 else 1 end`)
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}
