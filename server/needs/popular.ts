import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import { listTaxonomy } from '../taxonomy/queries.js';
import {
  byPublishedValue,
  isNumbered,
  publishOptions,
  suppressCount,
} from '../privacy/suppression.js';
import { publishedWindow } from '../releases/releases.js';
import { ownTagUse, tagTotals } from './queries.js';
import { PopularTagSchema } from './schemas.js';

const DAY_MS = 86_400_000;

/**
 * The flag page's tag picker: the caller's own most used tags first (their unpublished flags:
 * published ones no longer name their author), then the tags flagged most across the area in the
 * last 12 published weeks, ordered by their published counts (numbered tags first, then "<8" ones
 * by slug: an order is derived from published values only), then the rest of the leaf tags in
 * taxonomy order. Only an order is returned, never a count.
 */
export function popularTagsRoute() {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/tags/popular',
      tags: ['Need flags'],
      summary: 'Tags for the flag picker, most used first',
      middleware: [requireRole('link_worker')] as const,
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(12) }) },
      responses: {
        200: jsonResponse(z.object({ items: z.array(PopularTagSchema) }), 'Most used first'),
        ...errorResponses(401, 403, 422),
      },
    }),
    async (c) => {
      const user = currentUser(c);
      const { limit } = c.req.valid('query');
      const db = c.var.db;
      const now = Date.now();
      const window = await publishedWindow(db, {});
      const [own, totals, taxonomy] = await Promise.all([
        ownTagUse(db, user.id, new Date(now - 90 * DAY_MS), limit),
        window.weeks ? tagTotals(db, window) : Promise.resolve([]),
        listTaxonomy(db),
      ]);
      const publish = publishOptions(c.var.config);
      const area = totals
        .map((t) => ({ tagSlug: t.tagSlug, count: suppressCount(t, publish) }))
        .filter((t) => isNumbered(t.count))
        .sort(
          byPublishedValue(
            (t) => t.count,
            (t) => t.tagSlug,
          ),
        )
        .slice(0, limit);
      const bySlug = new Map(taxonomy.map((t) => [t.slug, t]));
      const leaves = taxonomy.filter((t) => t.parentSlug !== null).map((t) => t.slug);
      const order = [
        ...new Set([...own.map((o) => o.tagSlug), ...area.map((a) => a.tagSlug), ...leaves]),
      ];
      const items = order.flatMap((slug) => {
        const t = bySlug.get(slug);
        return t ? [{ slug, name: t.name, parent: t.parentSlug }] : [];
      });
      return c.json({ items: items.slice(0, limit) }, 200);
    },
  );
}
