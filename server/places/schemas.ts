/** Request and response shapes of the place search, and their types for the client. */
import { z } from '@hono/zod-openapi';

export const PlaceSchema = z
  .object({
    kind: z.enum(['area', 'postcode', 'venue']),
    name: z.string(),
    lat: z.number(),
    lng: z.number(),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    areaKind: z.string().optional(),
    detail: z.string(),
    precision: z.enum(['unit', 'sector', 'district']).optional(),
  })
  .openapi('Place');

export const PlacesQuery = z.object({
  q: z.string().trim().min(1, 'type at least one character').max(100),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});

export type Place = z.infer<typeof PlaceSchema>;
