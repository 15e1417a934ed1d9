/**
 * Open Referral UK 3.0 read API (public, as the contract says: it is the open-data face of the
 * directory). Pages are numbered, as ORUK clients expect, with a total count. Every filter of
 * the profile and HSDS 3.0 is honoured; anything else in the query string is refused (422)
 * rather than silently ignored. The router documents itself as its own OpenAPI document
 * (`openapi_url`), whose response schemas are the profile's (schemas.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonResponse, UuidParam } from '../http/openapi.js';
import { notFound } from '../http/errors.js';
import { finishDocument } from '../http/openapi-document.js';
import { resolvePostcode } from '../postcodes/postcodes.js';
import { loadServiceView, loadServiceViews } from '../services/views.js';
import { listTaxonomy } from '../taxonomy/queries.js';
import { TAXONOMY_ID, TAXONOMY_NAME, termId } from './ids.js';
import {
  DAY_NAMES_LOWER,
  NO_EXTRAS,
  ORUK_DAYS,
  ORUK_PROFILE,
  orukLocation,
  orukService,
  orukServiceSummary,
  orukTerm,
  serviceAtLocationId,
} from './mapping.js';
import {
  organisationFacts,
  scheduleAnchors,
  serviceAtLocationPage,
  serviceAtLocationById,
  serviceExtras,
  servicePage,
  termsBySlug,
  type OrukFilters,
} from './queries.js';
import {
  page,
  Service,
  ServiceAtLocation,
  ServiceListItem,
  Taxonomy,
  TaxonomyTerm,
} from './schemas.js';
import type { Db } from '../../db/schema.js';

const tags = ['Open Referral UK'];

const PageParams = z.strictObject({
  page: z.coerce.number().int().min(1).default(1).openapi({ description: 'Page number, from 1' }),
  per_page: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ description: 'Items per page (at most 500)' }),
});
/** "HH:MM" or "HH:MM:SS" → "HH:MM". */
const Time = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, 'must be a time "HH:MM"')
  .transform((t) => t.slice(0, 5));
const Age = z.coerce.number().int('must be a whole number of years').min(0).max(130);
const ServiceFilterParams = PageParams.extend({
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'Words in the name, summary or description' }),
  taxonomy_term_id: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Tagged with this term (a parent term includes its children)' }),
  taxonomy_id: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Tagged with any term of this taxonomy' }),
  organization_id: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Run by this organization' }),
  modified_after: z.iso
    .datetime({ offset: true, message: 'must be a date-time such as 2026-01-31T00:00:00Z' })
    .or(z.iso.date())
    .optional()
    .openapi({
      description:
        'Changed after this moment (a date means its start, UTC): for incremental harvesting',
    }),
  minimum_age: Age.optional().openapi({
    description: 'Open to people this age or older (the service’s maximum age is not below it)',
  }),
  maximum_age: Age.optional().openapi({
    description: 'Open to people this age or younger (the service’s minimum age is not above it)',
  }),
  day: z
    .string()
    .transform((s, ctx) => {
      const v = s.trim().toLowerCase();
      const i = /^[1-7]$/.test(v)
        ? Number(v)
        : Math.max(
            ORUK_DAYS.findIndex((d) => d.toLowerCase() === v),
            DAY_NAMES_LOWER.indexOf(v),
          ) + 1;
      if (i < 1) {
        ctx.addIssue({ code: 'custom', message: 'must be 1-7, MO..SU or a day name' });
        return z.NEVER;
      }
      return i;
    })
    .optional()
    .openapi({
      description: 'Has a session on this day (MO..SU, a day name or 1-7, Monday = 1)',
      type: 'string',
    }),
  start_time: Time.optional().openapi({
    description: 'Has a session still open at or after this time (with day: that day)',
  }),
  end_time: Time.optional().openapi({
    description: 'Has a session starting before this time (with day: that day)',
  }),
  postcode: z
    .string()
    .trim()
    .max(10)
    .optional()
    .openapi({ description: 'With proximity: within that distance of this postcode' }),
  proximity: z.coerce
    .number()
    .positive('must be a positive number of metres')
    .max(200_000, 'must be at most 200000 metres')
    .optional()
    .openapi({ description: 'Metres from the postcode (default 5000 when a postcode is given)' }),
}).superRefine((q, ctx) => {
  if (q.proximity !== undefined && !q.postcode)
    ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'is required with proximity' });
  if (q.minimum_age !== undefined && q.maximum_age !== undefined && q.minimum_age > q.maximum_age)
    ctx.addIssue({
      code: 'custom',
      path: ['maximum_age'],
      message: 'must not be below minimum_age',
    });
  if (q.start_time && q.end_time && q.start_time >= q.end_time)
    ctx.addIssue({ code: 'custom', path: ['end_time'], message: 'must be after start_time' });
});
type ServiceFilterParams = z.infer<typeof ServiceFilterParams>;

const TermParams = PageParams.extend({
  top_only: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .openapi({ description: 'Only terms without a parent' }),
  parent_id: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Only the children of this term' }),
  taxonomy_id: z.string().uuid().optional().openapi({ description: 'Only terms of this taxonomy' }),
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'Words in the term’s name or code' }),
});

const DEFAULT_PROXIMITY_M = 5000;

function orukPage<T>(contents: T[], total: number, page: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: perPage,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const About = z
  .object({ version: z.string(), profile: z.string(), openapi_url: z.string() })
  .openapi('api_info');
export const ORUK_OPENAPI_PATH = '/api/v1/oruk/openapi.json';
const about = (publicUrl: string) => ({
  version: '3.0',
  profile: ORUK_PROFILE,
  openapi_url: `${publicUrl}${ORUK_OPENAPI_PATH}`,
});

async function filtersOf(
  c: { var: { db: Parameters<typeof resolvePostcode>[0] } },
  q: ServiceFilterParams,
): Promise<OrukFilters> {
  const near = q.postcode
    ? {
        ...(await resolvePostcode(c.var.db, q.postcode, { allowPartial: true })),
        metres: q.proximity ?? DEFAULT_PROXIMITY_M,
      }
    : undefined;
  return {
    search: q.search,
    termId: q.taxonomy_term_id,
    taxonomyId: q.taxonomy_id,
    organisationId: q.organization_id,
    modifiedAfter: q.modified_after
      ? new Date(
          q.modified_after.length === 10 ? `${q.modified_after}T00:00:00Z` : q.modified_after,
        )
      : undefined,
    minimumAge: q.minimum_age,
    maximumAge: q.maximum_age,
    day: q.day,
    startTime: q.start_time,
    endTime: q.end_time,
    near,
  };
}

export function orukRoutes() {
  const app = createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        operationId: 'getApiInfo',
        summary: 'ORUK API information',
        responses: { 200: jsonResponse(About, 'About this API') },
      }),
      (c) => c.json(about(c.var.config.publicUrl), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services',
        tags,
        operationId: 'listServices',
        summary: 'Services, a page at a time',
        request: { query: ServiceFilterParams },
        responses: {
          200: jsonResponse(page(ServiceListItem, 'service_page'), 'An ORUK page of services'),
          ...errorResponses(422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const db = c.var.db;
        const { total, ids } = await servicePage(db, await filtersOf(c, q), q.page, q.per_page);
        const views = await loadServiceViews(db, ids);
        const [orgs, extras] = await Promise.all([
          organisationFacts(
            db,
            views.map((v) => v.organisationId),
          ),
          serviceExtras(db, ids),
        ]);
        const contents = views.map((v) =>
          orukServiceSummary(v, orgs.get(v.organisationId)!, extras.get(v.id)),
        );
        return c.json(orukPage(contents, total, q.page, q.per_page) as never, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/services/{id}',
        tags,
        operationId: 'getService',
        summary: 'One service, fully nested',
        request: { params: UuidParam },
        responses: { 200: jsonResponse(Service, 'An ORUK service'), ...errorResponses(404, 422) },
      }),
      async (c) => {
        const db = c.var.db;
        const view = await loadServiceView(db, c.req.valid('param').id);
        const [orgs, terms, anchors, extras] = await Promise.all([
          organisationFacts(db, [view.organisationId]),
          termsBySlug(db),
          scheduleAnchors(db, [view.id]),
          serviceExtras(db, [view.id]),
        ]);
        return c.json(
          orukService(
            view,
            orgs.get(view.organisationId)!,
            terms,
            anchors.get(view.id) ?? [],
            extras.get(view.id),
          ) as never,
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/service_at_locations',
        tags,
        operationId: 'listServiceAtLocations',
        summary:
          'Each service at each of its locations; with postcode and proximity, nearest first',
        request: { query: ServiceFilterParams },
        responses: {
          200: jsonResponse(
            page(ServiceAtLocation, 'service_at_location_page'),
            'An ORUK page of services at locations',
          ),
          ...errorResponses(422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const db = c.var.db;
        const { total, pairs } = await serviceAtLocationPage(
          db,
          await filtersOf(c, q),
          q.page,
          q.per_page,
        );
        return c.json(
          orukPage(await serviceAtLocations(db, pairs), total, q.page, q.per_page) as never,
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/service_at_locations/{id}',
        tags,
        operationId: 'getServiceAtLocation',
        summary: 'One service at one location',
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(ServiceAtLocation, 'An ORUK service at a location'),
          ...errorResponses(404, 422),
        },
      }),
      async (c) => {
        const db = c.var.db;
        const pair = await serviceAtLocationById(db, c.req.valid('param').id);
        if (!pair) throw notFound('Service at location');
        const [item] = await serviceAtLocations(db, [pair]);
        return c.json(item as never, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/taxonomies',
        tags,
        operationId: 'listTaxonomies',
        summary: 'The taxonomies in use (one: our need tags)',
        request: { query: PageParams },
        responses: {
          200: jsonResponse(page(Taxonomy, 'taxonomy_page'), 'An ORUK page of taxonomies'),
          ...errorResponses(422),
        },
      }),
      (c) => {
        const { page: p, per_page } = c.req.valid('query');
        const all = [taxonomy()];
        return c.json(
          orukPage(all.slice((p - 1) * per_page, p * per_page), all.length, p, per_page),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/taxonomies/{id}',
        tags,
        operationId: 'getTaxonomy',
        summary: 'One taxonomy',
        request: { params: UuidParam },
        responses: { 200: jsonResponse(Taxonomy, 'An ORUK taxonomy'), ...errorResponses(404, 422) },
      }),
      (c) => {
        if (c.req.valid('param').id !== TAXONOMY_ID) throw notFound('Taxonomy');
        return c.json(taxonomy(), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/taxonomy_terms',
        tags,
        operationId: 'listTaxonomyTerms',
        summary: 'Taxonomy terms, parents first',
        request: { query: TermParams },
        responses: {
          200: jsonResponse(
            page(TaxonomyTerm, 'taxonomy_term_page'),
            'An ORUK page of taxonomy terms',
          ),
          ...errorResponses(422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const words = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const all = (await listTaxonomy(c.var.db))
          .sort((a, b) => Number(a.parentSlug !== null) - Number(b.parentSlug !== null))
          .filter((t) => !q.top_only || t.parentSlug === null)
          .filter(
            (t) => !q.parent_id || (t.parentSlug !== null && termId(t.parentSlug) === q.parent_id),
          )
          .filter(() => !q.taxonomy_id || q.taxonomy_id === TAXONOMY_ID)
          .filter((t) => words.every((w) => t.name.toLowerCase().includes(w) || t.slug.includes(w)))
          .map(orukTerm);
        return c.json(
          orukPage(
            all.slice((q.page - 1) * q.per_page, q.page * q.per_page),
            all.length,
            q.page,
            q.per_page,
          ),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/taxonomy_terms/{id}',
        tags,
        operationId: 'getTaxonomyTerm',
        summary: 'One taxonomy term',
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(TaxonomyTerm, 'An ORUK taxonomy term'),
          ...errorResponses(404, 422),
        },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        const term = (await listTaxonomy(c.var.db)).find((t) => termId(t.slug) === id);
        if (!term) throw notFound('Taxonomy term');
        return c.json(orukTerm(term), 200);
      },
    );
  // The ORUK routes only, as their own document: ORUK clients and validators read this one.
  app.get('/openapi.json', (c) => c.json(orukOpenApi(app, c.var.config.publicUrl)));
  return app;
}

/** The ORUK routes' own OpenAPI document (what `openapi_url` names); public, read-only. */
export function orukOpenApi(app: ReturnType<typeof createRouter>, publicUrl: string) {
  return finishDocument(
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Gapmap — Open Referral UK 3.0 API',
        version: '3.0',
        description: `The directory as the Open Referral UK profile of HSDS 3.0 (${ORUK_PROFILE}). Public, read-only, any origin (CORS). Response schemas are the profile's.`,
        contact: { name: 'Gapmap', url: publicUrl },
      },
      servers: [{ url: `${publicUrl}/api/v1/oruk`, description: 'This directory' }],
      security: [],
    }),
    { publicRoutes: 'all' },
  );
}

const taxonomy = () => ({
  id: TAXONOMY_ID,
  name: TAXONOMY_NAME,
  description: 'Two-level tree of social-prescribing need tags shared by services and need flags.',
  version: '1',
});

async function serviceAtLocations(db: Db, pairs: { serviceId: string; locationId: string }[]) {
  const serviceIds = [...new Set(pairs.map((p) => p.serviceId))];
  const views = new Map((await loadServiceViews(db, serviceIds)).map((v) => [v.id, v]));
  const [orgs, extras] = await Promise.all([
    organisationFacts(
      db,
      [...views.values()].map((v) => v.organisationId),
    ),
    serviceExtras(db, serviceIds),
  ]);
  return pairs.flatMap((p) => {
    const v = views.get(p.serviceId);
    const l = v?.locations.find((x) => x.id === p.locationId);
    if (!v || !l) return [];
    const x = extras.get(v.id) ?? NO_EXTRAS;
    return [
      {
        id: serviceAtLocationId(v.id, l.id, x),
        service_id: v.id,
        location_id: l.id,
        service: orukServiceSummary(v, orgs.get(v.organisationId)!, x),
        location: orukLocation(l, x.locations.get(l.id)?.extension ?? null),
      },
    ];
  });
}

/** The base with a trailing slash (`/api/v1/oruk/`), which ORUK clients often call; mounted beside the router. */
export function orukBaseWithSlash() {
  return createRouter().get('/', (c) => c.json(about(c.var.config.publicUrl), 200));
}
