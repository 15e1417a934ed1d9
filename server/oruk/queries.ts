/** What the ORUK read API needs beyond the service views: organisations, terms, schedule anchors. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { listTaxonomy } from '../taxonomy/queries.js';
import type { OrganisationFacts, TermRow } from './mapping.js';
import { termId } from './ids.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function organisationFacts(db: Db, ids: string[]): Promise<Map<string, OrganisationFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select([
      'organisations.id', 'organisations.name', 'organisations.description', 'organisations.email', 'organisations.website',
      'organisations.charityNumber', 'organisations.phone',
    ])
    .where('organisations.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function termsBySlug(db: Db): Promise<Map<string, TermRow>> {
  return new Map((await listTaxonomy(db)).map((t) => [t.slug, t]));
}

/** Term UUID → slug, for filters and imports that name terms by id. */
export async function slugsByTermId(db: Db): Promise<Map<string, string>> {
  return new Map((await listTaxonomy(db)).map((t) => [termId(t.slug), t.slug]));
}

/** Each service's schedule write dates, in view order (they anchor monthly rules). */
export async function scheduleAnchors(db: Db, serviceIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (!serviceIds.length) return map;
  const rows = await db.selectFrom('schedules').select(['serviceId', 'createdAt']).where('serviceId', 'in', serviceIds)
    .orderBy('day').orderBy('startTime').orderBy('id').execute();
  for (const r of rows) map.set(r.serviceId, [...(map.get(r.serviceId) ?? []), r.createdAt.toISOString().slice(0, 10)]);
  return map;
}
