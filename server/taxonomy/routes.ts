import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { createTag, updateTag } from './editing.js';
import { listTaxonomy } from './queries.js';
import { EditedTag, SlugParam, TagCreate, TagPatch, TaxonomyItemSchema } from './schemas.js';

export function taxonomyRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['Taxonomy'],
        summary: 'The two-level tree of need tags (public)',
        responses: {
          200: jsonResponse(
            z.object({ items: z.array(TaxonomyItemSchema) }),
            'Every tag, parents first',
          ),
        },
      }),
      async (c) => {
        const rows = await listTaxonomy(c.var.db);
        c.header('Cache-Control', 'public, max-age=60');
        return c.json(
          { items: rows.map((r) => ({ slug: r.slug, name: r.name, parent: r.parentSlug })) },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['Taxonomy'],
        summary: 'Add a tag (admin); the slug is permanent',
        middleware: [requireRole('admin')] as const,
        request: { body: jsonBody(TagCreate) },
        responses: {
          201: jsonResponse(EditedTag, 'The new tag'),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      }),
      async (c) => {
        const tag = await createTag(c.var.db, currentUser(c), c.req.valid('json'));
        return c.json(tag, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{slug}',
        tags: ['Taxonomy'],
        summary: 'Rename, move or reorder a tag (admin)',
        middleware: [requireRole('admin')] as const,
        request: { params: SlugParam, body: jsonBody(TagPatch) },
        responses: {
          200: jsonResponse(EditedTag, 'The tag'),
          ...errorResponses(400, 401, 403, 404, 422),
        },
      }),
      async (c) => {
        const tag = await updateTag(
          c.var.db,
          currentUser(c),
          c.req.valid('param').slug,
          c.req.valid('json'),
        );
        return c.json(tag, 200);
      },
    );
}
