/** A Link Worker's unread referral notices (a referral of theirs moved) and marking them seen. */
import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { Notices } from './schemas.js';
import {
  countUnreadReferralNotices,
  markReferralNoticesRead,
  unreadReferralNotices,
} from './queries.js';

/** The newest unread notices shown at once; the count says how many there are in all. */
const NOTICE_LIMIT = 50;

const ReadBody = z.object({ ids: z.array(z.string().uuid()).max(500).optional() }).strict();

export function referralNoticeRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/referral-notices',
        tags: ['Referrals'],
        summary: 'Unread notices that your referrals moved (newest 50, and how many in all)',
        middleware: [requireRole('link_worker')] as const,
        responses: { 200: jsonResponse(Notices, 'Unread notices'), ...errorResponses(401, 403) },
      }),
      async (c) => {
        const user = currentUser(c);
        const [rows, unread] = await Promise.all([
          unreadReferralNotices(c.var.db, user.id, NOTICE_LIMIT),
          countUnreadReferralNotices(c.var.db, user.id),
        ]);
        return c.json(
          {
            unread,
            items: rows.map((n) => ({
              id: n.id,
              referralId: n.referralId,
              code: n.code,
              serviceName: n.serviceName,
              status: n.status,
              at: n.createdAt.toISOString(),
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/referral-notices/read',
        tags: ['Referrals'],
        summary: 'Mark your notices seen (the given ids, or all)',
        middleware: [requireRole('link_worker')] as const,
        request: { body: jsonBody(ReadBody) },
        responses: {
          200: jsonResponse(z.object({ marked: z.number().int() }), 'How many were marked'),
          ...errorResponses(401, 403, 422),
        },
      }),
      async (c) => {
        const marked = await markReferralNoticesRead(
          c.var.db,
          currentUser(c).id,
          c.req.valid('json').ids,
        );
        return c.json({ marked: marked.length }, 200);
      },
    );
}
