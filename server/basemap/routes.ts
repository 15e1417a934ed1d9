/**
 * A self-hosted street basemap: the Protomaps archive at MAP_PMTILES_PATH, served as one file at
 * `/basemap/basemap.pmtiles` with HTTP range requests (the client's pmtiles protocol reads the
 * header, directories and tiles by byte range), so no tile server and nothing from the internet.
 * GET /api/v1/config tells the client it is there (`basemapConfig`).
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from '../http/env.js';

export const BASEMAP_PATH = '/basemap/basemap.pmtiles';

/** The basemap the client should draw, or null (a MapLibre style URL, when set, wins). */
export function basemapConfig(
  config: Config,
): { url: string; flavor: Config['pmtilesFlavor'] } | null {
  return config.pmtilesPath && !config.mapStyleUrl
    ? { url: BASEMAP_PATH, flavor: config.pmtilesFlavor }
    : null;
}

export function basemapRoutes(config: Config) {
  const app = new Hono<AppEnv>();
  const path = config.pmtilesPath;
  if (!path) return app;
  app.use('/basemap.pmtiles', async (c, next) => {
    await next();
    if (c.res.status === 200 || c.res.status === 206) {
      // Tiles change only when the deployment replaces the file; a day's caching spares re-reads.
      c.res.headers.set('Cache-Control', 'public, max-age=86400');
      c.res.headers.set('Accept-Ranges', 'bytes');
      c.res.headers.set('Content-Type', 'application/vnd.pmtiles');
    }
  });
  app.get('/basemap.pmtiles', serveStatic({ path }));
  return app;
}
