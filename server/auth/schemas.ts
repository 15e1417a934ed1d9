/** Response shapes of the auth routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema.js';

export const UserViewSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable(),
  })
  .openapi('SessionUser');

export const SignedInSchema = z
  .object({ user: UserViewSchema, token: z.string(), csrfToken: z.string() })
  .openapi('SignedIn');
export type SessionUser = z.infer<typeof UserViewSchema>;
export type Role = SessionUser['role'];
export type SignedIn = z.infer<typeof SignedInSchema>;
