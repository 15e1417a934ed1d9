/**
 * Listings that stay true, over HTTP: claims of a listing by another organisation (API.md v1.1)
 * and the admin's report of stale listings.
 */
import { createRoute } from '@hono/zod-openapi';
import { currentUser, requireRole } from '../http/auth.js';
import { notFound } from '../http/errors.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { decodeCursor, PageQuery, pageSchema, TimeCursor, toPage } from '../http/pagination.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import { decideClaim, findClaim, listClaims, requestClaim, type ClaimRow } from './claims.js';
import { staleKey, staleServices } from './stale.js';
import { Claim, ClaimCreated, ClaimDecision, ClaimQuery, StaleListing } from './schemas.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const claimView = (c: ClaimRow) => ({
  ...c,
  decidedAt: iso(c.decidedAt),
  createdAt: c.createdAt.toISOString(),
});

export function listingsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/services/{id}/claims',
        tags: ['Directory'],
        operationId: 'claimService',
        summary:
          "Ask to take over a listing made by someone else (an admin decides); for the claimant's organiser",
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam },
        responses: {
          201: jsonResponse(ClaimCreated, 'The pending claim'),
          ...errorResponses(401, 403, 404, 409),
        },
      }),
      async (c) => {
        const row = await requestClaim(c.var.db, currentUser(c), c.req.valid('param').id);
        return c.json({ id: row.id, status: 'pending' as const }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/claims',
        tags: ['Admin'],
        operationId: 'listClaims',
        summary: 'Claims of listings, newest first (admin)',
        middleware: [requireRole('admin')] as const,
        request: { query: ClaimQuery },
        responses: {
          200: jsonResponse(pageSchema(Claim), 'A page of claims'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listClaims(c.var.db, {
          status: q.status,
          limit: q.limit,
          after: decodeTimeCursor(q.cursor),
        });
        const page = toPage(rows, q.limit, timeKey);
        return c.json({ items: page.items.map(claimView), nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/claims/{id}',
        tags: ['Admin'],
        operationId: 'decideClaim',
        summary:
          "Approve (the service moves to the claimant's organisation) or reject a pending claim (admin)",
        middleware: [requireRole('admin')] as const,
        request: { params: UuidParam, body: jsonBody(ClaimDecision) },
        responses: {
          200: jsonResponse(Claim, 'The decided claim'),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
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
        method: 'get',
        path: '/listings/stale',
        tags: ['Admin'],
        operationId: 'listStaleListings',
        summary:
          'Listed services nobody has confirmed for six months, longest unchecked first (admin)',
        middleware: [requireRole('admin')] as const,
        request: { query: PageQuery },
        responses: {
          200: jsonResponse(pageSchema(StaleListing), 'A page of stale listings'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await staleServices(c.var.db, {
          limit: q.limit,
          after: decodeCursor(q.cursor, TimeCursor),
        });
        const page = toPage(rows, q.limit, staleKey);
        return c.json(
          {
            items: page.items.map((s) => ({
              ...s,
              lastVerifiedAt: iso(s.lastVerifiedAt),
              checkRemindedAt: iso(s.checkRemindedAt),
              changesRequestedAt: iso(s.changesRequestedAt),
            })),
            nextCursor: page.nextCursor,
          },
          200,
        );
      },
    );
}
