/**
 * `POST /api/v1/shortlists` (Link Workers) and the public page behind its link, `/l/{token}`.
 * The request names services and a language, never a person; nothing about the client is stored.
 */
import { createRoute } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { hashToken } from '../auth/tokens.js';
import { currentUser, requireRole } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { invalid } from '../http/errors.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../http/openapi.js';
import { perUserRateLimit } from '../http/rate-limit.js';
import { loadServiceViews } from '../services/views.js';
import { shortlistPage, shortlistProblemPage, type Paper } from './page.js';
import { insertShortlist, organisationContacts } from './queries.js';
import { entriesOf, shortlistText } from './shortlist.js';
import { CreateBody, Created } from './schemas.js';

export const shortlistUrl = (publicUrl: string, token: string) =>
  new URL(`/l/${token}`, publicUrl).toString();

/** The active services named, in the order given, with the client's entries and text. */
async function render(db: Kysely<DB>, serviceIds: string[], language: string) {
  const views = (await loadServiceViews(db, serviceIds)).filter((v) => v.status === 'active');
  const contacts = await organisationContacts(
    db,
    views.map((v) => v.organisationId),
  );
  return {
    entries: entriesOf(views, contacts, language),
    missing: views.length < serviceIds.length,
  };
}

export function shortlistsRoutes() {
  const limit = perUserRateLimit(120, 3_600_000, 'shortlist');
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: '/shortlists',
      tags: ['Shortlists'],
      middleware: [requireRole('link_worker'), limit] as const,
      summary:
        "A shortlist of services for one client, in the client's language: printable page, text and a 30-day link",
      request: { body: jsonBody(CreateBody) },
      responses: {
        201: jsonResponse(Created, 'The shortlist'),
        ...errorResponses(400, 401, 403, 422, 429),
      },
    }),
    async (c) => {
      const { serviceIds, language } = c.req.valid('json');
      const ids = [...new Set(serviceIds)];
      const db = c.var.db;
      const found = new Map(
        (
          await db.selectFrom('services').select(['id', 'status']).where('id', 'in', ids).execute()
        ).map((r) => [r.id, r.status]),
      );
      const problems: Record<string, string> = {};
      serviceIds.forEach((id, i) => {
        const status = found.get(id);
        if (!status) problems[`serviceIds.${i}`] = 'is not a service in the directory';
        else if (status !== 'active') problems[`serviceIds.${i}`] = `is ${status}, not running`;
      });
      if (Object.keys(problems).length) throw invalid(problems);
      const created = await insertShortlist(db, {
        serviceIds: ids,
        language,
        createdBy: currentUser(c).id,
      });
      const url = shortlistUrl(c.var.config.publicUrl, created.token);
      const { entries } = await render(db, ids, language);
      return c.json(
        {
          id: created.id,
          url,
          text: shortlistText(entries, language, url, created.expiresAt),
          expiresAt: created.expiresAt.toISOString(),
        },
        201,
      );
    },
  );
}

/** newToken(): 32 random bytes as base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function shortlistPages() {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    // A capability URL: keep it out of caches and out of Referer headers of outgoing links.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.get('/:token', async (c) => {
    const token = c.req.param('token');
    const row = TOKEN_SHAPE.test(token)
      ? await c.var.db
          .selectFrom('shortlists')
          .select(['language', 'serviceIds', 'expiresAt'])
          .where('tokenHash', '=', hashToken(token))
          .executeTakeFirst()
      : undefined;
    if (!row) return c.html(shortlistProblemPage('en', 'not_found'), 404);
    if (row.expiresAt <= new Date())
      return c.html(shortlistProblemPage(row.language, 'expired'), 410);
    const paper = c.req.query('paper');
    const { entries, missing } = await render(c.var.db, row.serviceIds, row.language);
    return c.html(
      shortlistPage(
        entries,
        row.language,
        row.expiresAt,
        missing,
        paper === 'a4' || paper === 'a5' ? (paper as Paper) : undefined,
      ),
    );
  });
  return app;
}
