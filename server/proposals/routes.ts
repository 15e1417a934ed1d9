import { createRoute, z } from '@hono/zod-openapi';
import { COMMITMENTS, PROPOSAL_STAGES, ROLES } from '../../db/schema.js';
import { currentUser, requireRole, requireUser } from '../http/auth.js';
import { createRouter, errorResponses, jsonBody, jsonResponse, UuidParam } from '../http/openapi.js';
import { PageQuery, pageSchema, toPage } from '../http/pagination.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import { publishOptions, SuppressedCountSchema } from '../privacy/suppression.js';
import { launchProposal } from './launch.js';
import { openProposal, proposalDetail, proposalSummary, updateProposal } from './proposals.js';
import { listProposals, pipeline } from './queries.js';
import { requestedWindow, WindowQuery, WindowSchema } from '../gaps/schemas.js';
import { LaunchBody, ListQueryStage, ProposalCreate, ProposalPatch } from './schemas.js';

const Stage = z.enum(PROPOSAL_STAGES);
const Session = z.object({ day: z.number(), start: z.string(), end: z.string() });
export const ProposalSummarySchema = z
  .object({
    id: z.string().uuid(), title: z.string(), description: z.string(), tags: z.array(z.string()), lat: z.number(), lng: z.number(),
    cell: z.string(), stage: Stage, gapVerdict: z.string().nullable(), schedule: z.array(Session), venueLocationId: z.string().nullable(),
    hurdles: z.array(z.string()),
    interestCount: SuppressedCountSchema.openapi({ description: '"I would refer to this": a count of people, published like every count' }), createdBy: z.string(), organisationId: z.string().nullable(),
    serviceId: z.string().nullable(), memberCount: z.number(), backingPence: z.number(), version: z.number(),
    createdAt: z.string(), updatedAt: z.string(), canRun: z.boolean(), allowedStageMoves: z.array(Stage), canLaunch: z.boolean(),
  })
  .openapi('ProposalSummary');
const ProposalDetailSchema = ProposalSummarySchema.extend({
  gapCheck: z.any().openapi({ description: 'The gap-check result stored when the proposal was opened (POST /api/v1/gap-check shape)' }),
  members: z.array(z.object({ userId: z.string(), name: z.string(), role: z.enum(ROLES), commitment: z.enum(COMMITMENTS), hoursPerMonth: z.number().nullable(), joinedAt: z.string() })),
  commitments: z.object({ advise: z.number(), refer: z.number(), co_host: z.number(), hoursPerMonth: z.number() }),
  partners: z.array(z.object({ id: z.string(), organisationId: z.string(), organisationName: z.string(), note: z.string().nullable(), createdAt: z.string() })),
  backings: z.array(z.object({ id: z.string(), funderId: z.string(), funderName: z.string(), amountPence: z.number(), period: z.string(), createdAt: z.string() })),
  history: z.array(z.object({ stage: Stage, at: z.string() })),
  myMembership: z.enum(COMMITMENTS).nullable(),
}).openapi('Proposal');
const Pipeline = z.object({
  stages: z.array(z.object({ stage: Stage, proposals: z.number(), backingPence: z.number() })),
  totalProposals: z.number(),
  totalBackingPence: z.number(),
  window: WindowSchema.nullable().optional().openapi({ description: 'The weeks the proposals were opened in, when from/to were given' }),
});
const PipelineQuery = WindowQuery.extend({
  areaId: z.string().uuid().optional().openapi({ description: 'Only proposals placed inside this imported area' }),
});

export function proposalsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/proposals/pipeline', tags: ['Proposals'], summary: 'Proposals by stage with the backing pledged to each',
        description: 'With `from`/`to`: only proposals opened in those whole ISO weeks; with `areaId`: only proposals placed inside that imported area (the funder dashboard filters). Without them, every proposal.',
        middleware: [requireUser] as const,
        request: { query: PipelineQuery },
        responses: { 200: jsonResponse(Pipeline, 'The pipeline'), ...errorResponses(401, 422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const window = q.from || q.to ? requestedWindow(q) : undefined;
        const rows = await pipeline(c.var.db, { window, areaId: q.areaId });
        const stages = PROPOSAL_STAGES.map((stage) => rows.find((r) => r.stage === stage) ?? { stage, proposals: 0, backingPence: 0 });
        return c.json({
          stages,
          totalProposals: stages.reduce((n, s) => n + s.proposals, 0),
          totalBackingPence: stages.reduce((n, s) => n + s.backingPence, 0),
          window: window ?? null,
        }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post', path: '/proposals', tags: ['Proposals'], summary: 'Open a proposal; the gap check at this moment is stored with it',
        middleware: [requireRole('organiser')] as const,
        request: { body: jsonBody(ProposalCreate) },
        responses: { 201: jsonResponse(ProposalDetailSchema, 'The proposal at stage "idea" with its gapCheck'), ...errorResponses(401, 403, 422) },
      }),
      async (c) => c.json(await openProposal(c.var.db, c.var.config, currentUser(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/proposals', tags: ['Proposals'], summary: 'Proposals, newest first',
        middleware: [requireUser] as const,
        request: { query: PageQuery.extend({ stage: ListQueryStage.optional() }) },
        responses: { 200: jsonResponse(pageSchema(ProposalSummarySchema), 'A page of proposals'), ...errorResponses(401, 422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const user = currentUser(c);
        const rows = await listProposals(c.var.db, { stage: q.stage, limit: q.limit, after: decodeTimeCursor(q.cursor) });
        const page = toPage(rows, q.limit, (r) => timeKey({ createdAt: r.createdKey, id: r.id }));
        return c.json({ items: page.items.map((p) => proposalSummary(p, user, publishOptions(c.var.config))), nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/proposals/{id}', tags: ['Proposals'], summary: 'A proposal with members, commitments, partners, backing and stage history',
        middleware: [requireUser] as const,
        request: { params: UuidParam },
        responses: { 200: jsonResponse(ProposalDetailSchema, 'The proposal'), ...errorResponses(401, 404) },
      }),
      async (c) => c.json(await proposalDetail(c.var.db, currentUser(c), c.req.valid('param').id, publishOptions(c.var.config)), 200),
    )
    .openapi(
      createRoute({
        method: 'patch', path: '/proposals/{id}', tags: ['Proposals'],
        summary: 'Move the stage (one step forward, or to closed), edit title/description/hurdles/schedule; needs the current version',
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam, body: jsonBody(ProposalPatch) },
        responses: { 200: jsonResponse(ProposalDetailSchema, 'The proposal after the change'), ...errorResponses(401, 403, 404, 409, 422) },
      }),
      async (c) => c.json(await updateProposal(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), publishOptions(c.var.config)), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/proposals/{id}/launch', tags: ['Proposals'],
        summary: 'Create the service from the proposal (place, tags, sessions) and move it to running, in one transaction',
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam, body: { ...jsonBody(LaunchBody), required: false } },
        responses: { 201: jsonResponse(z.object({ serviceId: z.string().uuid() }), 'The new service'), ...errorResponses(401, 403, 404, 409, 422) },
      }),
      async (c) => c.json(await launchProposal(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('json') ?? {}), 201),
    );
}
