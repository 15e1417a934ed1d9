/** Request and response shapes of the gap routes (GET /gaps, POST /gap-check), and their types for the client. */
import { z } from '@hono/zod-openapi';
import { AREA_KINDS } from '../../db/schema.js';
import { TagsParam } from '../geo/params.js';
import { SuppressedCountSchema } from '../privacy/suppression.js';
import { ServiceViewSchema } from '../services/schemas.js';
import { DEFAULT_RADIUS_KM } from './gap-check.js';
import { WindowQuery, WindowSchema } from './window-schemas.js';

export const GapItemSchema = z
  .object({
    cell: z
      .string()
      .optional()
      .openapi({ description: 'H3 index (res 8, or res 7 for funders and by=cell7)' }),
    res: z.union([z.literal(7), z.literal(8)]).optional(),
    areaId: z.string().uuid().optional(),
    place: z.string(),
    tag: z.string(),
    demand: SuppressedCountSchema,
    supply: z.number().openapi({
      description:
        'Places within reach: Σ capacity × barrier fit of services whose catchment touches the unit',
    }),
    score: z.number().nullable().openapi({
      description:
        'Published demand × share unmet after E2SFCA allocation (higher = bigger gap); null for a "<8" unit, which carries no derived figure and ranks after every numbered unit',
    }),
    reason: z.string(),
  })
  .openapi('Gap');
/** One ranked gap of GET /api/v1/gaps (and of an area summary's top gaps). */
export type GapItem = z.infer<typeof GapItemSchema>;

export const SearchMissUnitSchema = z
  .object({
    cell: z.string().openapi({ description: 'H3 res-7 index' }),
    res: z.literal(7),
    tag: z.string(),
    count: SuppressedCountSchema,
  })
  .openapi('SearchMissUnit');
export type SearchMissUnit = z.infer<typeof SearchMissUnitSchema>;

export const GapsQuery = WindowQuery.extend({
  by: z
    .enum(['cell', 'cell7', 'area'])
    .default('cell')
    .openapi({ description: 'cell (res 8; res 7 for funders), cell7 or area' }),
  tag: TagsParam.optional(),
  kind: z.enum(AREA_KINDS).optional().openapi({
    description: 'Area kind for by=area (default: wards if imported, else neighbourhoods…)',
  }),
  areaId: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Only need inside this imported area' }),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(200).optional(),
  raw: z.enum(['0', '1']).optional().openapi({ description: 'Admins only: 1 shows exact demand' }),
});

export const GapsPageSchema = z.object({
  items: z.array(GapItemSchema),
  nextCursor: z.string().nullable(),
  publishedThrough: z.string().nullable(),
  window: WindowSchema,
  searchMisses: z.array(SearchMissUnitSchema).openapi({
    description:
      'Searches that found nothing (signed-in directory searches for a tag near a place with no active service within the radius), per res-7 cell and tag, from the same published weeks; a separate signal, never added into demand. First page only.',
  }),
});
export type GapsPage = z.infer<typeof GapsPageSchema>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const Session = z
  .object({
    day: z.number().int().min(1).max(7).openapi({ description: 'ISO day, Monday = 1' }),
    start: HHMM,
    end: HHMM,
  })
  .refine((s) => s.start < s.end, { message: 'must end after it starts', path: ['end'] });
export const GapCheckBody = z
  .object({
    tags: z.array(z.string().min(1).max(80)).min(1).max(20),
    postcode: z.string().max(16).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    radiusKm: z.number().positive().max(5).default(DEFAULT_RADIUS_KM),
    schedule: z.array(Session).max(14).optional(),
  })
  .refine((b) => b.postcode !== undefined || (b.lat !== undefined && b.lng !== undefined), {
    message: 'give a postcode or both lat and lng',
    path: ['postcode'],
  })
  .openapi('GapCheckRequest');
/** What the client sends (radiusKm may be left out: the server's default). */
export type GapCheckRequest = z.input<typeof GapCheckBody>;

export const VerdictSchema = z.enum(['likely_gap', 'partly_served', 'already_served']);

export const GapCheckResultSchema = z
  .object({
    verdict: VerdictSchema,
    similar: z.array(
      z.object({
        service: ServiceViewSchema,
        distanceKm: z.number(),
        scheduleOverlap: z.boolean(),
        misses: z.array(z.string()).openapi({
          description: 'What keeps it from serving the need here, in words ("1.2 km away", "paid")',
        }),
      }),
    ),
    demand: SuppressedCountSchema,
    topBarriers: z.array(z.object({ barrier: z.string(), count: SuppressedCountSchema })),
    venues: z
      .array(
        z.object({
          location: z.object({
            id: z.string().uuid(),
            name: z.string(),
            address: z.string().nullable(),
            postcode: z.string().nullable(),
            district: z.string().nullable(),
            lat: z.number(),
            lng: z.number(),
            bookingInfo: z.string().nullable(),
            accessibility: z.array(z.string()),
          }),
          distanceKm: z.number(),
        }),
      )
      .openapi({
        description: 'Bookable, non-confidential venues within the radius, nearest first',
      }),
    activeLinkWorkers: SuppressedCountSchema,
    explanation: z.string(),
    searchMisses: SuppressedCountSchema.openapi({
      description:
        'Searches that found nothing near here: a separate signal, never added into demand',
    }),
    cell: z
      .string()
      .openapi({ description: 'The H3 res-8 cell checked (the place as the server used it)' }),
    radiusKm: z.number(),
    window: WindowSchema,
    publishedThrough: z.string().nullable().openapi({
      description: 'Monday of the newest published week: the need figures run to the end of it',
    }),
  })
  .openapi('GapCheckResult');
export type GapCheckResult = z.infer<typeof GapCheckResultSchema>;
