/** GET /api/v1/places: the one place search behind every place input (map, directory, gap check, proposals). */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonResponse, createRouter } from '../http/openapi.js';
import { requireDirectoryReader } from '../services/access.js';
import { searchPlaces } from './places.js';
import { PlaceSchema, PlacesQuery } from './schemas.js';

export function placesRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/places',
      tags: ['Places'],
      summary:
        'Find a place: areas by name, postcodes at any precision, venues (never confidential ones)',
      middleware: [requireDirectoryReader] as const,
      request: { query: PlacesQuery },
      responses: {
        200: jsonResponse(z.object({ items: z.array(PlaceSchema) }), 'Places, best match first'),
        ...errorResponses(401, 422),
      },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json({ items: await searchPlaces(c.var.db, q, limit) }, 200);
    },
  );
}
