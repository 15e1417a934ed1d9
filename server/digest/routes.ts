import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { currentUser, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { invalid } from '../http/errors.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import digestMessages from '../../i18n/messages/digest.js';
import { requestLanguage, translator } from '../i18n/language.js';
import { buildDigest } from './digest.js';
import { digestHtml, digestText } from './render.js';
import { DigestSchema } from './schemas.js';

export const DEFAULT_DIGEST_DAYS = 7;
/** A digest covers at most a year: older news is not news, and the queries stay bounded. */
const MAX_DIGEST_DAYS = 366;

/** `since` as YYYY-MM-DD (midnight UTC) or an ISO date-time; a week ago when absent. */
export function parseSince(value: string | undefined, now = new Date()): Date {
  if (!value) return new Date(now.getTime() - DEFAULT_DIGEST_DAYS * 86_400_000);
  const since = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(since.getTime()))
    throw invalid({ since: 'must be a date YYYY-MM-DD or an ISO 8601 date-time' });
  if (since > now) throw invalid({ since: 'must not be in the future' });
  if (now.getTime() - since.getTime() > MAX_DIGEST_DAYS * 86_400_000)
    throw invalid({ since: `must be within the last ${MAX_DIGEST_DAYS} days` });
  return since;
}

export function digestRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/digest',
      tags: ['Digest and print'],
      summary: "What changed since a date: services, proposals and the reader's referral updates",
      middleware: [requireUser] as const,
      request: {
        query: z.object({
          since: z
            .string()
            .max(40)
            .optional()
            .openapi({ description: 'YYYY-MM-DD or ISO date-time; default a week ago' }),
        }),
      },
      responses: { 200: jsonResponse(DigestSchema, 'The digest'), ...errorResponses(401, 422) },
    }),
    async (c) =>
      c.json(
        await buildDigest(c.var.db, currentUser(c), parseSince(c.req.valid('query').since)),
        200,
      ),
  );
}

/** `/digest` (HTML) and `/digest.txt` (plain text) for the signed-in reader. */
export function digestPages() {
  const app = new Hono<AppEnv>();
  app.get('/digest', async (c) => {
    const user = c.var.user;
    if (!user) return c.redirect('/sign-in?next=%2Fdigest', 302);
    const digest = await buildDigest(c.var.db, user, parseSince(c.req.query('since')));
    c.header('Cache-Control', 'private, no-store');
    return c.html(await digestHtml(digest, c.var.config.publicUrl, requestLanguage(c)));
  });
  app.get('/digest.txt', async (c) => {
    const user = c.var.user;
    if (!user)
      return c.text(`${translator(digestMessages, requestLanguage(c))('signInToRead')}\n`, 401);
    const digest = await buildDigest(c.var.db, user, parseSince(c.req.query('since')));
    c.header('Cache-Control', 'private, no-store');
    return c.text(digestText(digest, c.var.config.publicUrl, requestLanguage(c)));
  });
  return app;
}
