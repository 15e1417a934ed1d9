/** Request and response shapes of the listing routes (claims, stale listings), and their types for the client. */
import { z } from '@hono/zod-openapi';
import { CLAIM_STATUSES } from '../../db/schema.js';
import { PageQuery } from '../http/pagination.js';

export const ClaimCreated = z
  .object({ id: z.string().uuid(), status: z.literal('pending') })
  .openapi('ClaimCreated');
export const Claim = z
  .object({
    id: z.string().uuid(),
    serviceId: z.string().uuid(),
    serviceName: z.string(),
    ownerOrganisationId: z.string().uuid(),
    ownerOrganisationName: z.string(),
    organisationId: z.string().uuid().openapi({ description: 'The claimant organisation' }),
    organisationName: z.string(),
    requestedByName: z.string().nullable(),
    status: z.enum(CLAIM_STATUSES),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ServiceClaim');
export const ClaimDecision = z.object({ status: z.enum(['approved', 'rejected']) }).strict();
export const ClaimQuery = PageQuery.extend({
  status: z
    .enum(CLAIM_STATUSES)
    .optional()
    .openapi({ description: 'Only claims in this state (e.g. pending)' }),
});

export const StaleListing = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    status: z.enum(['active', 'paused', 'ended']),
    organisationId: z.string().uuid(),
    organisationName: z.string(),
    lastVerifiedAt: z.string().nullable(),
    checkRemindedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When its key contact was last mailed a check link' }),
    changesRequestedAt: z.string().nullable().openapi({
      description: 'When its key contact answered "Needs changes" (null when not pending)',
    }),
  })
  .openapi('StaleListing');

export type Claim = z.infer<typeof Claim>;
export type StaleListing = z.infer<typeof StaleListing>;
export type ClaimCreated = z.infer<typeof ClaimCreated>;
