/** Response shapes of the dashboard routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { WindowSchema } from '../gaps/window-schemas.js';
import { SuppressedCountSchema } from '../privacy/suppression.js';

export const TrendsResponse = z
  .object({
    window: WindowSchema,
    publishedThrough: z.string().nullable(),
    level: z.enum(['group', 'tag']),
    months: z.array(z.string()),
    series: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        points: z.array(z.object({ month: z.string(), count: SuppressedCountSchema })),
      }),
    ),
  })
  .openapi('NeedTrends');
export type NeedTrends = z.infer<typeof TrendsResponse>;
export type TrendSeries = NeedTrends['series'][number];
