import { z } from '@hono/zod-openapi';
import { AGE_BANDS, BARRIERS } from '../../db/schema.js';
import { DateParam } from '../gaps/window-schemas.js';
import { MAX_BATCH } from './needs.js';

/** Optional fields also accept null (forms often send it), read as "not given". */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

export const NeedInputSchema = z
  .object({
    tags: z
      .array(z.string().min(1).max(100))
      .min(1, 'give at least one tag')
      .max(10, 'at most 10 tags'),
    postcode: opt(z.string().max(16)).openapi({
      type: 'string',
      description: 'A UK postcode (or its sector/district); turned into a cell and never stored',
    }),
    lat: opt(z.number().min(-90).max(90)).openapi({ type: 'number' }),
    lng: opt(z.number().min(-180).max(180)).openapi({ type: 'number' }),
    week: opt(DateParam).openapi({
      type: 'string',
      description: 'Any day of the week; stored as its Monday. Default: this week',
    }),
    barriers: opt(z.array(z.enum(BARRIERS)).max(BARRIERS.length)).openapi({
      type: 'array',
      items: { type: 'string', enum: [...BARRIERS] },
    }),
    ageBand: opt(z.enum(AGE_BANDS)).openapi({ type: 'string', enum: [...AGE_BANDS] }),
    language: opt(z.string().max(50)).openapi({ type: 'string' }),
    note: opt(z.string().max(280)).openapi({
      type: 'string',
      maxLength: 280,
      description: 'Refused (422, details.note = kind) if it looks like personal data',
    }),
  })
  .openapi('NeedFlagInput');

export const NeedBatchSchema = z
  .object({
    items: z
      .array(NeedInputSchema)
      .min(1, 'give at least one flag')
      .max(MAX_BATCH, `at most ${MAX_BATCH} flags per batch`),
  })
  .openapi('NeedFlagBatch');

export const NeedCreatedSchema = z
  .object({
    id: z.string().uuid(),
    cell: z.string(),
    week: z.string(),
    countsFrom: z.string().openapi({
      description:
        "When the flag's week is published and the flag starts to count in the figures (ISO time)",
    }),
  })
  .openapi('NeedFlagCreated');

export const OwnFlagSchema = z
  .object({
    id: z.string().uuid(),
    cell: z.string(),
    week: z.string(),
    tags: z.array(z.string()),
    barriers: z.array(z.string()),
    ageBand: z.string().nullable(),
    language: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    undoUntil: z.string(),
    countsFrom: z
      .string()
      .openapi({ description: 'When its week is published (undo closes then at the latest)' }),
  })
  .openapi('OwnNeedFlag');

export const PopularTagSchema = z
  .object({ slug: z.string(), name: z.string(), parent: z.string().nullable() })
  .openapi('PopularTag');

export type NeedCreated = z.infer<typeof NeedCreatedSchema>;
export type OwnFlag = z.infer<typeof OwnFlagSchema>;
export type PopularTag = z.infer<typeof PopularTagSchema>;
