/**
 * createApp({ db, config }) → the whole Hono app. No port, no globals: tests call
 * `app.request()` on an app built over a fresh database.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Scalar } from '@scalar/hono-api-reference';
import type { Kysely } from 'kysely';
import { createRequire } from 'node:module';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import type { DbKind } from '../db/connect.js';
import { isDatabaseUnavailable } from '../db/resilient-pool.js';
import type { DB } from '../db/schema.js';
import type { Config } from './config.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { invitesRoutes } from './invites/routes.js';
import { usersRoutes } from './users/routes.js';
import { healthRoutes, readyRoutes } from './health/routes.js';
import { csrfGuard, sessionMiddleware } from './http/auth.js';
import { rejectControlCharacters } from './http/control-characters.js';
import { notFound, renderError } from './http/errors.js';
import { createLogger, type Logger } from './http/logger.js';
import { createRouter } from './http/openapi.js';
import { finishDocument } from './http/openapi-document.js';
import { requestContext } from './http/request-context.js';
import { bodyLimits, cspForInlineScripts, noStore, securityHeaders } from './http/security.js';
import { organisationsRoutes } from './organisations/routes.js';
import { orukCors } from './oruk/cors.js';
import { orukFeedRoutes } from './oruk/feed-routes.js';
import { orukImportRoutes } from './oruk/import-routes.js';
import { orukBaseWithSlash, orukRoutes } from './oruk/routes.js';
import { servicesRoutes } from './services/routes.js';
import { areasRoutes } from './areas/routes.js';
import { gapsRoutes } from './gaps/routes.js';
import { taxonomyRoutes } from './taxonomy/routes.js';
import { mapRoutes } from './map/routes.js';
import { needsRoutes, singleFlagConfirmsSession } from './needs/routes.js';
import { postcodesRoutes } from './postcodes/routes.js';
import { placesRoutes } from './places/routes.js';
import { logMailer, type Mailer } from './mail/mailer.js';
import { checkLinkPages } from './listings/check-pages.js';
import { listingsRoutes } from './listings/routes.js';
import { referralLinkPages } from './referrals/link-pages.js';
import { referralsRoutes } from './referrals/routes.js';
import { referralNoticeRoutes } from './referrals/notice-routes.js';
import { proposalParticipationRoutes } from './proposals/participation-routes.js';
import { proposalsRoutes } from './proposals/routes.js';
import { venuesRoutes } from './proposals/venues.js';
import { eventsRoutes } from './events/routes.js';
import { digestPages, digestRoutes } from './digest/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { privacySettings } from './settings/privacy.js';
import { settingsRoutes } from './settings/routes.js';
import { releasesRoutes } from './releases/routes.js';
import { cataloguePages } from './catalogue/routes.js';
import { serviceSharePages } from './services/share-page.js';
import { basemapConfig, basemapRoutes } from './basemap/routes.js';
import { shortlistPages, shortlistsRoutes } from './shortlists/routes.js';
import { setDataCacheBudget } from './perf/data-cache.js';

/** Where the need-flag routes are mounted (the single flag confirms its session in its write). */
const NEEDS_PATH = '/api/v1/needs';

export interface AppDeps {
  db: Kysely<DB>;
  config: Config;
  dbKind?: DbKind;
  logger?: Logger;
  /** Folder of the built client (dist/client); when set, the app serves it with an SPA fallback. */
  clientDir?: string;
  /** Where notifications go (referral links, digests); defaults to logging that one was queued. */
  mailer?: Mailer;
}

// The package's exports do not list its browser bundle, so resolve the package root and join.
const scalarBundle = join(
  dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
  'browser',
  'standalone.js',
);

export function createApp(deps: AppDeps) {
  const { db, config } = deps;
  setDataCacheBudget(db, config.cacheMaxMb * 1024 * 1024);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const mailer = deps.mailer ?? logMailer(logger);
  const app = createRouter();

  app.onError((err, c) => renderError(err, c, logger, isDatabaseUnavailable));
  app.notFound((c) => renderError(notFound('Route'), c, logger, isDatabaseUnavailable));

  const security = securityHeaders(config.mapStyleUrl ? [new URL(config.mapStyleUrl).origin] : []);
  // Before every middleware: the probes send their own headers (PROBE_HEADERS).
  app.route('/api/health', healthRoutes(db, deps.dbKind ?? 'pglite'));
  app.route('/api/ready', readyRoutes(db));

  app.use('*', requestContext({ db, config, logger }));
  // Before the security headers, so it has the last word on the resource policy (see orukCors).
  app.use('/api/v1/oruk/*', orukCors);
  app.use('*', security);
  app.use('/api/*', noStore);
  // Every route, not only the API: pages, /r/ links and static files are bounded in time and body.
  app.use(
    '*',
    timeout(
      config.requestTimeoutMs,
      () => new HTTPException(504, { message: 'The request took too long.' }),
    ),
  );
  app.use('*', bodyLimits);
  app.use('*', sessionMiddleware({ confirmedByWrite: singleFlagConfirmsSession(NEEDS_PATH) }));
  app.use('/api/*', csrfGuard);
  // Every route's query string (pages take filters too); JSON bodies exist only under /api.
  app.use('*', rejectControlCharacters);
  // The admin's privacy threshold (never below the deployment's) into c.var.config for every route.
  app.use('*', privacySettings(config));

  app.route('/api/v1/taxonomy', taxonomyRoutes());
  app.route('/api/v1/auth', authRoutes());
  app.route('/api/v1/invites', invitesRoutes({ mailer }));
  app.route('/api/v1/users', usersRoutes());
  app.route('/api/v1/audit', auditRoutes());
  app.route('/api/v1/organisations', organisationsRoutes());
  app.route('/api/v1/oruk', orukRoutes());
  app.route('/api/v1/oruk/', orukBaseWithSlash());
  app.route('/api/v1/import', orukImportRoutes());
  app.route('/api/v1/import', orukFeedRoutes());
  app.route('/api/v1', servicesRoutes());
  app.route('/api/v1', areasRoutes());
  app.route('/api/v1', gapsRoutes());
  app.route(NEEDS_PATH, needsRoutes({ flagsPerHour: config.flagsPerHour }));
  app.route('/api/v1/map', mapRoutes());
  app.route('/api/v1/releases', releasesRoutes());
  app.route('/api/v1/postcodes', postcodesRoutes());
  app.route('/api/v1', placesRoutes());
  app.route('/api/v1', referralsRoutes({ mailer, perHour: config.referralsPerHour }));
  app.route('/r', referralLinkPages({ mailer }));
  app.route('/api/v1', referralNoticeRoutes());
  app.route('/s', serviceSharePages());
  app.route('/api/v1', shortlistsRoutes());
  app.route('/l', shortlistPages());
  app.route('/basemap', basemapRoutes(config));
  app.route('/api/v1', proposalsRoutes());
  app.route('/api/v1', venuesRoutes());
  app.route('/api/v1', proposalParticipationRoutes());
  app.route('/api/v1', eventsRoutes());
  app.route('/api/v1', digestRoutes());
  app.route('/api/v1', dashboardRoutes());
  app.route('/api/v1/settings', settingsRoutes(config));
  app.route('/', digestPages());
  app.route('/', cataloguePages());
  app.route('/api/v1', listingsRoutes());
  app.route('/check', checkLinkPages());

  app.get('/api/v1/config', (c) =>
    c.json({
      mapStyleUrl: config.mapStyleUrl ?? null,
      basemap: basemapConfig(config),
      publicDirectory: config.publicDirectory,
      suppressionThreshold: c.var.config.suppressionThreshold,
    }),
  );

  app.get('/api/openapi.json', (c) => c.json(apiDocument(app)));
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'gapmap_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  app.get('/api/docs/scalar.js', async (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(await readFile(scalarBundle), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
    });
  });
  app.get(
    '/api/docs',
    async (c, next) => {
      // The docs page boots Scalar with an inline script: allow exactly that script, by its hash.
      await next();
      // A fresh Response: headers set on the rendered one do not survive @hono/node-server's fast path.
      const html = await c.res.text();
      c.res = new Response(html, { status: c.res.status, headers: c.res.headers });
      c.res.headers.set('Content-Security-Policy', cspForInlineScripts(html));
    },
    Scalar({
      url: '/api/openapi.json',
      pageTitle: 'Gapmap API',
      cdn: '/api/docs/scalar.js',
      withDefaultFonts: false,
    }),
  );

  if (deps.clientDir) {
    const root = deps.clientDir;
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('*', serveStatic({ root }));
    // SPA fallback: any other GET outside /api is a client route.
    app.get('*', async (c, next) => {
      if (c.req.path.startsWith('/api/')) return next();
      return c.html(await readFile(join(root, 'index.html'), 'utf8'));
    });
  }
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The whole API's OpenAPI document (served at /api/openapi.json, linted in CI). */
export function apiDocument(app: App) {
  return finishDocument(
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Gapmap API',
        version: '1.0.0',
        description:
          'Anonymous unmet-need flags, community provision and the gaps between them. Errors: `{ error: { code, message, details? } }`.',
      },
      servers: [{ url: '/' }],
    }),
  );
}
