/** The service as the API shows it: one card a Link Worker can read in seconds. */
import type { Service } from '../../db/schema.js';
import type { loadServiceChildren } from './queries.js';
import { group } from '../group.js';

type Children = Awaited<ReturnType<typeof loadServiceChildren>>;
type ServiceRow = Service & { organisationName: string; distanceKm?: number };

/** Listings nobody has confirmed for this long are marked stale. */
export const STALE_AFTER_DAYS = 183;

export function isStale(lastVerifiedAt: Date | null, now = new Date()): boolean {
  return (
    !lastVerifiedAt || now.getTime() - lastVerifiedAt.getTime() > STALE_AFTER_DAYS * 86_400_000
  );
}

/** What a confidential location (a refuge, a safe house) shows instead of its name. */
export const CONFIDENTIAL_NAME = 'Confidential location';

/** Assembles API service objects; confidential locations lose their name, address and point. */
export function toServiceViews(services: ServiceRow[], children: Children) {
  const tagsBy = group(children.tags, (t) => t.serviceId);
  const locationsBy = group(children.locations, (l) => l.serviceId);
  const schedulesBy = group(children.schedules, (s) => s.serviceId);
  const translationsBy = group(children.translations, (t) => t.serviceId);
  return services.map((s) => ({
    id: s.id,
    organisationId: s.organisationId,
    organisationName: s.organisationName,
    name: s.name,
    summary: s.summary,
    description: s.description,
    status: s.status,
    tags: (tagsBy.get(s.id) ?? []).map((t) => t.tagSlug),
    cost: { kind: s.costKind, text: s.costText },
    languages: s.languages,
    accessibility: s.accessibility,
    ageMin: s.ageMin,
    ageMax: s.ageMax,
    gender: s.gender,
    asylumSeekersWelcome: s.asylumSeekersWelcome,
    noIdNeeded: s.noIdNeeded,
    nrpfOk: s.nrpfOk,
    format: s.format,
    courseWeeks: s.courseWeeks,
    noExperienceNeeded: s.noExperienceNeeded,
    bringFriend: s.bringFriend,
    referralRoute: s.referralRoute,
    referralUrl: s.referralUrl,
    referralEmail: s.referralEmail,
    capacity: s.capacity,
    accepting: s.accepting,
    lastVerifiedAt: s.lastVerifiedAt?.toISOString() ?? null,
    stale: isStale(s.lastVerifiedAt),
    changesRequestedAt: s.changesRequestedAt?.toISOString() ?? null,
    updatedAt: s.updatedAt.toISOString(),
    locations: (locationsBy.get(s.id) ?? []).map((l) => ({
      id: l.id,
      name: l.confidential ? CONFIDENTIAL_NAME : l.name,
      address: l.confidential ? null : l.address,
      postcode: l.confidential ? null : l.postcode,
      district: l.district,
      lat: l.confidential ? null : l.lat,
      lng: l.confidential ? null : l.lng,
      bookable: l.bookable,
      bookingInfo: l.confidential ? null : l.bookingInfo,
      accessibility: l.accessibility,
      confidential: l.confidential,
    })),
    schedules: (schedulesBy.get(s.id) ?? []).map((r) => ({
      day: r.day,
      start: r.startTime,
      end: r.endTime,
      frequency: r.frequency,
      locationId: r.locationId,
      validFrom: r.validFrom,
      validTo: r.validTo,
    })),
    translations: (translationsBy.get(s.id) ?? []).map((t) => ({
      language: t.language,
      summary: t.summary,
      howToJoin: t.howToJoin,
    })),
    ...(s.distanceKm === undefined ? {} : { distanceKm: roundKm(s.distanceKm) }),
    version: s.version,
  }));
}

export type ServiceView = ReturnType<typeof toServiceViews>[number];

/** A service's distance from a searched point, as views show it (10 m). */
export const roundKm = (km: number) => Math.round(km * 100) / 100;
