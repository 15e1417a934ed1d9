/** Response shapes of the map routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { SuppressedCountSchema } from '../privacy/suppression.js';

export const NeedMapSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    res: z.number().int(),
    window: z.object({ from: z.string(), to: z.string(), weeks: z.number().int() }),
    publishedThrough: z.string().nullable().openapi({
      description: 'Monday of the newest published week: figures run to the end of that week',
    }),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.object({
          type: z.literal('Polygon'),
          coordinates: z.array(z.array(z.array(z.number()))),
        }),
        properties: z.object({
          cell: z.string(),
          count: SuppressedCountSchema,
          tags: z.record(z.string(), SuppressedCountSchema),
        }),
      }),
    ),
  })
  .openapi('NeedMap');
export type NeedMap = z.infer<typeof NeedMapSchema>;
export type NeedProperties = NeedMap['features'][number]['properties'];
