/** Request and response shapes of the user routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema.js';
import { LANGUAGES } from '../../i18n/define.js';
import { PageQuery } from '../http/pagination.js';

export const AccountView = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable(),
    disabled: z.boolean(),
    createdAt: z.string(),
    language: z
      .enum(LANGUAGES)
      .nullable()
      .openapi({ description: 'The language mail to them is written in; null: English' }),
  })
  .openapi('Account');

export const ListQuery = PageQuery.extend({
  role: z.enum(ROLES).optional(),
  organisationId: z.string().uuid().optional(),
  disabled: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true')),
  q: z.string().max(100).optional().openapi({ description: 'Search: words of the name or email' }),
});

// Strict: only these fields can change here; anything else (email, passwordHash, id…) is a 422.
export const PatchBody = z
  .object({
    role: z.enum(ROLES).optional(),
    organisationId: z.string().uuid().nullable().optional(),
    disabled: z.boolean().optional(),
    name: z.string().trim().min(1).max(120).optional(),
    language: z.enum(LANGUAGES).nullable().optional(),
  })
  .strict()
  .openapi('AccountChange');

export type Account = z.infer<typeof AccountView>;
