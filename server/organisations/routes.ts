/** Organisations: a public-ish list, admin creation, and the organiser's own record. */
import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole } from '../http/auth.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { decodeCursor, NameIdCursor, PageQuery, pageSchema, toPage } from '../http/pagination.js';
import { requireDirectoryReader } from '../services/access.js';
import {
  changeOrganisation,
  createOrganisation,
  readOrganisation,
  toOrganisationView,
} from './organisations.js';
import { findOrganisations } from './queries.js';
import { OrganisationCreate, OrganisationPatch, OrganisationView } from './schemas.js';

const tags = ['Organisations'];
const ListQuery = PageQuery.extend({ q: z.string().trim().max(200).optional() });

export function organisationsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        middleware: [requireDirectoryReader] as const,
        summary: 'Organisations (signed-in users; everyone when the public directory is on)',
        request: { query: ListQuery },
        responses: {
          200: jsonResponse(pageSchema(OrganisationView), 'A page of organisations by name'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const { limit, cursor, q } = c.req.valid('query');
        const rows = await findOrganisations(c.var.db, {
          q,
          limit,
          after: decodeCursor(cursor, NameIdCursor),
        });
        const page = toPage(rows, limit, (o) => [o.name, o.id]);
        return c.json(
          { items: page.items.map(toOrganisationView), nextCursor: page.nextCursor },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        middleware: [requireRole('admin')] as const,
        summary: 'Add an organisation (admin)',
        request: { body: jsonBody(OrganisationCreate) },
        responses: {
          201: jsonResponse(OrganisationView, 'The new organisation'),
          ...errorResponses(400, 401, 403, 422),
        },
      }),
      async (c) =>
        c.json(
          toOrganisationView(
            await createOrganisation(c.var.db, currentUser(c), c.req.valid('json')),
          ),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags,
        middleware: [requireRole('organiser')] as const,
        summary: 'One organisation (its organisers, or an admin)',
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(OrganisationView, 'The organisation'),
          ...errorResponses(401, 403, 404, 422),
        },
      }),
      async (c) =>
        c.json(
          toOrganisationView(
            await readOrganisation(c.var.db, currentUser(c), c.req.valid('param').id),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        tags,
        middleware: [requireRole('organiser')] as const,
        summary: 'Change an organisation; send the version you read (a stale one is a 409)',
        request: { params: UuidParam, body: jsonBody(OrganisationPatch) },
        responses: {
          200: jsonResponse(OrganisationView, 'The changed organisation'),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          toOrganisationView(
            await changeOrganisation(
              c.var.db,
              currentUser(c),
              c.req.valid('param').id,
              c.req.valid('json'),
            ),
          ),
          200,
        ),
    );
}
