/** The need taxonomy (GET /api/v1/taxonomy), loaded once: tag names for cards and the tag filter. */
import { createResource } from 'solid-js';
import { api } from '../api.js';
import type { TaxonomyTerm } from '../../server/taxonomy/schemas.js';

export type { TaxonomyTerm } from '../../server/taxonomy/schemas.js';

const [taxonomy] = createResource(async () => (await api.get<{ items: TaxonomyTerm[] }>('/api/v1/taxonomy')).items);
export { taxonomy };

/** A tag's display name, or its slug while the taxonomy loads. */
export function tagName(slug: string): string {
  return taxonomy.latest?.find((t) => t.slug === slug)?.name ?? slug;
}

/** Top-level tags, each with its children, for grouped pickers. */
export function taxonomyTree(terms: TaxonomyTerm[]): { term: TaxonomyTerm; children: TaxonomyTerm[] }[] {
  return terms.filter((t) => t.parent === null).map((term) => ({ term, children: terms.filter((t) => t.parent === term.slug) }));
}
