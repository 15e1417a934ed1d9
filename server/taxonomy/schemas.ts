/** Request and response shapes of the taxonomy routes, and their types for the client. */
import { z } from '@hono/zod-openapi';

export const TaxonomyItemSchema = z
  .object({ slug: z.string(), name: z.string(), parent: z.string().nullable() })
  .openapi('TaxonomyTerm');

export const EditedTag = TaxonomyItemSchema.extend({ position: z.number().int() }).openapi(
  'TaxonomyTermEdited',
);
const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. mens-groups')
  .max(80);
const Name = z.string().trim().min(1, 'must not be empty').max(120);
const Position = z.number().int().min(0).max(10_000);

export const TagCreate = z
  .object({
    slug: Slug,
    name: Name,
    parent: Slug.nullable().optional(),
    position: Position.optional(),
  })
  .strict()
  .openapi('TaxonomyTermCreate');
export const TagPatch = z
  .object({
    name: Name.optional(),
    parent: Slug.nullable().optional(),
    position: Position.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, {
    message: 'give at least one of name, parent, position',
    path: ['_'],
  })
  .openapi('TaxonomyTermChange');
export const SlugParam = z.object({ slug: Slug.openapi({ param: { name: 'slug', in: 'path' } }) });

export type TaxonomyTerm = z.infer<typeof TaxonomyItemSchema>;
