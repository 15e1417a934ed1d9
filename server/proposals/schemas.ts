/** Request and response shapes of the co-design routes. */
import { z } from '@hono/zod-openapi';
import { COMMITMENTS, PROPOSAL_STAGES, ROLES } from '../../db/schema.js';
import { GapCheckResultSchema } from '../gaps/schemas.js';
import { WindowSchema } from '../gaps/window-schemas.js';
import { SuppressedCountSchema } from '../privacy/suppression.js';
import { Postcode } from '../services/schemas.js';

const Time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time "HH:MM"');
export const ProposedSession = z
  .strictObject({ day: z.number().int().min(1).max(7), start: Time, end: Time })
  .refine((s) => s.end > s.start, { message: 'must end after it starts', path: ['end'] });
const Title = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
const Description = z.string().trim().max(5000, 'must be at most 5000 characters');
const Hurdles = z.array(z.string().trim().min(1).max(200)).max(20);

export const ProposalCreate = z
  .strictObject({
    title: Title,
    tags: z.array(z.string().min(1).max(80)).min(1, 'name at least one need').max(10),
    postcode: Postcode.optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    description: Description.default(''),
    schedule: z.array(ProposedSession).max(20).default([]),
    venueLocationId: z.string().uuid().optional(),
    radiusKm: z.number().positive().max(20).optional(),
    /** Admins open proposals on behalf of an organisation; organisers always for their own. */
    organisationId: z.string().uuid().optional(),
  })
  .openapi('ProposalCreate');
export type ProposalCreate = z.infer<typeof ProposalCreate>;

export const ProposalPatch = z
  .strictObject({
    version: z.number().int().min(1),
    stage: z.enum(PROPOSAL_STAGES).optional(),
    title: Title.optional(),
    description: Description.optional(),
    hurdles: Hurdles.optional(),
    schedule: z.array(ProposedSession).max(20).optional(),
  })
  .openapi('ProposalPatch');
export type ProposalPatch = z.infer<typeof ProposalPatch>;

export const MemberBody = z.strictObject({
  commitment: z.enum(COMMITMENTS),
  hoursPerMonth: z.number().int().min(0).max(200).nullable().optional(),
});
export const CommentBody = z.strictObject({
  body: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
});
export const PartnerBody = z.strictObject({
  organisationId: z.string().uuid(),
  note: z.string().trim().max(500).optional(),
});
export const BackingBody = z.strictObject({
  amountPence: z.number().int().positive().max(1_000_000_000),
  period: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(60)
    .openapi({ example: '12 months from April 2027' }),
});
export const LaunchBody = z.strictObject({
  /** The card text; defaults to the start of the description. */
  summary: z.string().trim().min(1).max(280).optional(),
  /** Admins launch on behalf of an organisation; organisers always launch for their own. */
  organisationId: z.string().uuid().optional(),
});

export const ListQueryStage = z.enum(PROPOSAL_STAGES);

/**
 * The gap check stored when the proposal was opened: the POST /gap-check answer of that moment.
 * Funders see its cell coarsened to res 7 (with `res`); answers stored before search misses were
 * counted have no `searchMisses`.
 */
export const StoredGapCheckSchema = GapCheckResultSchema.partial({ searchMisses: true })
  .extend({
    res: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Set when the cell was coarsened (funders: 7)' }),
  })
  .openapi('StoredGapCheck', {
    description:
      'The gap-check result stored when the proposal was opened (POST /api/v1/gap-check shape)',
  });
export type StoredGapCheck = z.infer<typeof StoredGapCheckSchema>;

export const Stage = z.enum(PROPOSAL_STAGES);
export type Stage = z.infer<typeof Stage>;
export type Commitment = (typeof COMMITMENTS)[number];
const Session = z.object({ day: z.number(), start: z.string(), end: z.string() });
export const ProposalSummarySchema = z
  .object({
    id: z.string().uuid(),
    title: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    lat: z.number(),
    lng: z.number(),
    cell: z.string(),
    stage: Stage,
    gapVerdict: z.string().nullable(),
    schedule: z.array(Session),
    venueLocationId: z.string().nullable(),
    hurdles: z.array(z.string()),
    interestCount: SuppressedCountSchema.openapi({
      description: '"I would refer to this": a count of people, published like every count',
    }),
    createdBy: z.string(),
    organisationId: z.string().nullable(),
    serviceId: z.string().nullable(),
    memberCount: z.number(),
    backingPence: z.number(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    canRun: z.boolean(),
    allowedStageMoves: z.array(Stage),
    canLaunch: z.boolean(),
  })
  .openapi('ProposalSummary');
export const ProposalDetailSchema = ProposalSummarySchema.extend({
  gapCheck: StoredGapCheckSchema,
  members: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      commitment: z.enum(COMMITMENTS),
      hoursPerMonth: z.number().nullable(),
      joinedAt: z.string(),
    }),
  ),
  commitments: z.object({
    advise: z.number(),
    refer: z.number(),
    co_host: z.number(),
    hoursPerMonth: z.number(),
  }),
  partners: z.array(
    z.object({
      id: z.string(),
      organisationId: z.string(),
      organisationName: z.string(),
      note: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  backings: z.array(
    z.object({
      id: z.string(),
      funderId: z.string(),
      funderName: z.string(),
      amountPence: z.number(),
      period: z.string(),
      createdAt: z.string(),
    }),
  ),
  history: z.array(z.object({ stage: Stage, at: z.string() })),
  myMembership: z.enum(COMMITMENTS).nullable(),
}).openapi('Proposal');
export const PipelineSchema = z.object({
  stages: z.array(z.object({ stage: Stage, proposals: z.number(), backingPence: z.number() })),
  totalProposals: z.number(),
  totalBackingPence: z.number(),
  window: WindowSchema.nullable()
    .optional()
    .openapi({ description: 'The weeks the proposals were opened in, when from/to were given' }),
});
export type ProposalSummary = z.infer<typeof ProposalSummarySchema>;
export type Proposal = z.infer<typeof ProposalDetailSchema>;
export type Pipeline = z.infer<typeof PipelineSchema>;

export const ProposalCommentSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    authorName: z.string(),
    body: z.string(),
    createdAt: z.string(),
  })
  .openapi('ProposalComment');
export type ProposalComment = z.infer<typeof ProposalCommentSchema>;
