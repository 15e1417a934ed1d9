import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, jsonResponse } from '../http/openapi.js';
import { listTaxonomy } from './queries.js';

export const TaxonomyItemSchema = z
  .object({ slug: z.string(), name: z.string(), parent: z.string().nullable() })
  .openapi('TaxonomyTerm');

export function taxonomyRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['Taxonomy'],
      summary: 'The two-level tree of need tags (public)',
      responses: { 200: jsonResponse(z.object({ items: z.array(TaxonomyItemSchema) }), 'Every tag, parents first') },
    }),
    async (c) => {
      const rows = await listTaxonomy(c.var.db);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json({ items: rows.map((r) => ({ slug: r.slug, name: r.name, parent: r.parentSlug })) }, 200);
    },
  );
}
