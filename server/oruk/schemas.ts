/**
 * The UK profile's response objects (HSDS 3.0, Open Referral UK, compiled schemas of
 * OpenReferralUK/uk-profile commit ecdfabf) as zod, for the ORUK-only OpenAPI document. Same
 * property names, types, formats, enums and required members as the profile; objects are open
 * (`looseObject`), as the profile's are, because kept feed records may carry more.
 * oruk.test.ts compares these, member by member, with the profile's own files.
 */
import { z } from '@hono/zod-openapi';

const uuid = () => z.string().uuid();
const uri = () => z.string().url();
const email = () => z.string().email();
const text = () => z.string();
const linked = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ id: uuid(), ...shape });

export const TaxonomyTerm = z
  .looseObject({
    id: uuid(),
    name: text(),
    description: text(),
    parent_id: uuid().optional(),
    taxonomy: text().optional(),
    taxonomy_id: uuid().optional(),
    term_uri: uri().optional(),
    term: text().optional(),
    code: text().optional(),
    version: text().optional(),
  })
  .openapi('taxonomy_term');

/** An attribute: a taxonomy term attached to an object. */
const Attribute = linked({
  link_id: uuid().optional(),
  taxonomy_term_id: uuid().optional(),
  link_type: text().optional(),
  link_entity: text().optional(),
  value: text().optional(),
  label: text().optional(),
  taxonomy_term: TaxonomyTerm.optional(),
});

export const Taxonomy = z
  .looseObject({
    id: uuid(),
    name: text(),
    description: text(),
    uri: uri().optional(),
    version: text().optional(),
    taxonomy_terms: z.array(TaxonomyTerm).optional(),
  })
  .openapi('taxonomy');

export const Organization = z
  .looseObject({
    id: uuid(),
    name: text(),
    description: text(),
    email: email().optional(),
    website: uri().optional(),
    logo: text().optional(),
    uri: uri().optional(),
    parent_organization_id: uuid().optional(),
    organization_identifiers: z
      .array(
        linked({
          organization_id: uuid().optional(),
          identifier_scheme: text().optional(),
          identifier_type: text(),
          identifier: text(),
          attributes: z.array(Attribute).optional(),
        }).required({ identifier_type: true, identifier: true }),
      )
      .optional(),
    attributes: z.array(Attribute).optional(),
  })
  .openapi('organization');

const ServiceFields = {
  id: uuid(),
  organization_id: uuid().optional(),
  name: text(),
  description: text().optional(),
  url: uri().optional(),
  email: email().optional(),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  fees: text().optional(),
  accreditations: text().optional(),
  minimum_age: z.number().optional(),
  maximum_age: z.number().optional(),
  assured_date: text().optional(),
  assurer_email: email().optional(),
  alert: text().optional(),
  last_modified: z.string().datetime({ offset: true }).optional(),
};

export const ServiceListItem = z
  .looseObject({ ...ServiceFields, organization: Organization.optional() })
  .openapi('service_list');

const Address = z.looseObject({
  id: uuid(),
  location_id: uuid().optional(),
  attention: text().optional(),
  address_1: text(),
  city: text(),
  region: text().optional(),
  state_province: text(),
  postal_code: text(),
  country: text(),
  address_type: z.enum(['physical', 'postal', 'virtual']),
  attributes: z.array(Attribute).optional(),
});

export const Location = z
  .looseObject({
    id: uuid(),
    location_type: z.enum(['physical', 'postal', 'virtual']),
    name: text().optional(),
    description: text().optional(),
    latitude: z.number().optional(),
    longitude: z.number().optional(),
    external_identifier: text().optional(),
    external_identifier_type: text().optional(),
    addresses: z.array(Address).optional(),
    accessibility: z
      .array(
        linked({
          location_id: uuid().optional(),
          description: text().optional(),
          details: text().optional(),
          url: uri().optional(),
          accessibility: text().optional(),
          attributes: z.array(Attribute).optional(),
        }),
      )
      .optional(),
    attributes: z.array(Attribute).optional(),
  })
  .openapi('location');

const Schedule = linked({
  service_id: uuid().optional(),
  service_at_location_id: uuid().optional(),
  valid_from: text().optional(),
  valid_to: text().optional(),
  dtstart: text().optional(),
  freq: z.enum(['WEEKLY', 'MONTHLY']).optional(),
  interval: z.number().optional(),
  byday: text().optional(),
  bymonthday: text().optional(),
  description: text().optional(),
  opens_at: text().optional(),
  closes_at: text().optional(),
  schedule_link: uri().optional(),
  attending_type: text().optional(),
  notes: text().optional(),
});

export const Service = z
  .looseObject({
    ...ServiceFields,
    schedules: z.array(Schedule).optional(),
    service_areas: z
      .array(
        linked({
          service_id: uuid().optional(),
          name: text().optional(),
          extent: text().optional(),
          extent_type: text().optional(),
          uri: text().optional(),
          service_area: text().optional(),
        }),
      )
      .optional(),
    service_at_locations: z
      .array(
        linked({
          service_id: uuid().optional(),
          location_id: uuid().optional(),
          location: Location.optional(),
        }),
      )
      .optional(),
    languages: z
      .array(
        linked({
          service_id: uuid().optional(),
          phone_id: uuid().optional(),
          name: text().optional(),
          code: text().optional(),
          note: text().optional(),
        }),
      )
      .optional(),
    organization: Organization.optional(),
    funding: z
      .array(linked({ service_id: uuid().optional(), source: text().optional() }))
      .optional(),
    cost_options: z
      .array(
        linked({
          service_id: uuid().optional(),
          valid_from: text().optional(),
          valid_to: text().optional(),
          option: text().optional(),
          amount: z.number().optional(),
          amount_description: text().optional(),
          currency: text().optional(),
        }),
      )
      .optional(),
    contacts: z
      .array(
        linked({
          service_id: uuid().optional(),
          name: text().optional(),
          title: text().optional(),
          attributes: z.array(Attribute).optional(),
        }),
      )
      .optional(),
    attributes: z.array(Attribute).optional(),
  })
  .openapi('service');

/** HSDS 3.0's service_at_location, as `/service_at_locations` serves it: the pair, with its service and location. */
export const ServiceAtLocation = z
  .looseObject({
    id: uuid(),
    service_id: uuid(),
    location_id: uuid(),
    service: ServiceListItem,
    location: Location,
  })
  .openapi('service_at_location');

/** An ORUK page of `item`. */
export const page = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      total_items: z.number().int(),
      total_pages: z.number().int(),
      page_number: z.number().int(),
      size: z.number().int(),
      first_page: z.boolean(),
      last_page: z.boolean(),
      empty: z.boolean(),
      contents: z.array(item),
    })
    .openapi(name);
