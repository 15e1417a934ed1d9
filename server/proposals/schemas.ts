/** Request and response shapes of the co-design routes. */
import { z } from '@hono/zod-openapi';
import { COMMITMENTS, PROPOSAL_STAGES } from '../../db/schema.js';
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
export const CommentBody = z.strictObject({ body: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters') });
export const PartnerBody = z.strictObject({ organisationId: z.string().uuid(), note: z.string().trim().max(500).optional() });
export const BackingBody = z.strictObject({
  amountPence: z.number().int().positive().max(1_000_000_000),
  period: z.string().trim().min(1, 'is required').max(60).openapi({ example: '12 months from April 2027' }),
});
export const LaunchBody = z.strictObject({
  /** The card text; defaults to the start of the description. */
  summary: z.string().trim().min(1).max(280).optional(),
  /** Admins launch on behalf of an organisation; organisers always launch for their own. */
  organisationId: z.string().uuid().optional(),
});

export const ListQueryStage = z.enum(PROPOSAL_STAGES);
