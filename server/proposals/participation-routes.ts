import { createRoute, z } from '@hono/zod-openapi';
import { COMMITMENTS } from '../../db/schema.js';
import { currentUser, requireRole, requireUser } from '../http/auth.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { PageQuery, pageSchema, toPage } from '../http/pagination.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import { notFound } from '../http/errors.js';
import { SuppressedCountSchema } from '../privacy/suppression.js';
import {
  addBacking,
  addComment,
  addPartner,
  joinProposal,
  leaveProposal,
  registerInterest,
} from './participation.js';
import { listComments } from './queries.js';
import {
  BackingBody,
  CommentBody,
  MemberBody,
  PartnerBody,
  ProposalCommentSchema,
} from './schemas.js';

export function proposalParticipationRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/members',
        tags: ['Proposals'],
        summary:
          'Join (or change) your own membership: commitment and the hours a month you can give',
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { params: UuidParam, body: jsonBody(MemberBody) },
        responses: {
          201: jsonResponse(
            z.object({
              proposalId: z.string(),
              userId: z.string(),
              commitment: z.enum(COMMITMENTS),
              hoursPerMonth: z.number().nullable(),
            }),
            'Your membership',
          ),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await joinProposal(
            c.var.db,
            currentUser(c),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/proposals/{id}/members/me',
        tags: ['Proposals'],
        summary: 'Leave a proposal',
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { params: UuidParam },
        responses: { 204: { description: 'Left' }, ...errorResponses(401, 403, 404) },
      }),
      async (c) => {
        await leaveProposal(c.var.db, currentUser(c), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/proposals/{id}/comments',
        tags: ['Proposals'],
        summary: 'Comments, oldest first',
        middleware: [requireUser] as const,
        request: { params: UuidParam, query: PageQuery },
        responses: {
          200: jsonResponse(pageSchema(ProposalCommentSchema), 'A page of comments'),
          ...errorResponses(401, 404, 422),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const q = c.req.valid('query');
        const exists = await c.var.db
          .selectFrom('proposals')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!exists) throw notFound('Proposal');
        const rows = await listComments(c.var.db, id, {
          limit: q.limit,
          after: decodeTimeCursor(q.cursor),
        });
        const page = toPage(rows, q.limit, timeKey);
        return c.json(
          {
            items: page.items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
            nextCursor: page.nextCursor,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/comments',
        tags: ['Proposals'],
        summary: 'Comment (checked for personal data like need notes)',
        middleware: [requireUser] as const,
        request: { params: UuidParam, body: jsonBody(CommentBody) },
        responses: {
          201: jsonResponse(ProposalCommentSchema, 'The comment'),
          ...errorResponses(401, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await addComment(
            c.var.db,
            currentUser(c),
            c.req.valid('param').id,
            c.req.valid('json').body,
          ),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/interest',
        tags: ['Proposals'],
        summary:
          'Anonymous "I would refer to this": +1 to the count, once per Link Worker per day (who is never stored)',
        middleware: [requireRole('link_worker')] as const,
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(
            z.object({ interestCount: SuppressedCountSchema }),
            'The new count, published',
          ),
          ...errorResponses(401, 403, 404, 409, 429),
        },
      }),
      async (c) =>
        c.json(
          await registerInterest(c.var.db, c.var.config, currentUser(c), c.req.valid('param').id),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/partners',
        tags: ['Proposals'],
        summary: 'Suggest a partner organisation ("talk to X at Y")',
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { params: UuidParam, body: jsonBody(PartnerBody) },
        responses: {
          201: jsonResponse(
            z.object({
              id: z.string(),
              organisationId: z.string(),
              organisationName: z.string(),
              note: z.string().nullable(),
              createdAt: z.string(),
            }),
            'The suggestion',
          ),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await addPartner(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/backings',
        tags: ['Proposals'],
        summary: "A funder's pledge (amount in pence, period), shown in the pipeline",
        middleware: [requireRole('funder')] as const,
        request: { params: UuidParam, body: jsonBody(BackingBody) },
        responses: {
          201: jsonResponse(
            z.object({
              id: z.string(),
              funderId: z.string(),
              funderName: z.string(),
              amountPence: z.number(),
              period: z.string(),
              createdAt: z.string(),
            }),
            'The backing',
          ),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await addBacking(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    );
}
