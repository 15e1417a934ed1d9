/**
 * The need taxonomy (GET /api/v1/taxonomy), loaded once through the router's query cache: tag
 * names for cards and the tag filter. The admin's taxonomy page revalidates it after an edit.
 */
import { createAsync, query, type AccessorWithLatest } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { api } from '../api.js';

export interface TaxonomyTerm {
  slug: string;
  name: string;
  parent: string | null;
}

export const getTaxonomy = query(async () => (await api.get<{ items: TaxonomyTerm[] }>('/api/v1/taxonomy')).items, 'taxonomy');

/**
 * The app's one reader of the taxonomy, made by the shell (`readTaxonomy`): the query needs the
 * router around it, and a reader that lives as long as the app keeps the cache entry alive.
 */
const [reader, setReader] = createSignal<AccessorWithLatest<TaxonomyTerm[] | undefined>>();

/** Called once by the shell, inside the router. */
export function readTaxonomy(): void {
  setReader(() => createAsync(() => getTaxonomy()));
}

/** The taxonomy, undefined until it has loaded (`.latest` keeps the last one while it reloads). */
export const taxonomy = Object.assign(() => reader()?.(), {
  get latest() {
    return reader()?.latest;
  },
});

/** A tag's display name, or its slug while the taxonomy loads. */
export function tagName(slug: string): string {
  return taxonomy.latest?.find((t) => t.slug === slug)?.name ?? slug;
}

/** Top-level tags, each with its children, for grouped pickers. */
export function taxonomyTree(terms: TaxonomyTerm[]): { term: TaxonomyTerm; children: TaxonomyTerm[] }[] {
  return terms.filter((t) => t.parent === null).map((term) => ({ term, children: terms.filter((t) => t.parent === term.slug) }));
}
