/** /api/v1/settings/privacy (admin): read and raise the suppression threshold. */
import { createRoute } from '@hono/zod-openapi';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config.js';
import { currentUser, requireRole } from '../http/auth.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { forgetCachedThreshold, setThreshold, thresholdSetting } from './privacy.js';
import { PrivacyChange, PrivacySetting } from './schemas.js';

export function settingsRoutes(deployment: Config) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/privacy',
        tags: ['Admin'],
        summary: 'The suppression threshold in force (admin)',
        middleware: [requireRole('admin')] as const,
        responses: {
          200: jsonResponse(PrivacySetting, 'The threshold, its floor and maximum'),
          ...errorResponses(401, 403),
        },
      }),
      async (c) => c.json(await thresholdSetting(c.var.db, deployment), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/privacy',
        tags: ['Admin'],
        summary: 'Set the suppression threshold (admin; never below the deployment floor)',
        middleware: [requireRole('admin')] as const,
        request: { body: jsonBody(PrivacyChange) },
        responses: {
          200: jsonResponse(PrivacySetting, 'The threshold now in force'),
          ...errorResponses(400, 401, 403, 422),
        },
      }),
      async (c) => {
        const { threshold } = c.req.valid('json');
        const user = currentUser(c);
        const before = await thresholdSetting(c.var.db, deployment);
        await c.var.db.transaction().execute(async (trx) => {
          await setThreshold(trx, deployment, threshold);
          await recordAudit(trx, {
            userId: user.id,
            action: 'settings.updated',
            entity: 'setting',
            entityId: 'privacy.suppressionThreshold',
            details: { from: before.threshold, to: threshold },
          });
        });
        forgetCachedThreshold(c.var.db);
        return c.json(await thresholdSetting(c.var.db, deployment), 200);
      },
    );
}
