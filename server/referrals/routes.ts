import { createRoute, z } from '@hono/zod-openapi';
import { REFERRAL_STATUSES } from '../../db/schema.js';
import { assertOrganisationAccess, currentUser, requireRole } from '../http/auth.js';
import type { SessionUser } from '../http/env.js';
import { createRouter, errorResponses, jsonBody, jsonResponse, UuidParam } from '../http/openapi.js';
import { perUserRateLimit } from '../http/rate-limit.js';
import { decodeCursor, PageQuery, pageSchema, toPage } from '../http/pagination.js';
import type { Mailer } from '../mail/mailer.js';
import { listReferrals, loadReferralHistory, referralTimings, type ReferralScope } from './queries.js';
import { actorFor, createReferral, moveReferral, UNDO_WINDOW_MS, type ReferralDeps } from './referrals.js';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Config } from '../config.js';
import { ContactInput, ContactView, maySeeContact, openReferralContact } from './contact.js';
import { REASON_CODES } from './reasons.js';
import { undoReferralMove } from './undo.js';
import { publishReferralStats, referralStats } from './stats.js';
import { allowedMoves } from './status.js';
import { moveByReferralLink } from './links.js';
import { publishOptions } from '../privacy/suppression.js';

const Status = z.enum(REFERRAL_STATUSES);
const CreateBody = z.object({
  serviceId: z.string().uuid(),
  note: z.string().max(280).optional().openapi({ description: 'For the provider; rejected if it looks like personal data' }),
  contact: ContactInput.optional(),
}).strict();
const Reason = z.enum(REASON_CODES).openapi({ description: 'For not_a_fit or no_response: a reason code (see referral reasons)' });
const MoveBody = z.object({ status: Status, version: z.number().int().min(1), reason: Reason.optional() }).strict();
const UndoBody = z.object({ version: z.number().int().min(1) }).strict();
const Created = z.object({ id: z.string().uuid(), code: z.string(), status: Status, version: z.number(), createdAt: z.string() });
const Moved = z.object({
  id: z.string().uuid(), code: z.string(), status: Status, version: z.number(), acknowledgedAt: z.string().nullable(),
  reason: z.string().nullable(), undoableUntil: z.string().nullable(),
});
const ReferralView = z
  .object({
    id: z.string().uuid(), code: z.string(), serviceId: z.string().uuid(), serviceName: z.string(), status: Status,
    note: z.string().nullable(), acknowledgedAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
    version: z.number(), mine: z.boolean(), allowedMoves: z.array(Status),
    history: z.array(z.object({ status: Status, at: z.string(), reason: z.string().nullable() })),
    reason: z.string().nullable(),
    contact: ContactView.nullable().openapi({ description: 'Only to the receiving organisation and the referrer' }),
    contactErased: z.boolean().openapi({ description: 'A contact was given and has been erased (30 days after a final status)' }),
    undoableUntil: z.string().nullable().openapi({ description: 'The reader made the last move and may undo it until then' }),
  })
  .openapi('Referral');
const ListQuery = PageQuery.extend({ status: Status.optional(), serviceId: z.string().uuid().optional() });
const Stats = z.object({
  referrals: z.number(), acknowledged: z.number(), medianHoursToAcknowledge: z.number().nullable(),
  due: z.number(), noReply: z.number(), noReplyShare: z.number().nullable(),
});
const Count = z.object({ value: z.number().nullable(), display: z.string() });
const PublishedStats = z.object({
  referrals: Count, acknowledged: Count, medianHoursToAcknowledge: z.number().nullable(), noReplyShare: z.number().nullable(),
});
const TokenParam = z.object({ token: z.string().min(20).max(200).openapi({ param: { name: 'token', in: 'path' } }) });
const LinkBody = z.object({ status: Status }).strict();

/** The cursor holds created_at as Postgres text (microseconds kept); anything else is a 422, never SQL. */
const CreatedCursor = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/), z.string().uuid()]);
function decodeCreatedCursor(cursor: string | undefined): [string, string] | undefined {
  return decodeCursor(cursor, CreatedCursor);
}

type ListedReferral = Awaited<ReturnType<typeof listReferrals>>[number];
type HistoryRow = Awaited<ReturnType<typeof loadReferralHistory>>[number];

/** One referral as its reader may see it: the contact only for the receiving organisation and the referrer. */
function referralView(config: Config, user: SessionUser, r: ListedReferral, history: HistoryRow[], now = Date.now()) {
  const last = history.at(-1);
  const undoable = last && history.length > 1 && last.byUserId === user.id && last.status === r.status && now - last.at.getTime() <= UNDO_WINDOW_MS;
  return {
    id: r.id, code: r.code, serviceId: r.serviceId, serviceName: r.serviceName, status: r.status, note: r.note,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    version: r.version, mine: r.referrerId === user.id, allowedMoves: allowedMoves(r.status, actorFor(user, r)),
    history: history.map((h) => ({ status: h.status, at: h.at.toISOString(), reason: h.reason })),
    reason: r.reason,
    contact: r.contactSealed && maySeeContact(user, r) ? openReferralContact(config.referralContactKeys, r.id, r.contactSealed) : null,
    contactErased: r.contactErasedAt !== null,
    undoableUntil: undoable ? new Date(last.at.getTime() + UNDO_WINDOW_MS).toISOString() : null,
  };
}

function scopeFor(user: SessionUser): ReferralScope {
  if (user.role === 'admin') return { kind: 'all' };
  if (user.role === 'organiser') return { kind: 'organisation', organisationId: user.organisationId ?? '00000000-0000-0000-0000-000000000000' };
  return { kind: 'referrer', userId: user.id };
}

export function referralsRoutes(deps: { mailer: Mailer; perHour: number }) {
  const depsOf = (c: Context<AppEnv>): ReferralDeps => ({ db: c.var.db, config: c.var.config, logger: c.var.logger, mailer: deps.mailer });
  // Each referral mails the service's key contact: a burst is bounded per referrer.
  const referralLimit = perUserRateLimit(deps.perHour, 3_600_000, 'referral');
  return createRouter()
    .openapi(
      createRoute({
        method: 'post', path: '/referrals', tags: ['Referrals'], summary: 'Refer someone (anonymous code) to a service',
        middleware: [requireRole('link_worker'), referralLimit] as const,
        request: { body: jsonBody(CreateBody) },
        responses: { 201: jsonResponse(Created, 'The referral, status "sent"'), ...errorResponses(401, 403, 409, 422, 429) },
      }),
      async (c) => {
        const created = await createReferral(depsOf(c), currentUser(c), c.req.valid('json'));
        return c.json(created, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch', path: '/referrals/{id}', tags: ['Referrals'], summary: 'Move a referral to its next status',
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { params: UuidParam, body: jsonBody(MoveBody) },
        responses: { 200: jsonResponse(Moved, 'The referral after the move'), ...errorResponses(401, 403, 404, 409, 422) },
      }),
      async (c) => c.json(await moveReferral(depsOf(c), currentUser(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/referrals/{id}/undo', tags: ['Referrals'], summary: 'Undo your last move of a referral (within 10 minutes)',
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { params: UuidParam, body: jsonBody(UndoBody) },
        responses: { 200: jsonResponse(Moved, 'The referral as it was before the move'), ...errorResponses(401, 403, 404, 409, 422) },
      }),
      async (c) => c.json(await undoReferralMove(depsOf(c), currentUser(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/referrals', tags: ['Referrals'],
        summary: "The caller's referrals (Link Worker), their organisation's (organiser) or all (admin), newest first",
        middleware: [requireRole('link_worker', 'organiser')] as const,
        request: { query: ListQuery },
        responses: { 200: jsonResponse(pageSchema(ReferralView), 'A page of referrals'), ...errorResponses(401, 403, 422) },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const user = currentUser(c);
        const rows = await listReferrals(c.var.db, scopeFor(user), {
          status: q.status, serviceId: q.serviceId, limit: q.limit, after: decodeCreatedCursor(q.cursor),
        });
        const page = toPage(rows, q.limit, (r) => [r.createdKey, r.id]);
        const history = await loadReferralHistory(c.var.db, page.items.map((r) => r.id));
        const items = page.items.map((r) => referralView(c.var.config, user, r, history.filter((h) => h.referralId === r.id)));
        return c.json({ items, nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/referrals/stats', tags: ['Referrals'],
        summary: 'Network-wide referral figures for funders: suppressed counts; median and share only above the threshold',
        middleware: [requireRole('funder')] as const,
        request: { query: z.object({ raw: z.enum(['0', '1']).optional() }) },
        responses: { 200: jsonResponse(PublishedStats, 'Suppressed referral figures'), ...errorResponses(401, 403) },
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
        method: 'get', path: '/organisations/{id}/referral-stats', tags: ['Referrals'],
        summary: "An organisation's median time to acknowledge and share with no reply after 5 working days",
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam },
        responses: { 200: jsonResponse(Stats, 'Exact figures for the organisation itself'), ...errorResponses(401, 403, 404) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        assertOrganisationAccess(currentUser(c), id);
        return c.json(referralStats(await referralTimings(c.var.db, { organisationId: id }), new Date()), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post', path: '/referral-links/{token}', tags: ['Referrals'],
        summary: 'Move a referral from the signed single-use link in the notification (no sign-in)',
        request: { params: TokenParam, body: jsonBody(LinkBody) },
        responses: { 200: jsonResponse(z.object({ id: z.string(), code: z.string(), status: Status }), 'Moved'), ...errorResponses(404, 409, 410, 422) },
      }),
      async (c) => {
        const moved = await moveByReferralLink(depsOf(c), c.req.valid('param').token, c.req.valid('json').status);
        return c.json({ id: moved.id, code: moved.code, status: moved.status }, 200);
      },
    );
}
