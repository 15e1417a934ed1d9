import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'kysely';
import { createMiddleware } from 'hono/factory';
import { recordAudit } from '../audit/audit.js';
import {
  confirmSession,
  currentUser,
  readSessionAgain,
  requireRole,
  rolesPassing,
  type ConfirmedByWrite,
} from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import type { Role } from '../../db/schema.js';
import { conflict, notFound, tooManyRequests, unauthorized } from '../http/errors.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { decodeCursor, PageQuery, pageSchema, TimeCursor, toPage } from '../http/pagination.js';
import { createRateLimiter } from '../http/rate-limit.js';
import { flagWriterFor } from './flag-writer.js';
import { foldPendingFlags } from './pending.js';
import { prepareNeedFlags, refusedOnWrite, UNDO_WINDOW_MS } from './needs.js';
import { scheduledPublication } from '../releases/calendar.js';
import { isPublished, republishWeek } from '../releases/releases.js';
import { subtractFromTotals } from '../releases/totals.js';
import { findFlagForRemoval, insertNeedFlags, listOwnFlags, removeNeedFlag } from './queries.js';
import { NeedBatchSchema, NeedCreatedSchema, NeedInputSchema, OwnFlagSchema } from './schemas.js';
import { popularTagsRoute } from './popular.js';
import { IDEMPOTENCY_HEADER, idempotencyKeyOf, onceForKey } from './idempotency.js';

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { in: 'header' },
      description:
        'A key the client makes (16–200 characters; a random UUID): the same key from the same user within 7 days returns the first answer (header Idempotent-Replayed: true) and stores nothing again',
    }),
});

/** Who may flag (admins pass too). */
const FLAG_ROLES = ['link_worker'] as const satisfies readonly Role[];

/**
 * A single flag without an idempotency key, under the needs routes mounted at `mountedAt`: its
 * session is confirmed by the statement that stores it (flag-writer.ts), so it may be signed in
 * from a session this process read within the last minute (http/auth.ts `confirmedByWrite`).
 */
export const singleFlagConfirmsSession =
  (mountedAt: string): ConfirmedByWrite =>
  (c) =>
    c.req.method === 'POST' &&
    c.req.path === mountedAt &&
    c.req.header(IDEMPOTENCY_HEADER) === undefined
      ? FLAG_ROLES
      : undefined;

export interface NeedsRouteOptions {
  /** Flagging requests (single or batch) per user per hour. */
  flagsPerHour?: number;
}

export function needsRoutes(options: NeedsRouteOptions = {}) {
  // One limiter for both write routes, per app (so each test app starts with empty windows).
  const limiter = createRateLimiter({
    name: 'flag',
    limit: options.flagsPerHour ?? 120,
    windowMs: 3_600_000,
  });
  const limitKey = (c: Context<AppEnv>) => `flag:${currentUser(c).id}`;
  const flagLimit = createMiddleware<AppEnv>(async (c, next) => {
    await limiter.consume(c.var.db, limitKey(c));
    await next();
  });
  // A single flag without an idempotency key has its session confirmed and its hit counted by the
  // statement that stores it (flag-writer.ts: one round trip for all); these are the requests
  // that statement settled.
  const settledByWrite = new WeakSet<Context<AppEnv>>();
  const singleFlagLimit = createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.header(IDEMPOTENCY_HEADER) !== undefined) return flagLimit(c, next);
    try {
      await next();
    } finally {
      // Refused before its write (an invalid body, an unknown tag, a failed write): its session
      // is confirmed (401 if it has ended) and its hit counted now, as every flagging request's
      // is; over the limit the 429 stands in for the refusal, as it would have come first.
      if (!settledByWrite.has(c)) {
        await confirmSession(c, FLAG_ROLES);
        await limiter.consume(c.var.db, limitKey(c));
      }
    }
  });

  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['Need flags'],
        summary: 'Flag an unmet need (anonymous: no postcode or point is stored)',
        middleware: [requireRole(...FLAG_ROLES), singleFlagLimit] as const,
        request: { body: jsonBody(NeedInputSchema), headers: IdempotencyHeaders },
        responses: {
          201: jsonResponse(NeedCreatedSchema, 'The flag, its H3 res-8 cell and ISO week'),
          ...errorResponses(400, 401, 403, 422, 429),
        },
      }),
      async (c) => {
        const user = currentUser(c);
        const input = c.req.valid('json');
        const db = c.var.db;
        const key = idempotencyKeyOf(c.req.header(IDEMPOTENCY_HEADER));
        if (key !== undefined) {
          // With a key: validated and stored in the transaction that keeps the first answer (a
          // retry finds that answer before anything is validated again, even once its week is published).
          const answer = await onceForKey(
            db,
            { userId: user.id, route: 'needs', key },
            async (trx) => {
              const [prepared] = await prepareNeedFlags(trx, [input], { prefix: () => '' });
              const [stored] = await insertNeedFlags(trx, user.id, [prepared!]);
              return {
                body: { ...stored!, countsFrom: scheduledPublication(stored!.week).toISOString() },
                week: stored!.week,
              };
            },
          ).catch((e: unknown) => refusedOnWrite(e));
          if (answer.replayed) c.header('Idempotent-Replayed', 'true');
          return c.json(answer.body, 201);
        }
        const [flag] = await prepareNeedFlags(db, [input], { prefix: () => '' });
        // Group commit: stored together with the flags of concurrent requests, its session
        // confirmed and its rate-limit hit counted in the same statement; resolves after the commit.
        const session = { id: c.var.auth!.sessionId, roles: rolesPassing(FLAG_ROLES) };
        const outcome = await flagWriterFor(db)
          .writeFor({ session, limiter, key: limitKey(c) }, user.id, flag!)
          .catch((e: unknown) => refusedOnWrite(e));
        settledByWrite.add(c);
        if ('sessionEnded' in outcome) {
          // Revoked or expired since this process last read it, or its user is disabled or no
          // longer flags: 401 or 403 as a read says; if a read finds it live again, still 401.
          await readSessionAgain(c, FLAG_ROLES);
          throw unauthorized();
        }
        c.set('auth', { ...c.var.auth!, confirmed: true });
        if ('refused' in outcome) throw tooManyRequests(outcome.refused.retryAfterSeconds);
        const created = outcome.stored;
        return c.json(
          { ...created, countsFrom: scheduledPublication(created.week).toISOString() },
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/batch',
        tags: ['Need flags'],
        summary: 'Flag up to 500 needs at once, all or none',
        middleware: [requireRole('link_worker'), flagLimit] as const,
        request: { body: jsonBody(NeedBatchSchema), headers: IdempotencyHeaders },
        responses: {
          201: jsonResponse(z.object({ created: z.number().int() }), 'Every flag was stored'),
          ...errorResponses(400, 401, 403, 413, 422, 429),
        },
      }),
      async (c) => {
        const user = currentUser(c);
        const { items } = c.req.valid('json');
        const db = c.var.db;
        const key = idempotencyKeyOf(c.req.header(IDEMPOTENCY_HEADER));
        if (key !== undefined) {
          const answer = await onceForKey(
            db,
            { userId: user.id, route: 'needs/batch', key },
            async (trx) => {
              const prepared = await prepareNeedFlags(trx, items, { prefix: (i) => `items.${i}.` });
              await recordAudit(trx, {
                userId: user.id,
                action: 'need.batch_flagged',
                entity: 'need_flag',
                details: { created: prepared.length },
              });
              const stored = await insertNeedFlags(trx, user.id, prepared);
              return {
                body: { created: stored.length },
                week: prepared
                  .map((f) => f.week)
                  .sort()
                  .at(-1)!,
              };
            },
          ).catch((e: unknown) => refusedOnWrite(e, true));
          if (answer.replayed) c.header('Idempotent-Replayed', 'true');
          return c.json(answer.body, 201);
        }
        const flags = await prepareNeedFlags(db, items, { prefix: (i) => `items.${i}.` });
        // The audit row and the flags commit together (the roll-ups follow within a fold).
        const created = await db
          .transaction()
          .execute(async (trx) => {
            await recordAudit(trx, {
              userId: user.id,
              action: 'need.batch_flagged',
              entity: 'need_flag',
              details: { created: flags.length },
            });
            return (await insertNeedFlags(trx, user.id, flags)).length;
          })
          .catch((e: unknown) => refusedOnWrite(e, true));
        return c.json({ created }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/mine',
        tags: ['Need flags'],
        summary: "The caller's own flags of the last 24 hours (for undo)",
        middleware: [requireRole('link_worker')] as const,
        request: { query: PageQuery },
        responses: {
          200: jsonResponse(pageSchema(OwnFlagSchema), 'Newest first'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const user = currentUser(c);
        const q = c.req.valid('query');
        const after = decodeCursor(q.cursor, TimeCursor);
        const rows = await listOwnFlags(
          c.var.db,
          user.id,
          new Date(Date.now() - UNDO_WINDOW_MS),
          q.limit,
          after,
        );
        const page = toPage(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
        return c.json(
          {
            items: page.items.map((r) => ({
              id: r.id,
              cell: r.cell,
              week: r.week,
              tags: r.tags,
              barriers: r.barriers,
              ageBand: r.ageBand,
              language: r.language,
              note: r.note,
              createdAt: r.createdAt.toISOString(),
              undoUntil: undoUntil(r.createdAt, r.week).toISOString(),
              countsFrom: scheduledPublication(r.week).toISOString(),
            })),
            nextCursor: page.nextCursor,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        tags: ['Need flags'],
        summary:
          'Undo one of your own flags within 24 hours, until its week is published (admins: any flag, for moderation; a published week is republished)',
        middleware: [requireRole('link_worker')] as const,
        request: { params: UuidParam },
        responses: {
          204: { description: 'Removed, and subtracted from every roll-up' },
          ...errorResponses(401, 403, 404, 409, 422),
        },
      }),
      async (c) => {
        await undoFlag(c, c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .route('/', popularTagsRoute());
}

async function undoFlag(c: Context<AppEnv>, id: string): Promise<void> {
  const user = currentUser(c);
  await c.var.db.transaction().execute(async (trx) => {
    // Ordered with publication (which locks need_flags against writers): a week cannot be
    // published between this check and the removal.
    await sql`lock table need_flags in row exclusive mode`.execute(trx);
    // The flag's roll-up rows hold it before it is taken back out of them.
    await foldPendingFlags(trx);
    const flag = await findFlagForRemoval(trx, id);
    if (!flag) throw notFound('Need flag');
    // A published flag no longer names its author: only its id, which only its author was given, finds it.
    const published = await isPublished(trx, flag.week);
    if (published && user.role !== 'admin')
      throw conflict("This flag's week has been published, so it can no longer be undone.");
    // Someone else's flag is "not found": its existence is not the caller's business.
    if (flag.userId !== user.id && user.role !== 'admin') throw notFound('Need flag');
    if (user.role !== 'admin' && Date.now() - flag.createdAt.getTime() > UNDO_WINDOW_MS) {
      throw conflict('A flag can be undone only within 24 hours of flagging it.');
    }
    await removeNeedFlag(trx, flag);
    await recordAudit(trx, {
      userId: user.id,
      action: 'need.removed',
      entity: 'need_flag',
      entityId: flag.id,
      details: { own: flag.userId === user.id, published },
    });
    // Moderation after publication: the week's figures change only through a new, audited release.
    if (published) {
      await subtractFromTotals(trx, flag);
      await republishWeek(trx, flag.week, user.id);
    }
  });
}

/** Undo closes 24 hours after flagging, or when the flag's week is published if that is sooner. */
function undoUntil(createdAt: Date, week: string): Date {
  return new Date(
    Math.min(createdAt.getTime() + UNDO_WINDOW_MS, scheduledPublication(week).getTime()),
  );
}
