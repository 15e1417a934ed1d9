/** POST /api/v1/import/oruk (admin): an ORUK/HSDS JSON feed (array or page) or CSV. */
import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole } from '../http/auth.js';
import { badRequest, invalid } from '../http/errors.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import { servicesInCsv, servicesInJson } from './feed.js';
import { importServices } from './import.js';

const ImportResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z
      .number()
      .int()
      .openapi({ description: 'Records identical to the ones last imported (nothing written)' }),
    rejected: z.array(
      z.object({ row: z.number().int(), errors: z.record(z.string(), z.string()) }),
    ),
  })
  .openapi('OrukImportResult');

/** More rows than this in one request should be split: each row is its own transaction. */
const MAX_ROWS = 5000;

export function orukImportRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: '/oruk',
      tags: ['Open Referral UK'],
      middleware: [requireRole('admin')] as const,
      summary:
        'Import services from an ORUK 3.0 or 1.x JSON feed (array or page) or CSV; re-import matches by the feed ids',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.unknown().openapi({
                description: 'An array of ORUK services, or an ORUK page { contents }',
              }),
            },
            'text/csv': {
              schema: z
                .string()
                .openapi({ description: 'One service per row (see fixtures/oruk/services.csv)' }),
            },
          },
        },
      },
      responses: {
        200: jsonResponse(ImportResult, 'Counts, and each rejected row with its reasons'),
        ...errorResponses(400, 401, 403, 413, 422),
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      let services: Record<string, unknown>[] | null;
      if (/^text\/csv/i.test(type)) {
        try {
          services = servicesInCsv(await c.req.text());
        } catch {
          // csv-parse reports malformed quoting and ragged rows by throwing.
          throw badRequest(
            'The CSV could not be read (check quoting and that every row has the header’s columns).',
          );
        }
      } else {
        services = servicesInJson(c.req.valid('json'));
      }
      if (!services)
        throw invalid({ body: 'must be an array of services or an ORUK page with contents' });
      if (services.length > MAX_ROWS)
        throw invalid({ body: `has more than ${MAX_ROWS} services; split the feed` });
      const logFault = ({ row, error }: { row: number; error: string }) =>
        c.var.logger({
          level: 'error',
          msg: 'import row failed',
          requestId: c.get('requestId'),
          row,
          error,
        });
      return c.json(await importServices(c.var.db, currentUser(c), services, { logFault }), 200);
    },
  );
}
