/** Request and response shapes of the invite routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema.js';
import { MAX_PASSWORD_LENGTH } from '../auth/accounts.js';

// Strict: an invite request names exactly who and what; unknown keys are a 422, not ignored.
export const InviteBody = z
  .object({
    email: z.email().max(320),
    role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable().optional(),
  })
  .strict()
  .openapi('InviteRequest');

export const InviteCreated = z
  .object({ id: z.string().uuid(), token: z.string(), expiresAt: z.string() })
  .openapi('InviteCreated');

// Strict: role, organisation and email come from the invite, never from the person accepting it.
export const AcceptBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    password: z.string().max(MAX_PASSWORD_LENGTH),
  })
  .strict()
  .openapi('InviteAccept');

export const InviteView = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Invite');

export const InvitePreview = z
  .object({
    email: z.string(),
    role: z.enum(ROLES),
    organisationName: z.string().nullable(),
    expiresAt: z.string(),
  })
  .openapi('InvitePreview');

export const TokenParam = z.object({
  token: z
    .string()
    .min(16)
    .max(128)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export type Invite = z.infer<typeof InviteView>;
export type InvitePreview = z.infer<typeof InvitePreview>;
export type InviteCreated = z.infer<typeof InviteCreated>;
