/**
 * The printable catalogue (DESIGN.md: one of the Link Workers made a paper one; we make it for
 * them): every running service as a card, grouped under the taxonomy's need groups. A service
 * appears under each group it has tags in, so the reader finds it wherever they look.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { invalid } from '../http/errors.js';
import { loadServiceChildren } from '../services/queries.js';
import { isEnglish, serviceTextIn } from '../services/translations.js';
import { expandTags, listTaxonomy } from '../taxonomy/queries.js';
import { servicesWithOrganisation } from '../services/rows.js';

/** A printed catalogue beyond this is a book nobody carries; filter by tag or area instead. */
export const CATALOGUE_MAX_SERVICES = 2000;

export interface CatalogueCard {
  id: string;
  name: string;
  summary: string;
  status: 'active' | 'paused' | 'ended';
  accepting: 'open' | 'waitlist' | 'full';
  organisationName: string;
  keyContact: { name: string | null; email: string | null; phone: string | null };
  cost: { kind: 'free' | 'low_cost' | 'paid'; text: string | null };
  referral: {
    route: 'self' | 'link_worker' | 'gp' | 'other';
    url: string | null;
    email: string | null;
  };
  places: {
    name: string;
    address: string | null;
    postcode: string | null;
    district: string | null;
    confidential: boolean;
  }[];
  sessions: { day: number; start: string; end: string; frequency: string }[];
  /** With a reader's language: the organiser's summary and "how to join" in it, or English marked as such. */
  text?: { language: string; summary: string; howToJoin: string | null; inEnglish: boolean };
}

export interface Catalogue {
  generatedAt: string;
  filters: { tags: string[]; area: { code: string; name: string } | null; language?: string };
  groups: { slug: string; name: string; cards: CatalogueCard[] }[];
  serviceCount: number;
  truncated: boolean;
}

export async function buildCatalogue(
  db: Kysely<DB>,
  f: { tags?: string[] | undefined; area?: string | undefined; language?: string | undefined },
  now = new Date(),
): Promise<Catalogue> {
  const tags = f.tags?.length ? await expandTags(db, f.tags) : undefined;
  let area: { id: string; code: string; name: string } | undefined;
  if (f.area) {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(f.area);
    area = await db
      .selectFrom('areas')
      .select(['id', 'code', 'name'])
      .where(isUuid ? 'id' : 'code', '=', f.area)
      .executeTakeFirst();
    if (!area) throw invalid({ area: 'unknown area (give its id or code)' });
  }
  let q = servicesWithOrganisation(db)
    .leftJoin('users as contact', 'contact.id', 'organisations.keyContactUserId')
    .select([
      'services.id',
      'services.name',
      'services.summary',
      'services.status',
      'services.accepting',
      'services.costKind',
      'services.costText',
      'services.referralRoute',
      'services.referralUrl',
      'services.referralEmail',
      'organisations.name as organisationName',
      'organisations.email as organisationEmail',
      'organisations.phone as organisationPhone',
      'contact.name as keyContactName',
    ])
    .where('services.status', '!=', 'ended');
  if (tags) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('serviceTags')
          .select(sql`1`.as('one'))
          .whereRef('serviceTags.serviceId', '=', 'services.id')
          .where('serviceTags.tagSlug', 'in', tags),
      ),
    );
  }
  if (area) {
    const areaId = area.id;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('serviceLocations')
          .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
          .innerJoin('areaCells', 'areaCells.cell', 'locations.cell')
          .select(sql`1`.as('one'))
          .whereRef('serviceLocations.serviceId', '=', 'services.id')
          .where('areaCells.areaId', '=', areaId),
      ),
    );
  }
  const rows = await q
    .orderBy('services.name')
    .orderBy('services.id')
    .limit(CATALOGUE_MAX_SERVICES + 1)
    .execute();
  const truncated = rows.length > CATALOGUE_MAX_SERVICES;
  const services = rows.slice(0, CATALOGUE_MAX_SERVICES);
  const children = await loadServiceChildren(
    db,
    services.map((s) => s.id),
  );
  const taxonomy = await listTaxonomy(db);
  const parentOf = new Map(taxonomy.map((t) => [t.slug, t.parentSlug ?? t.slug]));
  const groups = new Map<string, CatalogueCard[]>();
  for (const s of services) {
    const card: CatalogueCard = {
      id: s.id,
      name: s.name,
      summary: s.summary,
      status: s.status,
      accepting: s.accepting,
      organisationName: s.organisationName,
      keyContact: {
        name: s.keyContactName,
        email: s.organisationEmail,
        phone: s.organisationPhone,
      },
      cost: { kind: s.costKind, text: s.costText },
      referral: { route: s.referralRoute, url: s.referralUrl, email: s.referralEmail },
      // Confidential places (a refuge): the district only, never the address (DESIGN.md privacy rules).
      places: children.locations
        .filter((l) => l.serviceId === s.id)
        .map((l) => ({
          name: l.confidential ? 'Confidential location' : l.name,
          address: l.confidential ? null : l.address,
          postcode: l.confidential ? null : l.postcode,
          district: l.district,
          confidential: l.confidential,
        })),
      sessions: children.schedules
        .filter((r) => r.serviceId === s.id)
        .map((r) => ({ day: r.day, start: r.startTime, end: r.endTime, frequency: r.frequency })),
      ...(f.language && !isEnglish(f.language)
        ? {
            text: {
              language: f.language,
              ...serviceTextIn(
                {
                  summary: s.summary,
                  translations: children.translations.filter((t) => t.serviceId === s.id),
                },
                f.language,
              ),
            },
          }
        : {}),
    };
    const own = children.tags.filter((t) => t.serviceId === s.id).map((t) => t.tagSlug);
    const wanted = tags ? own.filter((t) => tags.includes(t)) : own;
    const groupSlugs = new Set(
      (wanted.length ? wanted : ['other']).map((t) => parentOf.get(t) ?? 'other'),
    );
    for (const g of groupSlugs) groups.set(g, [...(groups.get(g) ?? []), card]);
  }
  const position = new Map(taxonomy.map((t, i) => [t.slug, i]));
  const nameOf = new Map(taxonomy.map((t) => [t.slug, t.name]));
  return {
    generatedAt: now.toISOString(),
    filters: {
      tags: f.tags ?? [],
      area: area ? { code: area.code, name: area.name } : null,
      ...(f.language ? { language: f.language } : {}),
    },
    groups: [...groups]
      .sort(([a], [b]) => (position.get(a) ?? 1e9) - (position.get(b) ?? 1e9) || a.localeCompare(b))
      .map(([slug, cards]) => ({ slug, name: nameOf.get(slug) ?? 'Other', cards })),
    serviceCount: services.length,
    truncated,
  };
}
