/** Request and response shapes of the release routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { DateParam } from '../gaps/window-schemas.js';

export const Release = z
  .object({
    week: z.string().openapi({ description: 'Monday of the published ISO week' }),
    revision: z
      .number()
      .int()
      .openapi({ description: '1, or higher after a moderation removal was published' }),
    reason: z.enum(['scheduled', 'early', 'moderation', 'seed']),
    publishedAt: z.string(),
  })
  .openapi('Release');

export const Releases = z
  .object({
    latestWeek: z.string().nullable().openapi({
      description: 'Monday of the newest published week; every week up to it is published',
    }),
    nextScheduled: z
      .string()
      .nullable()
      .openapi({ description: 'When the next week is published automatically' }),
    items: z.array(Release),
    nextCursor: z.string().nullable(),
  })
  .openapi('Releases');

export const PublishBody = z
  .object({
    through: DateParam.openapi({
      description: 'A day of the last week to publish (it must have ended)',
    }),
  })
  .strict();

export type Release = z.infer<typeof Release>;
export type Releases = z.infer<typeof Releases>;
