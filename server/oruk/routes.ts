/**
 * Open Referral UK 3.0 read API (public, as the contract says: it is the open-data face of the
 * directory). Pages are numbered, as ORUK clients expect, with a total count.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonResponse, UuidParam } from '../http/openapi.js';
import { matchingServices } from '../services/queries.js';
import { loadServiceView, loadServiceViews } from '../services/views.js';
import { listTaxonomy, expandTags } from '../taxonomy/queries.js';
import { TAXONOMY_ID, TAXONOMY_NAME } from './ids.js';
import { ORUK_DAYS, ORUK_PROFILE, orukService, orukServiceSummary, orukTerm } from './mapping.js';
import { organisationFacts, scheduleAnchors, slugsByTermId, termsBySlug } from './queries.js';

const tags = ['Open Referral UK'];
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const PageParams = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
});
const ServicesQuery = PageParams.extend({
  search: z.string().trim().max(200).optional(),
  taxonomy_term_id: z.string().uuid().optional(),
  day: z
    .string()
    .transform((s, ctx) => {
      const v = s.trim().toLowerCase();
      const i = /^[1-7]$/.test(v) ? Number(v) : Math.max(ORUK_DAYS.findIndex((d) => d.toLowerCase() === v), DAY_NAMES.indexOf(v)) + 1;
      if (i < 1) {
        ctx.addIssue({ code: 'custom', message: 'must be 1-7, MO..SU or a day name' });
        return z.NEVER;
      }
      return i;
    })
    .optional(),
});

const OrukPage = z.object({
  total_items: z.number().int(), total_pages: z.number().int(), page_number: z.number().int(), size: z.number().int(),
  first_page: z.boolean(), last_page: z.boolean(), empty: z.boolean(), contents: z.array(z.any()),
});

function orukPage<T>(contents: T[], total: number, page: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total, total_pages: totalPages, page_number: page, size: perPage,
    first_page: page === 1, last_page: page >= totalPages, empty: contents.length === 0, contents,
  };
}

const About = z.object({ version: z.string(), profile: z.string(), openapi_url: z.string() });
const about = (publicUrl: string) => ({ version: '3.0', profile: ORUK_PROFILE, openapi_url: `${publicUrl}/api/openapi.json` });

export function orukRoutes() {
  const app = createRouter()
    .openapi(
      createRoute({ method: 'get', path: '/', tags, summary: 'ORUK API information', responses: { 200: jsonResponse(About, 'About this API') } }),
      (c) => c.json(about(c.var.config.publicUrl), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services', tags, summary: 'Services, a page at a time',
        request: { query: ServicesQuery }, responses: { 200: jsonResponse(OrukPage, 'An ORUK page of services'), ...errorResponses(422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const db = c.var.db;
        let tagsFilter: string[] | undefined;
        if (q.taxonomy_term_id) {
          const slug = (await slugsByTermId(db)).get(q.taxonomy_term_id);
          // An unknown term matches nothing (rather than everything).
          tagsFilter = slug ? await expandTags(db, [slug]) : ['-no-such-term-'];
        }
        const base = matchingServices(db, { q: q.search, tags: tagsFilter, day: q.day });
        const [{ n }, rows] = await Promise.all([
          base.select(({ fn }) => fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
          base.select('services.id').orderBy('services.name').orderBy('services.id').limit(q.per_page).offset((q.page - 1) * q.per_page).execute(),
        ]);
        const views = await loadServiceViews(db, rows.map((r) => r.id));
        const orgs = await organisationFacts(db, views.map((v) => v.organisationId));
        const contents = views.map((v) => orukServiceSummary(v, orgs.get(v.organisationId)!));
        return c.json(orukPage(contents, Number(n), q.page, q.per_page), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services/{id}', tags, summary: 'One service, fully nested',
        request: { params: UuidParam }, responses: { 200: jsonResponse(z.any(), 'An ORUK service'), ...errorResponses(404, 422) },
      }),
      async (c) => {
        const db = c.var.db;
        const view = await loadServiceView(db, c.req.valid('param').id);
        const [orgs, terms, anchors] = await Promise.all([organisationFacts(db, [view.organisationId]), termsBySlug(db), scheduleAnchors(db, [view.id])]);
        return c.json(orukService(view, orgs.get(view.organisationId)!, terms, anchors.get(view.id) ?? []), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/taxonomies', tags, summary: 'The taxonomies in use (one: our need tags)',
        request: { query: PageParams }, responses: { 200: jsonResponse(OrukPage, 'An ORUK page of taxonomies'), ...errorResponses(422) },
      }),
      (c) => {
        const { page, per_page } = c.req.valid('query');
        const all = [{ id: TAXONOMY_ID, name: TAXONOMY_NAME, description: 'Two-level tree of social-prescribing need tags shared by services and need flags.', version: '1' }];
        return c.json(orukPage(all.slice((page - 1) * per_page, page * per_page), all.length, page, per_page), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/taxonomy_terms', tags, summary: 'Taxonomy terms, parents first',
        request: { query: PageParams }, responses: { 200: jsonResponse(OrukPage, 'An ORUK page of taxonomy terms'), ...errorResponses(422) },
      }),
      async (c) => {
        const { page, per_page } = c.req.valid('query');
        const all = (await listTaxonomy(c.var.db)).sort((a, b) => Number(a.parentSlug !== null) - Number(b.parentSlug !== null)).map(orukTerm);
        return c.json(orukPage(all.slice((page - 1) * per_page, page * per_page), all.length, page, per_page), 200);
      },
    );
  return app;
}

/** The base with a trailing slash (`/api/v1/oruk/`), which ORUK clients often call; mounted beside the router. */
export function orukBaseWithSlash() {
  return createRouter().get('/', (c) => c.json(about(c.var.config.publicUrl), 200));
}
