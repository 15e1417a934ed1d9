import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import { pageSchema, toPage } from '../http/pagination.js';
import { decodeTimeCursor, timeKey } from '../http/time-cursor.js';
import { listAudit } from './audit.js';
import { withAuditNames } from './names.js';
import { AuditEntrySchema, AuditQuery } from './schemas.js';

export function auditRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['Admin'],
      summary: 'The audit log, newest first (admin)',
      middleware: [requireRole('admin')] as const,
      request: { query: AuditQuery },
      responses: {
        200: jsonResponse(pageSchema(AuditEntrySchema), 'A page of audit entries'),
        ...errorResponses(401, 403, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await listAudit(c.var.db, {
        entity: q.entity,
        entityId: q.entityId,
        userId: q.userId,
        action: q.action,
        limit: q.limit,
        after: decodeTimeCursor(q.cursor),
      });
      const page = toPage(rows, q.limit, timeKey);
      const named = await withAuditNames(c.var.db, page.items);
      return c.json(
        {
          items: named.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  );
}
