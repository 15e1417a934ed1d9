import { createRoute, z } from '@hono/zod-openapi';
import { PROPOSAL_STAGES } from '../../db/schema.js';
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
import { publishOptions } from '../privacy/suppression.js';
import { launchProposal } from './launch.js';
import { openProposal, proposalDetail, proposalSummary, updateProposal } from './proposals.js';
import { listProposals, pipeline } from './queries.js';
import { requestedWindow, WindowQuery } from '../gaps/window-schemas.js';
import {
  LaunchBody,
  ListQueryStage,
  PipelineSchema,
  ProposalCreate,
  ProposalDetailSchema,
  ProposalPatch,
  ProposalSummarySchema,
} from './schemas.js';

const PipelineQuery = WindowQuery.extend({
  areaId: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Only proposals placed inside this imported area' }),
});

export function proposalsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/proposals/pipeline',
        tags: ['Proposals'],
        summary: 'Proposals by stage with the backing pledged to each',
        description:
          'With `from`/`to`: only proposals opened in those whole ISO weeks; with `areaId`: only proposals placed inside that imported area (the funder dashboard filters). Without them, every proposal.',
        middleware: [requireUser] as const,
        request: { query: PipelineQuery },
        responses: {
          200: jsonResponse(PipelineSchema, 'The pipeline'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const window = q.from || q.to ? requestedWindow(q) : undefined;
        const rows = await pipeline(c.var.db, { window, areaId: q.areaId });
        const stages = PROPOSAL_STAGES.map(
          (stage) =>
            rows.find((r) => r.stage === stage) ?? { stage, proposals: 0, backingPence: 0 },
        );
        return c.json(
          {
            stages,
            totalProposals: stages.reduce((n, s) => n + s.proposals, 0),
            totalBackingPence: stages.reduce((n, s) => n + s.backingPence, 0),
            window: window ?? null,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals',
        tags: ['Proposals'],
        summary: 'Open a proposal; the gap check at this moment is stored with it',
        middleware: [requireRole('organiser')] as const,
        request: { body: jsonBody(ProposalCreate) },
        responses: {
          201: jsonResponse(ProposalDetailSchema, 'The proposal at stage "idea" with its gapCheck'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) =>
        c.json(
          await openProposal(c.var.db, c.var.config, currentUser(c), c.req.valid('json')),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/proposals',
        tags: ['Proposals'],
        summary: 'Proposals, newest first',
        middleware: [requireUser] as const,
        request: { query: PageQuery.extend({ stage: ListQueryStage.optional() }) },
        responses: {
          200: jsonResponse(pageSchema(ProposalSummarySchema), 'A page of proposals'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const user = currentUser(c);
        const rows = await listProposals(c.var.db, {
          stage: q.stage,
          limit: q.limit,
          after: decodeTimeCursor(q.cursor),
        });
        const page = toPage(rows, q.limit, (r) => timeKey({ createdAt: r.createdKey, id: r.id }));
        return c.json(
          {
            items: page.items.map((p) => proposalSummary(p, user, publishOptions(c.var.config))),
            nextCursor: page.nextCursor,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/proposals/{id}',
        tags: ['Proposals'],
        summary: 'A proposal with members, commitments, partners, backing and stage history',
        middleware: [requireUser] as const,
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(ProposalDetailSchema, 'The proposal'),
          ...errorResponses(401, 404),
        },
      }),
      async (c) =>
        c.json(
          await proposalDetail(
            c.var.db,
            currentUser(c),
            c.req.valid('param').id,
            publishOptions(c.var.config),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/proposals/{id}',
        tags: ['Proposals'],
        summary:
          'Move the stage (one step forward, or to closed), edit title/description/hurdles/schedule; needs the current version',
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam, body: jsonBody(ProposalPatch) },
        responses: {
          200: jsonResponse(ProposalDetailSchema, 'The proposal after the change'),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await updateProposal(
            c.var.db,
            currentUser(c),
            c.req.valid('param').id,
            c.req.valid('json'),
            publishOptions(c.var.config),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/proposals/{id}/launch',
        tags: ['Proposals'],
        summary:
          'Create the service from the proposal (place, tags, sessions) and move it to running, in one transaction',
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam, body: { ...jsonBody(LaunchBody), required: false } },
        responses: {
          201: jsonResponse(z.object({ serviceId: z.string().uuid() }), 'The new service'),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await launchProposal(
            c.var.db,
            currentUser(c),
            c.req.valid('param').id,
            c.req.valid('json') ?? {},
          ),
          201,
        ),
    );
}
