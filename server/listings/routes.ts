/**
 * Listings that stay true, over HTTP: claims of a listing by another organisation (API.md v1.1)
 * and the admin's report of stale listings.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CLAIM_STATUSES } from '../../db/schema.js';
import { currentUser, requireRole } from '../http/auth.js';
import { notFound } from '../http/errors.js';
import { createRouter, errorResponses, jsonBody, jsonResponse, UuidParam } from '../http/openapi.js';
import { decodeCursor, PageQuery, pageSchema, TimeCursor, toPage } from '../http/pagination.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import { decideClaim, findClaim, listClaims, requestClaim, type ClaimRow } from './claims.js';
import { staleKey, staleServices } from './stale.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const ClaimCreated = z.object({ id: z.string().uuid(), status: z.literal('pending') }).openapi('ClaimCreated');
const Claim = z.object({
  id: z.string().uuid(),
  serviceId: z.string().uuid(), serviceName: z.string(),
  ownerOrganisationId: z.string().uuid(), ownerOrganisationName: z.string(),
  organisationId: z.string().uuid().openapi({ description: 'The claimant organisation' }), organisationName: z.string(),
  requestedByName: z.string().nullable(),
  status: z.enum(CLAIM_STATUSES), decidedAt: z.string().nullable(), createdAt: z.string(),
}).openapi('ServiceClaim');
const ClaimDecision = z.object({ status: z.enum(['approved', 'rejected']) }).strict();
const ClaimQuery = PageQuery.extend({ status: z.enum(CLAIM_STATUSES).optional().openapi({ description: 'Only claims in this state (e.g. pending)' }) });

const StaleListing = z.object({
  id: z.string().uuid(), name: z.string(), status: z.enum(['active', 'paused', 'ended']),
  organisationId: z.string().uuid(), organisationName: z.string(),
  lastVerifiedAt: z.string().nullable(), checkRemindedAt: z.string().nullable().openapi({ description: 'When its key contact was last mailed a check link' }),
  changesRequestedAt: z.string().nullable().openapi({ description: 'When its key contact answered "Needs changes" (null when not pending)' }),
}).openapi('StaleListing');

const claimView = (c: ClaimRow) => ({ ...c, decidedAt: iso(c.decidedAt), createdAt: c.createdAt.toISOString() });

export function listingsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post', path: '/services/{id}/claims', tags: ['Directory'], operationId: 'claimService',
        summary: "Ask to take over a listing made by someone else (an admin decides); for the claimant's organiser",
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam },
        responses: { 201: jsonResponse(ClaimCreated, 'The pending claim'), ...errorResponses(401, 403, 404, 409) },
      }),
      async (c) => {
        const row = await requestClaim(c.var.db, currentUser(c), c.req.valid('param').id);
        return c.json({ id: row.id, status: 'pending' as const }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/claims', tags: ['Admin'], operationId: 'listClaims',
        summary: 'Claims of listings, newest first (admin)',
        middleware: [requireRole('admin')] as const,
        request: { query: ClaimQuery },
        responses: { 200: jsonResponse(pageSchema(Claim), 'A page of claims'), ...errorResponses(401, 403, 422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listClaims(c.var.db, { status: q.status, limit: q.limit, after: decodeTimeCursor(q.cursor) });
        const page = toPage(rows, q.limit, timeKey);
        return c.json({ items: page.items.map(claimView), nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch', path: '/claims/{id}', tags: ['Admin'], operationId: 'decideClaim',
        summary: "Approve (the service moves to the claimant's organisation) or reject a pending claim (admin)",
        middleware: [requireRole('admin')] as const,
        request: { params: UuidParam, body: jsonBody(ClaimDecision) },
        responses: { 200: jsonResponse(Claim, 'The decided claim'), ...errorResponses(400, 401, 403, 404, 409, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await decideClaim(c.var.db, currentUser(c), id, c.req.valid('json').status);
        const claim = await findClaim(c.var.db, id);
        if (!claim) throw notFound('Claim');
        return c.json(claimView(claim), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/listings/stale', tags: ['Admin'], operationId: 'listStaleListings',
        summary: 'Listed services nobody has confirmed for six months, longest unchecked first (admin)',
        middleware: [requireRole('admin')] as const,
        request: { query: PageQuery },
        responses: { 200: jsonResponse(pageSchema(StaleListing), 'A page of stale listings'), ...errorResponses(401, 403, 422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await staleServices(c.var.db, { limit: q.limit, after: decodeCursor(q.cursor, TimeCursor) });
        const page = toPage(rows, q.limit, staleKey);
        return c.json({
          items: page.items.map((s) => ({ ...s, lastVerifiedAt: iso(s.lastVerifiedAt), checkRemindedAt: iso(s.checkRemindedAt), changesRequestedAt: iso(s.changesRequestedAt) })),
          nextCursor: page.nextCursor,
        }, 200);
      },
    );
}
