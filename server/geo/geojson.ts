/**
 * GeoJSON answers are served as `application/geo+json` (RFC 7946 §12), which GIS tools (QGIS,
 * GDAL) use to recognise them; the body is the same JSON.
 */
import { z } from '@hono/zod-openapi';

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

/** A GeoJSON position: [lng, lat] (RFC 7946 §3.1.1). */
const Position = z.array(z.number());
export const PointSchema = z.object({ type: z.literal('Point'), coordinates: Position });
export const PolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(Position)),
});
export const MultiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(Position))),
});

/** A FeatureCollection of one geometry and one properties shape, each feature with an id. */
export const featureCollection = <G extends z.ZodType, P extends z.ZodType>(
  geometry: G,
  properties: P,
) =>
  z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.string(), geometry, properties }),
    ),
  });
