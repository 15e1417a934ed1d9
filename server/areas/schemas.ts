/** Request and response shapes of the area routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { AREA_KINDS } from '../../db/schema.js';
import { featureCollection, MultiPolygonSchema, PolygonSchema } from '../geo/geojson.js';
import { GapItemSchema } from '../gaps/schemas.js';
import { WindowSchema } from '../gaps/window-schemas.js';
import { SuppressedCountSchema } from '../privacy/suppression.js';

export const Kind = z.enum(AREA_KINDS);
export const AreaItem = z
  .object({ id: z.string().uuid(), code: z.string(), name: z.string(), kind: Kind })
  .openapi('Area');
export type Area = z.infer<typeof AreaItem>;
export const RawFlag = z
  .enum(['0', '1'])
  .optional()
  .openapi({ description: 'Admins only: 1 shows exact counts' });

export const ImportQuery = z.object({
  kind: Kind.optional().openapi({
    description: 'ward | lsoa | msoa | lad (detected from ONS property names when absent)',
  }),
  codeProp: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Property holding the area code (default: the *CD property)' }),
  nameProp: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Property holding the area name (default: the *NM property)' }),
});
export const FeatureCollectionBody = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(z.unknown()),
    crs: z.unknown().optional(),
  })
  .loose()
  .openapi('BoundaryFile', {
    description:
      'GeoJSON FeatureCollection of Polygon/MultiPolygon features in CRS84 (e.g. an ONS boundary download)',
  });

export const ImportResultSchema = z.object({ imported: z.number(), skipped: z.number() });
export type AreaImportResult = z.infer<typeof ImportResultSchema>;

export const ImportStatus = z
  .object({
    running: z.boolean(),
    phase: z.enum(['reading', 'covering', 'writing']).nullable(),
    done: z.number().int(),
    total: z.number().int(),
    startedAt: z.string().nullable(),
  })
  .openapi('AreaImportStatus');
export type ImportStatus = z.infer<typeof ImportStatus>;

export const AreaGeometrySchema = z.union([PolygonSchema, MultiPolygonSchema]);

/** GET /areas.geojson: boundaries for the map. */
export const AreaShapesSchema = featureCollection(AreaGeometrySchema, AreaItem).openapi(
  'AreaShapes',
);
export type AreaShapes = z.infer<typeof AreaShapesSchema>;

/** GET /areas/{id}: one area with its boundary. */
export const AreaDetailSchema = AreaItem.extend({
  bbox: z.array(z.number()).openapi({ description: '[minLng, minLat, maxLng, maxLat]' }),
  geometry: AreaGeometrySchema,
});
export type AreaDetail = z.infer<typeof AreaDetailSchema>;

/** GET /areas/{id}/summary. */
export const AreaSummarySchema = z.object({
  area: AreaItem,
  needs: z.record(z.string(), SuppressedCountSchema),
  services: z.number(),
  gaps: z.array(GapItemSchema),
  window: WindowSchema,
  publishedThrough: z.string().nullable(),
});
export type AreaSummary = z.infer<typeof AreaSummarySchema>;
