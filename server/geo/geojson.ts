/**
 * GeoJSON answers are served as `application/geo+json` (RFC 7946 §12), which GIS tools (QGIS,
 * GDAL) use to recognise them; the body is the same JSON.
 */
import type { z } from '@hono/zod-openapi';

export const GEOJSON_TYPE = 'application/geo+json';

/** Documents a GeoJSON answer. */
export const geoJsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { [GEOJSON_TYPE]: { schema } },
  description,
});

/** A JSON answer (from `c.json`) relabelled as GeoJSON. */
export function asGeoJson<R extends Response>(res: R): R {
  res.headers.set('Content-Type', GEOJSON_TYPE);
  return res;
}
