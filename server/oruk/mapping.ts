/**
 * Our directory as Open Referral UK 3.0 objects. Confidential locations appear only by their
 * district: no coordinates and no address, as everywhere else.
 */
import { DAY_NAMES } from '../../db/schema.js';
import { webUrlOrNull } from '../http/web-url.js';
import type { ServiceView } from '../services/services.js';
import { firstOccurrence } from '../services/exports.js';
import {
  scheduleKey,
  type OrukLocationExtension,
  type OrukOrganisationExtension,
  type OrukRecord,
  type OrukServiceExtension,
} from './extension.js';
import { isUuid, partId, TAXONOMY_ID, TAXONOMY_NAME, termId } from './ids.js';

export const ORUK_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** ISO days by their English names in lower case, as feeds and queries write them ('tuesday'). */
export const DAY_NAMES_LOWER: readonly string[] = DAY_NAMES.map((d) => d.toLowerCase());
export const STATUS_TO_ORUK = {
  active: 'active',
  paused: 'temporarily closed',
  ended: 'inactive',
} as const;
export const COST_OPTION = { free: 'Free', low_cost: 'Low cost', paid: 'Paid' } as const;
export const ORUK_PROFILE = 'https://openreferraluk.org/';

export interface TermRow {
  slug: string;
  name: string;
  parentSlug: string | null;
}

export interface OrganisationFacts {
  id: string;
  name: string;
  description: string;
  email: string | null;
  website: string | null;
  charityNumber: string | null;
  phone: string | null;
  orukExtension: OrukOrganisationExtension | null;
}

/** What the read API needs beyond the service view: the kept feed fields. */
export interface ServiceExtras {
  extension: OrukServiceExtension | null;
  /** By our location id: the venue's feed id and kept fields. */
  locations: Map<string, { sourceId: string | null; extension: OrukLocationExtension | null }>;
}

export const NO_EXTRAS: ServiceExtras = { extension: null, locations: new Map() };

/** A kept feed record published back: ours where it links to us, its own UUID kept (a non-UUID id is replaced). */
function kept(record: OrukRecord, links: OrukRecord, fallbackId: string): OrukRecord {
  return { ...record, ...links, id: isUuid(record.id) ? record.id : fallbackId };
}

export function orukTerm(t: TermRow) {
  return {
    id: termId(t.slug),
    name: t.name,
    description: t.name,
    ...(t.parentSlug ? { parent_id: termId(t.parentSlug) } : {}),
    taxonomy: TAXONOMY_NAME,
    taxonomy_id: TAXONOMY_ID,
    term: t.slug,
  };
}

export function orukOrganisation(o: OrganisationFacts) {
  const ext = o.orukExtension ?? {};
  const keptIds = (ext.organization_identifiers ?? []).map((r, i) =>
    kept(r, { organization_id: o.id }, partId('organization_identifier', o.id, String(i))),
  );
  const charity =
    o.charityNumber && !keptIds.some((r) => r.identifier === o.charityNumber)
      ? [
          {
            id: partId('organization_identifier', o.id),
            organization_id: o.id,
            identifier_scheme: 'GB-CHC',
            identifier_type: 'Charity Number',
            identifier: o.charityNumber,
          },
        ]
      : [];
  const identifiers = [...charity, ...keptIds];
  return {
    id: o.id,
    name: o.name,
    description: o.description || o.name,
    ...(o.email ? { email: o.email } : {}),
    ...(webUrlOrNull(o.website) ? { website: o.website } : {}),
    ...(ext.logo ? { logo: ext.logo } : {}),
    ...(ext.uri ? { uri: ext.uri } : {}),
    ...(ext.parent_organization_id ? { parent_organization_id: ext.parent_organization_id } : {}),
    ...(identifiers.length ? { organization_identifiers: identifiers } : {}),
    ...(ext.attributes?.length
      ? {
          attributes: ext.attributes.map((r, i) =>
            kept(r, { link_id: o.id }, partId('organization_attribute', o.id, String(i))),
          ),
        }
      : {}),
  };
}

/** The summary shape of `GET /services` (service_list.json). */
export function orukServiceSummary(
  v: ServiceView,
  o: OrganisationFacts,
  extras: ServiceExtras = NO_EXTRAS,
) {
  const ext = extras.extension ?? {};
  // A placeholder organisation stands in for "none given": published as none.
  const placeholder = o.orukExtension?.placeholder === true;
  const status =
    ext.status && statusOf(ext.status) === v.status ? ext.status : STATUS_TO_ORUK[v.status];
  const assured = v.lastVerifiedAt?.slice(0, 10) ?? ext.assured_date;
  return {
    id: v.id,
    ...(placeholder ? {} : { organization_id: v.organisationId }),
    name: v.name,
    description: v.description || v.summary,
    summary: v.summary,
    ...(webUrlOrNull(v.referralUrl) ? { url: v.referralUrl } : {}),
    ...(v.referralEmail ? { email: v.referralEmail } : {}),
    status,
    ...(ext.fees ? { fees: ext.fees } : {}),
    ...(ext.accreditations ? { accreditations: ext.accreditations } : {}),
    ...(v.ageMin !== null ? { minimum_age: v.ageMin } : {}),
    ...(v.ageMax !== null ? { maximum_age: v.ageMax } : {}),
    ...(assured ? { assured_date: assured } : {}),
    ...(ext.assurer_email ? { assurer_email: ext.assurer_email } : {}),
    ...(ext.alert ? { alert: ext.alert } : {}),
    last_modified: v.updatedAt,
    ...(placeholder ? {} : { organization: orukOrganisation(o) }),
  };
}

/** The feed status a kept one stands for in Gapmap's coarser set. */
function statusOf(status: string): ServiceView['status'] {
  switch (status.toLowerCase()) {
    case 'temporarily closed':
      return 'paused';
    case 'inactive':
    case 'defunct':
      return 'ended';
    default:
      return 'active';
  }
}

type Location = ServiceView['locations'][number];

/** One venue as an ORUK location (confidential: its district only, no point, no address). */
export function orukLocation(l: Location, le: OrukLocationExtension | null) {
  const address = le?.address;
  const addressKept = !!address && address.address === l.address && address.postcode === l.postcode;
  const accessibilityKept =
    !!le?.accessibility && sameList(le.accessibility.descriptions, l.accessibility);
  return {
    id: l.id,
    location_type: le?.location_type ?? 'physical',
    name: l.confidential ? `${l.name}${l.district ? ` (${l.district})` : ''}` : l.name,
    ...(le?.description && !l.confidential ? { description: le.description } : {}),
    ...(le?.external_identifier && !l.confidential
      ? { external_identifier: le.external_identifier }
      : {}),
    ...(le?.external_identifier_type && !l.confidential
      ? { external_identifier_type: le.external_identifier_type }
      : {}),
    ...(l.lat !== null && l.lng !== null ? { latitude: l.lat, longitude: l.lng } : {}),
    addresses: l.confidential
      ? []
      : [
          addressKept
            ? kept(address.record, { location_id: l.id }, partId('address', l.id))
            : {
                id: partId('address', l.id),
                location_id: l.id,
                address_1: l.address ?? l.name,
                city: l.district ?? '',
                state_province: '',
                postal_code: l.postcode ?? '',
                country: 'GB',
                address_type: 'physical',
              },
          ...(le?.other_addresses ?? []).map((r, i) =>
            kept(r, { location_id: l.id }, partId('address', l.id, String(i + 1))),
          ),
        ],
    accessibility: accessibilityKept
      ? le!.accessibility!.records.map((r, i) =>
          kept(r, { location_id: l.id }, partId('accessibility', l.id, String(i))),
        )
      : l.accessibility.map((a, i) => ({
          id: partId('accessibility', l.id, String(i)),
          location_id: l.id,
          description: a,
        })),
    ...(le?.attributes?.length && !l.confidential
      ? {
          attributes: le.attributes.map((r, i) =>
            kept(r, { link_id: l.id }, partId('location_attribute', l.id, String(i))),
          ),
        }
      : {}),
  };
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The service_at_location id: the feed's when it gave one, else a name-based one. */
export function serviceAtLocationId(
  serviceId: string,
  locationId: string,
  extras: ServiceExtras = NO_EXTRAS,
): string {
  const sourceId = extras.locations.get(locationId)?.sourceId;
  return (
    (sourceId && extras.extension?.service_at_location_ids?.[sourceId]) ||
    partId('service_at_location', serviceId, locationId)
  );
}

/** The fully nested service of `GET /services/{id}` (service.json). */
export function orukService(
  v: ServiceView,
  o: OrganisationFacts,
  terms: Map<string, TermRow>,
  anchors: string[],
  extras: ServiceExtras = NO_EXTRAS,
) {
  const ext = extras.extension ?? {};
  const salId = (locationId: string) => serviceAtLocationId(v.id, locationId, extras);
  const keptRules = new Map((ext.schedules ?? []).map((s) => [s.key, s.fields]));
  const publishedRuleIds = new Set<unknown>();
  const schedules = v.schedules.flatMap((s, i) => {
    const locationSource = s.locationId
      ? (extras.locations.get(s.locationId)?.sourceId ?? null)
      : null;
    const rule = keptRules.get(scheduleKey(s, locationSource));
    const links = {
      service_id: v.id,
      ...(s.locationId ? { service_at_location_id: salId(s.locationId) } : {}),
    };
    if (rule && Object.keys(rule).length) {
      // One feed rule may have become several of ours ("MO,TU"): it is published once.
      if (isUuid(rule.id) && publishedRuleIds.has(rule.id)) return [];
      publishedRuleIds.add(rule.id);
      return [kept(rule, links, partId('schedule', v.id, String(i)))];
    }
    const day = ORUK_DAYS[s.day - 1] as string;
    const nth = Math.ceil(
      firstOccurrence(s.validFrom ?? anchors[i] ?? v.updatedAt.slice(0, 10), s.day).d / 7,
    );
    return [
      {
        id: partId('schedule', v.id, String(i)),
        ...links,
        freq: s.frequency === 'monthly' ? 'MONTHLY' : 'WEEKLY',
        interval: s.frequency === 'fortnightly' ? 2 : 1,
        byday: s.frequency === 'monthly' ? `${nth}${day}` : day,
        opens_at: s.start,
        closes_at: s.end,
        ...(s.validFrom ? { valid_from: s.validFrom } : {}),
        ...(s.validTo ? { valid_to: s.validTo } : {}),
        description: `${s.frequency === 'weekly' ? 'Every' : s.frequency === 'fortnightly' ? 'Every other' : 'Monthly on the'} ${day} ${s.start}–${s.end}`,
      },
    ];
  });
  const costKept =
    ext.cost_options &&
    ext.cost_options.kind === v.cost.kind &&
    ext.cost_options.text === v.cost.text;
  const ownedBy = { service_id: v.id };
  return {
    ...orukServiceSummary(v, o, extras),
    service_at_locations: [
      ...v.locations.map((l) => ({
        id: salId(l.id),
        service_id: v.id,
        location_id: l.id,
        location: orukLocation(l, extras.locations.get(l.id)?.extension ?? null),
      })),
      ...(ext.other_locations ?? []).map((r, i) =>
        kept(r, ownedBy, partId('service_at_location', v.id, 'other', String(i))),
      ),
    ],
    schedules: [
      ...schedules,
      ...(ext.other_schedules ?? []).map((r, i) =>
        kept(r, ownedBy, partId('schedule', v.id, 'other', String(i))),
      ),
    ],
    ...(ext.service_areas?.length
      ? {
          service_areas: ext.service_areas.map((r, i) =>
            kept(r, ownedBy, partId('service_area', v.id, String(i))),
          ),
        }
      : {}),
    ...(ext.funding?.length
      ? { funding: ext.funding.map((r, i) => kept(r, ownedBy, partId('funding', v.id, String(i)))) }
      : {}),
    attributes: [
      ...v.tags.flatMap((slug) => {
        const term = terms.get(slug);
        const given = ext.term_attributes?.[slug];
        if (given) return [kept(given, { link_id: v.id }, partId('attribute', v.id, slug))];
        return term
          ? [
              {
                id: partId('attribute', v.id, slug),
                link_id: v.id,
                link_type: 'service',
                taxonomy_term_id: termId(slug),
                taxonomy_term: orukTerm(term),
              },
            ]
          : [];
      }),
      ...(ext.attributes ?? []).map((r, i) =>
        kept(r, { link_id: v.id }, partId('attribute', v.id, 'kept', String(i))),
      ),
    ],
    cost_options: costKept
      ? ext.cost_options!.options.map((r, i) =>
          kept(r, ownedBy, partId('cost_option', v.id, String(i))),
        )
      : [
          {
            id: partId('cost_option', v.id),
            service_id: v.id,
            option: COST_OPTION[v.cost.kind],
            ...(v.cost.kind === 'free' ? { amount: 0 } : {}),
            ...(v.cost.text ? { amount_description: v.cost.text } : {}),
          },
        ],
    languages: v.languages.map((code) => {
      const k = ext.languages?.[code];
      if (k) return kept({ ...k, code }, ownedBy, partId('language', v.id, code));
      // HSDS 3.0 has no translated descriptions; a language's free-text `note` is where the
      // organiser's summary and "how to join" in that language can travel.
      const text = v.translations.find((t) => t.language === code);
      const note = text ? [text.summary, text.howToJoin].filter(Boolean).join('\n') : null;
      return {
        id: partId('language', v.id, code),
        service_id: v.id,
        code,
        name: code,
        ...(note ? { note } : {}),
      };
    }),
    contacts: ext.contacts?.length
      ? ext.contacts.map((r, i) => kept(r, ownedBy, partId('contact', v.id, String(i))))
      : // Otherwise the organisation is the contact point, never its key contact's own name (a
        // person's name is not the directory's to publish).
        o.email || o.phone
        ? [
            {
              id: partId('contact', v.id),
              service_id: v.id,
              name: o.name,
              title: 'Enquiries',
              ...(o.email ? { email: o.email } : {}),
              ...(o.phone ? { phones: [{ id: partId('phone', v.id), number: o.phone }] } : {}),
            },
          ]
        : [],
  };
}
