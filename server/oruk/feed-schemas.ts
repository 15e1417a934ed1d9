/** Request and response shapes of the feed routes (admin), and their types for the client. */
import { z } from '@hono/zod-openapi';

export const FeedInput = z.strictObject({
  url: z
    .string()
    .trim()
    .url('must be a web address')
    .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
    .openapi({
      description: 'The feed’s ORUK API base (…/services may be given)',
      example: 'https://directory.example.gov.uk/api/v1',
    }),
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(120)
    .optional()
    .openapi({ description: 'Defaults to the web address’s host' }),
  intervalMinutes: z
    .number()
    .int()
    .min(15, 'must be at least 15')
    .max(43_200, 'must be at most 43200 (30 days)')
    .default(1440),
});
export const FeedPatch = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  intervalMinutes: z
    .number()
    .int()
    .min(15, 'must be at least 15')
    .max(43_200, 'must be at most 43200 (30 days)')
    .optional(),
  enabled: z.boolean().optional(),
});

export const Run = z
  .object({
    id: z.string(),
    feedId: z.string(),
    status: z.enum(['running', 'succeeded', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    modifiedAfter: z.string().nullable(),
    firstPage: z.number().int(),
    pages: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(
      z.object({
        id: z.string().nullable(),
        page: z.number().int(),
        errors: z.record(z.string(), z.string()),
      }),
    ),
    error: z.string().nullable(),
  })
  .openapi('OrukHarvestRun');
export const Feed = z
  .object({
    id: z.string(),
    url: z.string(),
    name: z.string(),
    intervalMinutes: z.number().int(),
    enabled: z.boolean(),
    nextRunAt: z.string(),
    harvestedThrough: z.string().nullable(),
    running: z.boolean(),
    resumePage: z.number().int().nullable(),
    lastRun: Run.nullable(),
  })
  .openapi('OrukFeed');

export type Feed = z.infer<typeof Feed>;
export type HarvestRun = z.infer<typeof Run>;
