/**
 * Service points are coloured by the top-level group of their first tag (Money, Housing…), so a
 * glance shows what kind of help is where. Colour is never the only carrier: the legend names
 * each colour, and every card and list row names the tags.
 */
import type { TaxonomyTerm } from '../taxonomy.js';
import type { ServicePoints } from './provisionLayer.js';

/** Dark enough for a white halo and 3:1 against the map background; distinct under common colour-vision deficiencies as far as 12 colours can be. */
export const GROUP_PALETTE = [
  '#0b5cad',
  '#b33c00',
  '#1a6b36',
  '#8e2d7a',
  '#6b5400',
  '#005f73',
  '#a4161a',
  '#4a3f9e',
  '#2f5d50',
  '#7a4419',
  '#1f4e8c',
  '#5c3d2e',
];
export const UNGROUPED_COLOUR = '#4a5561';

/** group slug → colour, in taxonomy order (stable for a given taxonomy). */
export function groupColours(terms: TaxonomyTerm[]): Map<string, string> {
  const groups = terms.filter((t) => t.parent === null);
  return new Map(groups.map((g, i) => [g.slug, GROUP_PALETTE[i % GROUP_PALETTE.length]!]));
}

export function groupOf(tags: string[], terms: TaxonomyTerm[]): string | null {
  const first = tags[0];
  if (!first) return null;
  const term = terms.find((t) => t.slug === first);
  return term ? (term.parent ?? term.slug) : null;
}

/** The points with `group` and `groupColour` properties for the layer's data-driven colour. */
export function withGroups(points: ServicePoints, terms: TaxonomyTerm[]): ServicePoints {
  const colours = groupColours(terms);
  return {
    ...points,
    features: points.features.map((f) => {
      const group = groupOf(f.properties.tags, terms);
      return {
        ...f,
        properties: {
          ...f.properties,
          group,
          groupColour: (group && colours.get(group)) || UNGROUPED_COLOUR,
        },
      };
    }),
  };
}

/** The groups present among these points, for the legend: name and colour. */
export function groupsInView(
  points: ServicePoints | undefined,
  terms: TaxonomyTerm[],
): { slug: string; name: string; colour: string }[] {
  const colours = groupColours(terms);
  const present = new Set(
    (points?.features ?? [])
      .map((f) => groupOf(f.properties.tags, terms))
      .filter((g): g is string => !!g),
  );
  return terms
    .filter((t) => t.parent === null && present.has(t.slug))
    .map((t) => ({ slug: t.slug, name: t.name, colour: colours.get(t.slug) ?? UNGROUPED_COLOUR }));
}
