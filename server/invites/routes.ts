/** /api/v1/invites: create (admin; organiser for their own organisation), list, look up and accept. */
import { createRoute } from '@hono/zod-openapi';
import { requestLanguage } from '../i18n/language.js';
import { SignedInSchema } from '../auth/schemas.js';
import { currentUser, requireRole } from '../http/auth.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { PageQuery, pageSchema, toPage } from '../http/pagination.js';
import { clientAddress, createRateLimiter } from '../http/rate-limit.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import type { Mailer } from '../mail/mailer.js';
import {
  AcceptBody,
  InviteBody,
  InviteCreated,
  InvitePreview,
  InviteView,
  TokenParam,
} from './schemas.js';
import {
  acceptInvite,
  createInvite,
  findUsableInvite,
  inviteMessage,
  listInvites,
  revokeInvite,
} from './invites.js';

export function invitesRoutes(deps: { mailer: Mailer }) {
  // Guessing tokens is hopeless (256 bits), but cap attempts per address anyway.
  const tokenLookups = createRateLimiter({
    name: 'invite-token',
    limit: 30,
    windowMs: 15 * 60_000,
  });

  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['Accounts'],
        summary:
          'Invite someone by email (admin: any role; organiser: organisers and link workers of their own organisation)',
        middleware: [requireRole('organiser')] as const,
        request: { body: jsonBody(InviteBody) },
        responses: {
          201: jsonResponse(InviteCreated, 'The invite; the token is shown only now'),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      }),
      async (c) => {
        const inviter = currentUser(c);
        const created = await createInvite(c.var.db, inviter, c.req.valid('json'));
        // The invite stands even if the mail cannot be queued: the inviter has the token to pass on.
        const message = inviteMessage(c.var.config, {
          to: created.email,
          role: created.role,
          inviterName: inviter.name,
          token: created.token,
          expiresAt: created.expiresAt,
          language: requestLanguage(c),
        });
        await deps.mailer
          .send(message)
          .catch(() =>
            c.var.logger({ level: 'error', msg: 'invite mail not queued', kind: message.kind }),
          );
        return c.json({ id: created.id, token: created.token, expiresAt: created.expiresAt }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['Accounts'],
        summary: 'Invites, newest first (admin: all; organiser: their organisation)',
        middleware: [requireRole('organiser')] as const,
        request: { query: PageQuery },
        responses: {
          200: jsonResponse(pageSchema(InviteView), 'A page of invites'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listInvites(
          c.var.db,
          currentUser(c),
          q.limit,
          decodeTimeCursor(q.cursor),
        );
        const page = toPage(rows, q.limit, timeKey);
        const items = page.items.map((r) => ({
          ...r,
          expiresAt: r.expiresAt.toISOString(),
          acceptedAt: r.acceptedAt?.toISOString() ?? null,
          createdAt: r.createdAt.toISOString(),
        }));
        return c.json({ items, nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        tags: ['Accounts'],
        summary:
          'Withdraw a pending invite (admin; organiser for their own organisation); its link then answers 410',
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam },
        responses: { 204: { description: 'Withdrawn' }, ...errorResponses(401, 403, 404, 409) },
      }),
      async (c) => {
        await revokeInvite(c.var.db, currentUser(c), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{token}',
        tags: ['Accounts'],
        summary:
          'What an invite is for, so the accept page can show it (public; 410 when used or expired)',
        request: { params: TokenParam },
        responses: {
          200: jsonResponse(InvitePreview, 'The invite'),
          ...errorResponses(404, 410, 422, 429),
        },
      }),
      async (c) => {
        await tokenLookups.consume(c.var.db, clientAddress(c));
        const invite = await findUsableInvite(c.var.db, c.req.valid('param').token);
        return c.json(
          {
            email: invite.email,
            role: invite.role,
            organisationName: invite.organisationName,
            expiresAt: invite.expiresAt.toISOString(),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{token}/accept',
        tags: ['Accounts'],
        summary:
          'Accept an invite: creates the account, signs in, sets the session cookie (single use)',
        request: { params: TokenParam, body: jsonBody(AcceptBody) },
        responses: {
          201: jsonResponse(SignedInSchema, 'Account created and signed in'),
          ...errorResponses(400, 404, 409, 410, 422, 429),
        },
      }),
      async (c) => {
        await tokenLookups.consume(c.var.db, clientAddress(c));
        const { name, password } = c.req.valid('json');
        return c.json(await acceptInvite(c, c.req.valid('param').token, name, password), 201);
      },
    );
}
