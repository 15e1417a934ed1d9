/** /api/v1/users (admin): list accounts; change role or organisation; disable and enable. */
import { createRoute } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema.js';
import { isLang } from '../../i18n/define.js';
import { currentUser, requireRole } from '../http/auth.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { pageSchema, toPage } from '../http/pagination.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import { listUsers, updateUser } from './users.js';
import { AccountView, ListQuery, PatchBody } from './schemas.js';

type AccountRow = {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  organisationId: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  language: string | null;
};
const toView = (u: AccountRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organisationId: u.organisationId,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt.toISOString(),
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
        responses: {
          200: jsonResponse(pageSchema(AccountView), 'A page of accounts'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listUsers(c.var.db, {
          role: q.role,
          organisationId: q.organisationId,
          disabled: q.disabled,
          q: q.q,
          limit: q.limit,
          after: decodeTimeCursor(q.cursor),
        });
        const page = toPage(rows, q.limit, timeKey);
        return c.json({ items: page.items.map(toView), nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        tags: ['Admin'],
        summary:
          'Change an account (admin): role, organisation, name, language, disabled (disabling ends their sessions)',
        middleware: [requireRole('admin')] as const,
        request: { params: UuidParam, body: jsonBody(PatchBody) },
        responses: {
          200: jsonResponse(AccountView, 'The account after the change'),
          ...errorResponses(400, 401, 403, 404, 422),
        },
      }),
      async (c) => {
        const updated = await updateUser(
          c.var.db,
          currentUser(c),
          c.req.valid('param').id,
          c.req.valid('json'),
        );
        return c.json(toView(updated), 200);
      },
    );
}
