/** /api/v1/users (admin): list accounts; change role or organisation; disable and enable. */
import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema.js';
import { isLang, LANGUAGES } from '../../i18n/define.js';
import { currentUser, requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonBody, jsonResponse, UuidParam } from '../http/openapi.js';
import { PageQuery, pageSchema, toPage } from '../http/pagination.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import { listUsers, updateUser } from './users.js';

const AccountView = z
  .object({
    id: z.string().uuid(), email: z.string(), name: z.string(), role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable(), disabled: z.boolean(), createdAt: z.string(),
    language: z.enum(LANGUAGES).nullable().openapi({ description: 'The language mail to them is written in; null: English' }),
  })
  .openapi('Account');

const ListQuery = PageQuery.extend({
  role: z.enum(ROLES).optional(),
  organisationId: z.string().uuid().optional(),
  disabled: z.enum(['0', '1', 'true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === '1' || v === 'true')),
  q: z.string().max(100).optional().openapi({ description: 'Search: words of the name or email' }),
});

// Strict: only these fields can change here; anything else (email, passwordHash, id…) is a 422.
const PatchBody = z
  .object({
    role: z.enum(ROLES).optional(),
    organisationId: z.string().uuid().nullable().optional(),
    disabled: z.boolean().optional(),
    name: z.string().trim().min(1).max(120).optional(),
    language: z.enum(LANGUAGES).nullable().optional(),
  })
  .strict()
  .openapi('AccountChange');

type AccountRow = { id: string; email: string; name: string; role: (typeof ROLES)[number]; organisationId: string | null; disabledAt: Date | null; createdAt: Date; language: string | null };
const toView = (u: AccountRow) => ({
  id: u.id, email: u.email, name: u.name, role: u.role, organisationId: u.organisationId, disabled: u.disabledAt !== null, createdAt: u.createdAt.toISOString(),
  language: isLang(u.language) ? u.language : null,
});

export function usersRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['Admin'],
        summary: 'Accounts, newest first (admin)',
        middleware: [requireRole('admin')] as const,
        request: { query: ListQuery },
        responses: { 200: jsonResponse(pageSchema(AccountView), 'A page of accounts'), ...errorResponses(401, 403, 422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listUsers(c.var.db, { role: q.role, organisationId: q.organisationId, disabled: q.disabled, q: q.q, limit: q.limit, after: decodeTimeCursor(q.cursor) });
        const page = toPage(rows, q.limit, timeKey);
        return c.json({ items: page.items.map(toView), nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        tags: ['Admin'],
        summary: 'Change an account (admin): role, organisation, name, language, disabled (disabling ends their sessions)',
        middleware: [requireRole('admin')] as const,
        request: { params: UuidParam, body: jsonBody(PatchBody) },
        responses: { 200: jsonResponse(AccountView, 'The account after the change'), ...errorResponses(400, 401, 403, 404, 422) },
      }),
      async (c) => {
        const updated = await updateUser(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'));
        return c.json(toView(updated), 200);
      },
    );
}
