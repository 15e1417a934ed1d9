/**
 * The need taxonomy (GET /api/v1/taxonomy), loaded once through the router's query cache: tag
 * names for cards and the tag filter. The admin's taxonomy page refreshes it after an edit.
 */
import { query, revalidate } from '@solidjs/router';
import { createResource } from 'solid-js';
import { api } from '../api.js';
import type { TaxonomyTerm } from '../../server/taxonomy/schemas.js';

export type { TaxonomyTerm } from '../../server/taxonomy/schemas.js';

export const getTaxonomy = query(
  async () => (await api.get<{ items: TaxonomyTerm[] }>('/api/v1/taxonomy')).items,
  'taxonomy',
);

/**
 * The app's one reader of the taxonomy, made when the module loads. A plain resource, not
 * `createAsync`: the query, called with an owner, needs the router around it, and this reader
 * lives outside any component. The query still shares the fetch with every other caller.
 */
const [taxonomy, { refetch }] = createResource(() => getTaxonomy());
export { taxonomy };

/** After an edit: drop the cached taxonomy and load it again, so every page shows the change. */
export async function refreshTaxonomy(): Promise<void> {
  await revalidate(getTaxonomy.key);
  await refetch();
}

/** A tag's display name, or its slug while the taxonomy loads. */
export function tagName(slug: string): string {
  return taxonomy.latest?.find((t) => t.slug === slug)?.name ?? slug;
}

/** Top-level tags, each with its children, for grouped pickers. */
export function taxonomyTree(
  terms: TaxonomyTerm[],
): { term: TaxonomyTerm; children: TaxonomyTerm[] }[] {
  return terms
    .filter((t) => t.parent === null)
    .map((term) => ({ term, children: terms.filter((t) => t.parent === term.slug) }));
}
