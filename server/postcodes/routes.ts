import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../http/auth.js';
import { AppError, badRequest } from '../http/errors.js';
import { createRouter, errorResponses, jsonResponse } from '../http/openapi.js';
import { importPostcodeCsv } from './import.js';

const ImportResult = z
  .object({
    imported: z.number().int(),
    skipped: z.number().int(),
    sectors: z.number().int(),
    districts: z.number().int(),
  })
  .openapi('PostcodeImportResult');

export function postcodesRoutes() {
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags: ['Postcodes'],
      summary:
        'Import the ONS Postcode Directory (ONSPD/NSPL CSV with pcds, lat, long); admin only',
      description:
        'Streams `text/csv` in batches inside one transaction; sector and district centroids of the imported districts are recomputed.',
      middleware: [requireRole('admin')] as const,
      request: { body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
      responses: {
        200: jsonResponse(ImportResult, 'Rows imported and skipped'),
        ...errorResponses(400, 401, 403, 413, 422),
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^text\/(csv|plain)\b/i.test(type))
        throw new AppError(415, 'unsupported_media_type', 'Send the directory as text/csv.');
      const body = c.req.raw.body;
      if (!body) throw badRequest('The request has no body.');
      const result = await c.var.db.transaction().execute((trx) => importPostcodeCsv(trx, body));
      return c.json(result, 200);
    },
  );
}
