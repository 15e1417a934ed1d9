/** Request and response shapes of the audit route, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../http/pagination.js';

export const AuditEntrySchema = z
  .object({
    id: z.string().uuid(),
    userId: z.string().uuid().nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    userName: z
      .string()
      .nullable()
      .openapi({ description: 'Who did it, by name (null: the system, or a removed account)' }),
    entityName: z
      .string()
      .nullable()
      .openapi({ description: 'The record in words: a name, a title or a referral code' }),
  })
  .openapi('AuditEntry');

export const AuditQuery = PageQuery.extend({
  entity: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Only this kind of record, e.g. user, invite, service' }),
  entityId: z.string().max(64).optional(),
  userId: z.string().uuid().optional().openapi({ description: 'Only what this user did' }),
  action: z.string().max(64).optional(),
});

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
