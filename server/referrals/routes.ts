import { createRoute, z } from '@hono/zod-openapi';
import { assertOrganisationAccess, currentUser, requireRole } from '../http/auth.js';
import type { SessionUser } from '../http/env.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { perUserRateLimit } from '../http/rate-limit.js';
import { decodeCursor, pageSchema, toPage } from '../http/pagination.js';
import type { Mailer } from '../mail/mailer.js';
import {
  listReferrals,
  loadReferralHistory,
  referralTimings,
  type ReferralScope,
} from './queries.js';
import {
  actorFor,
  createReferral,
  moveReferral,
  UNDO_WINDOW_MS,
  type ReferralDeps,
} from './referrals.js';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Config } from '../config.js';
import { maySeeContact, openReferralContact } from './contact.js';
import { undoReferralMove } from './undo.js';
import { publishReferralStats, referralStats } from './stats.js';
import { allowedMoves } from './status.js';
import { moveByReferralLink } from './links.js';
import {
  CreateBody,
  Created,
  LinkBody,
  ListQuery,
  MoveBody,
  Moved,
  PublishedStats,
  ReferralView,
  Stats,
  Status,
  TokenParam,
  UndoBody,
} from './schemas.js';
import { publishOptions } from '../privacy/suppression.js';

/** The cursor holds created_at as Postgres text (microseconds kept); anything else is a 422, never SQL. */
const CreatedCursor = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/),
  z.string().uuid(),
]);
function decodeCreatedCursor(cursor: string | undefined): [string, string] | undefined {
  return decodeCursor(cursor, CreatedCursor);
}

type ListedReferral = Awaited<ReturnType<typeof listReferrals>>[number];
type HistoryRow = Awaited<ReturnType<typeof loadReferralHistory>>[number];

/** One referral as its reader may see it: the contact only for the receiving organisation and the referrer. */
function referralView(
  config: Config,
  user: SessionUser,
  r: ListedReferral,
  history: HistoryRow[],
  now = Date.now(),
) {
  const last = history.at(-1);
  const undoable =
    last &&
    history.length > 1 &&
    last.byUserId === user.id &&
    last.status === r.status &&
    now - last.at.getTime() <= UNDO_WINDOW_MS;
  return {
    id: r.id,
    code: r.code,
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    status: r.status,
    note: r.note,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    mine: r.referrerId === user.id,
    allowedMoves: allowedMoves(r.status, actorFor(user, r)),
    history: history.map((h) => ({ status: h.status, at: h.at.toISOString(), reason: h.reason })),
    reason: r.reason,
    contact:
      r.contactSealed && maySeeContact(user, r)
        ? openReferralContact(config.referralContactKeys, r.id, r.contactSealed)
        : null,
    contactErased: r.contactErasedAt !== null,
    undoableUntil: undoable ? new Date(last.at.getTime() + UNDO_WINDOW_MS).toISOString() : null,
  };
}

function scopeFor(user: SessionUser): ReferralScope {
  if (user.role === 'admin') return { kind: 'all' };
  if (user.role === 'organiser')
    return {
      kind: 'organisation',
      organisationId: user.organisationId ?? '00000000-0000-0000-0000-000000000000',
    };
  return { kind: 'referrer', userId: user.id };
}

export function referralsRoutes(deps: { mailer: Mailer; perHour: number }) {
  const depsOf = (c: Context<AppEnv>): ReferralDeps => ({
    db: c.var.db,
    config: c.var.config,
    logger: c.var.logger,
    mailer: deps.mailer,
  });
  // Each referral mails the service's key contact: a burst is bounded per referrer.
  const referralLimit = perUserRateLimit(deps.perHour, 3_600_000, 'referral');
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/referrals',
        tags: ['Referrals'],
        summary: 'Refer someone (anonymous code) to a service',
        middleware: [requireRole('link_worker'), referralLimit] as const,
        request: { body: jsonBody(CreateBody) },
        responses: {
          201: jsonResponse(Created, 'The referral, status "sent"'),
          ...errorResponses(401, 403, 409, 422, 429),
        },
      }),
      async (c) => {
        const created = await createReferral(depsOf(c), currentUser(c), c.req.valid('json'));
        return c.json(created, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/referrals/{id}',
        tags: ['Referrals'],
        summary: 'Move a referral to its next status',
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { params: UuidParam, body: jsonBody(MoveBody) },
        responses: {
          200: jsonResponse(Moved, 'The referral after the move'),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await moveReferral(
            depsOf(c),
            currentUser(c),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/referrals/{id}/undo',
        tags: ['Referrals'],
        summary: 'Undo your last move of a referral (within 10 minutes)',
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { params: UuidParam, body: jsonBody(UndoBody) },
        responses: {
          200: jsonResponse(Moved, 'The referral as it was before the move'),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(
          await undoReferralMove(
            depsOf(c),
            currentUser(c),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/referrals',
        tags: ['Referrals'],
        summary:
          "The caller's referrals (Link Worker), their organisation's (organiser) or all (admin), newest first",
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { query: ListQuery },
        responses: {
          200: jsonResponse(pageSchema(ReferralView), 'A page of referrals'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const user = currentUser(c);
        const rows = await listReferrals(c.var.db, scopeFor(user), {
          status: q.status,
          serviceId: q.serviceId,
          limit: q.limit,
          after: decodeCreatedCursor(q.cursor),
        });
        const page = toPage(rows, q.limit, (r) => [r.createdKey, r.id]);
        const history = await loadReferralHistory(
          c.var.db,
          page.items.map((r) => r.id),
        );
        const items = page.items.map((r) =>
          referralView(
            c.var.config,
            user,
            r,
            history.filter((h) => h.referralId === r.id),
          ),
        );
        return c.json({ items, nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/referrals/stats',
        tags: ['Referrals'],
        summary:
          'Network-wide referral figures for funders: suppressed counts; median and share only above the threshold',
        middleware: [requireRole('funder')] as const,
        request: { query: z.object({ raw: z.enum(['0', '1']).optional() }) },
        responses: {
          200: jsonResponse(PublishedStats, 'Suppressed referral figures'),
          ...errorResponses(401, 403),
        },
      }),
      async (c) => {
        const rows = await referralTimings(c.var.db, {});
        const raw = c.req.valid('query').raw === '1' && currentUser(c).role === 'admin';
        const published = publishReferralStats(rows, new Date(), publishOptions(c.var.config, raw));
        return c.json(raw ? { ...referralStats(rows, new Date()), ...published } : published, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/organisations/{id}/referral-stats',
        tags: ['Referrals'],
        summary:
          "An organisation's median time to acknowledge and share with no reply after 5 working days",
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(Stats, 'Exact figures for the organisation itself'),
          ...errorResponses(401, 403, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        assertOrganisationAccess(currentUser(c), id);
        return c.json(
          referralStats(await referralTimings(c.var.db, { organisationId: id }), new Date()),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/referral-links/{token}',
        tags: ['Referrals'],
        summary: 'Move a referral from the signed single-use link in the notification (no sign-in)',
        request: { params: TokenParam, body: jsonBody(LinkBody) },
        responses: {
          200: jsonResponse(
            z.object({ id: z.string(), code: z.string(), status: Status }),
            'Moved',
          ),
          ...errorResponses(404, 409, 410, 422),
        },
      }),
      async (c) => {
        const moved = await moveByReferralLink(
          depsOf(c),
          c.req.valid('param').token,
          c.req.valid('json').status,
        );
        return c.json({ id: moved.id, code: moved.code, status: moved.status }, 200);
      },
    );
}
