/**
 * Our directory as Open Referral UK 3.0 objects. Confidential locations appear only by their
 * district: no coordinates and no address, as everywhere else.
 */
import { webUrlOrNull } from '../http/web-url.js';
import type { ServiceView } from '../services/services.js';
import { firstOccurrence } from '../services/exports.js';
import { partId, TAXONOMY_ID, TAXONOMY_NAME, termId } from './ids.js';

export const ORUK_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const STATUS_TO_ORUK = { active: 'active', paused: 'temporarily closed', ended: 'inactive' } as const;
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

function orukOrganisation(o: OrganisationFacts) {
  return {
    id: o.id,
    name: o.name,
    description: o.description || o.name,
    ...(o.email ? { email: o.email } : {}),
    ...(webUrlOrNull(o.website) ? { website: o.website } : {}),
    ...(o.charityNumber
      ? { organization_identifiers: [{ id: partId('organization_identifier', o.id), organization_id: o.id, identifier_scheme: 'GB-CHC', identifier_type: 'Charity Number', identifier: o.charityNumber }] }
      : {}),
  };
}

/** The summary shape of `GET /services` (service_list.json). */
export function orukServiceSummary(v: ServiceView, o: OrganisationFacts) {
  return {
    id: v.id,
    organization_id: v.organisationId,
    name: v.name,
    description: v.description || v.summary,
    summary: v.summary,
    ...(webUrlOrNull(v.referralUrl) ? { url: v.referralUrl } : {}),
    ...(v.referralEmail ? { email: v.referralEmail } : {}),
    status: STATUS_TO_ORUK[v.status],
    ...(v.ageMin !== null ? { minimum_age: v.ageMin } : {}),
    ...(v.ageMax !== null ? { maximum_age: v.ageMax } : {}),
    ...(v.lastVerifiedAt ? { assured_date: v.lastVerifiedAt.slice(0, 10) } : {}),
    last_modified: v.updatedAt,
    organization: orukOrganisation(o),
  };
}

/** The fully nested service of `GET /services/{id}` (service.json). */
export function orukService(v: ServiceView, o: OrganisationFacts, terms: Map<string, TermRow>, anchors: string[]) {
  const salId = (locationId: string) => partId('service_at_location', v.id, locationId);
  return {
    ...orukServiceSummary(v, o),
    service_at_locations: v.locations.map((l) => ({
      id: salId(l.id),
      service_id: v.id,
      location_id: l.id,
      location: {
        id: l.id,
        location_type: 'physical',
        name: l.confidential ? `${l.name}${l.district ? ` (${l.district})` : ''}` : l.name,
        ...(l.lat !== null && l.lng !== null ? { latitude: l.lat, longitude: l.lng } : {}),
        addresses: l.confidential ? [] : [{
          id: partId('address', l.id), location_id: l.id, address_1: l.address ?? l.name, city: l.district ?? '',
          state_province: '', postal_code: l.postcode ?? '', country: 'GB', address_type: 'physical',
        }],
        accessibility: l.accessibility.map((a, i) => ({ id: partId('accessibility', l.id, String(i)), location_id: l.id, description: a })),
      },
    })),
    schedules: v.schedules.map((s, i) => {
      const day = ORUK_DAYS[s.day - 1] as string;
      const nth = Math.ceil(firstOccurrence(s.validFrom ?? anchors[i] ?? v.updatedAt.slice(0, 10), s.day).d / 7);
      return {
        id: partId('schedule', v.id, String(i)),
        service_id: v.id,
        ...(s.locationId ? { service_at_location_id: salId(s.locationId) } : {}),
        freq: s.frequency === 'monthly' ? 'MONTHLY' : 'WEEKLY',
        interval: s.frequency === 'fortnightly' ? 2 : 1,
        byday: s.frequency === 'monthly' ? `${nth}${day}` : day,
        opens_at: s.start,
        closes_at: s.end,
        ...(s.validFrom ? { valid_from: s.validFrom } : {}),
        ...(s.validTo ? { valid_to: s.validTo } : {}),
        description: `${s.frequency === 'weekly' ? 'Every' : s.frequency === 'fortnightly' ? 'Every other' : 'Monthly on the'} ${day} ${s.start}–${s.end}`,
      };
    }),
    attributes: v.tags.flatMap((slug) => {
      const term = terms.get(slug);
      return term ? [{ id: partId('attribute', v.id, slug), link_id: v.id, link_type: 'service', taxonomy_term_id: termId(slug), taxonomy_term: orukTerm(term) }] : [];
    }),
    cost_options: [{
      id: partId('cost_option', v.id), service_id: v.id, option: COST_OPTION[v.cost.kind],
      ...(v.cost.kind === 'free' ? { amount: 0 } : {}),
      ...(v.cost.text ? { amount_description: v.cost.text } : {}),
    }],
    languages: v.languages.map((code) => ({ id: partId('language', v.id, code), service_id: v.id, code, name: code })),
    // The public feed names the organisation as the contact point, never its key contact's own
    // name (a person's name is not the directory's to publish).
    contacts: o.email || o.phone
      ? [{ id: partId('contact', v.id), service_id: v.id, name: o.name, title: 'Enquiries', ...(o.email ? { email: o.email } : {}), ...(o.phone ? { phones: [{ id: partId('phone', v.id), number: o.phone }] } : {}) }]
      : [],
  };
}
