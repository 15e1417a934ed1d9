/**
 * The need taxonomy (GET /api/v1/taxonomy), loaded once through the router's query cache: tag
 * names for cards and the tag filter. The admin's taxonomy page revalidates it after an edit.
 */
import { createAsync, query } from '@solidjs/router';
import { createRoot } from 'solid-js';
import { api } from '../api.js';

export interface TaxonomyTerm {
  slug: string;
  name: string;
  parent: string | null;
}

export const getTaxonomy = query(async () => (await api.get<{ items: TaxonomyTerm[] }>('/api/v1/taxonomy')).items, 'taxonomy');

/** The taxonomy for the whole app: one reader that lives as long as the page, so the cache entry does too. */
export const taxonomy = createRoot(() => createAsync(() => getTaxonomy()));

/** A tag's display name, or its slug while the taxonomy loads. */
export function tagName(slug: string): string {
  return taxonomy.latest?.find((t) => t.slug === slug)?.name ?? slug;
}

/** Top-level tags, each with its children, for grouped pickers. */
export function taxonomyTree(terms: TaxonomyTerm[]): { term: TaxonomyTerm; children: TaxonomyTerm[] }[] {
  return terms.filter((t) => t.parent === null).map((term) => ({ term, children: terms.filter((t) => t.parent === term.slug) }));
}
