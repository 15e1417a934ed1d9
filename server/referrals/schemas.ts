/** Request and response shapes of the referral routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { REFERRAL_STATUSES } from '../../db/schema.js';
import { PageQuery } from '../http/pagination.js';
import { SuppressedCountSchema } from '../privacy/suppression.js';
import { ContactInput, ContactView } from './contact.js';
import { REASON_CODES } from './reasons.js';

export const Status = z.enum(REFERRAL_STATUSES);
export const CreateBody = z
  .object({
    serviceId: z.string().uuid(),
    note: z
      .string()
      .max(280)
      .optional()
      .openapi({ description: 'For the provider; rejected if it looks like personal data' }),
    contact: ContactInput.optional(),
  })
  .strict();
export const Reason = z
  .enum(REASON_CODES)
  .openapi({ description: 'For not_a_fit or no_response: a reason code (see referral reasons)' });
export const MoveBody = z
  .object({ status: Status, version: z.number().int().min(1), reason: Reason.optional() })
  .strict();
export const UndoBody = z.object({ version: z.number().int().min(1) }).strict();
export const Created = z.object({
  id: z.string().uuid(),
  code: z.string(),
  status: Status,
  version: z.number(),
  createdAt: z.string(),
});
export const Moved = z.object({
  id: z.string().uuid(),
  code: z.string(),
  status: Status,
  version: z.number(),
  acknowledgedAt: z.string().nullable(),
  reason: z.string().nullable(),
  undoableUntil: z.string().nullable(),
});
export const ReferralView = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    serviceId: z.string().uuid(),
    serviceName: z.string(),
    status: Status,
    note: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    mine: z.boolean(),
    allowedMoves: z.array(Status),
    history: z.array(z.object({ status: Status, at: z.string(), reason: z.string().nullable() })),
    reason: z.string().nullable(),
    contact: ContactView.nullable().openapi({
      description: 'Only to the receiving organisation and the referrer',
    }),
    contactErased: z.boolean().openapi({
      description: 'A contact was given and has been erased (30 days after a final status)',
    }),
    undoableUntil: z
      .string()
      .nullable()
      .openapi({ description: 'The reader made the last move and may undo it until then' }),
  })
  .openapi('Referral');
export const ListQuery = PageQuery.extend({
  status: Status.optional(),
  serviceId: z.string().uuid().optional(),
});
export const Stats = z.object({
  referrals: z.number(),
  acknowledged: z.number(),
  medianHoursToAcknowledge: z.number().nullable(),
  due: z.number(),
  noReply: z.number(),
  noReplyShare: z.number().nullable(),
});
export const PublishedStats = z.object({
  referrals: SuppressedCountSchema,
  acknowledged: SuppressedCountSchema,
  medianHoursToAcknowledge: z.number().nullable(),
  noReplyShare: z.number().nullable(),
});
export const TokenParam = z.object({
  token: z
    .string()
    .min(20)
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});
export const LinkBody = z.object({ status: Status }).strict();

export const Notice = z.object({
  id: z.string().uuid(),
  referralId: z.string().uuid(),
  code: z.string(),
  serviceName: z.string(),
  status: Status,
  at: z.string(),
});
export const Notices = z.object({ unread: z.number().int(), items: z.array(Notice) });

export type ReferralStatus = z.infer<typeof Status>;
export type Referral = z.infer<typeof ReferralView>;
export type ReferralContact = ContactView;
export type ReferralContactInput = z.input<typeof ContactInput>;
export type ReferralStats = z.infer<typeof Stats>;
export type PublishedReferralStats = z.infer<typeof PublishedStats>;
export type ReferralMoved = z.infer<typeof Moved>;
export type ReferralNotice = z.infer<typeof Notice>;
export type ReferralCreated = z.infer<typeof Created>;
