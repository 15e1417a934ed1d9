/**
 * A JSON answer as it is served again and again from a cache: its UTF-8 bytes and, for the
 * larger ones, its gzip encoding, both made once when the answer is made (compression off the
 * event loop), never per request. A borough's need map at res 8 is ~210 KB of JSON and ~20 KB
 * gzipped; sending the text to every viewer cost more than everything else the cached request
 * does. Kept as bytes, not as the string: a string with any character outside Latin-1 (a dash in
 * a service's name) is two bytes a character in the heap, and the server re-encoded it to UTF-8
 * on every send (measuring it first, for Content-Length): ~0.75 ms per 95 KB.
 */
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/** Smaller answers are sent as they are: compressing them saves less than its headers cost. */
const COMPRESS_FROM_BYTES = 2_048;
const gzipAsync = promisify(gzip);

export interface ServedJson {
  /** The JSON text, UTF-8. */
  bytes: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | null;
}

const utf8 = new TextEncoder();

export async function servedJson(text: string): Promise<ServedJson> {
  const bytes = utf8.encode(text);
  // Copied once out of zlib's pooled buffer into one of its own.
  return {
    bytes,
    gzip: bytes.length >= COMPRESS_FROM_BYTES ? new Uint8Array(await gzipAsync(bytes)) : null,
  };
}

/** Bytes a served answer holds, for the caches' byte budgets. */
export function servedJsonBytes(body: ServedJson): number {
  return body.bytes.length + (body.gzip?.length ?? 0) + 128;
}

/** Whether the request's Accept-Encoding takes gzip (not refused with q=0). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * Sends the answer (gzipped when the client takes it), typed as `c.json(value, status)` would be,
 * so a route keeps its OpenAPI response type without parsing and re-serialising the text.
 */
export function sendServedJson<T, S extends ContentfulStatusCode>(
  c: Context,
  body: ServedJson,
  status: S,
  /** A JSON media type of its own (GeoJSON's). */
  contentType = 'application/json',
): TypedResponse<T, S, 'json'> {
  c.header('vary', 'accept-encoding', { append: true });
  const response =
    body.gzip && acceptsGzip(c.req.header('accept-encoding'))
      ? c.body(body.gzip, status, {
          'content-type': contentType,
          'content-encoding': 'gzip',
        })
      : c.body(body.bytes, status, { 'content-type': contentType });
  return response as unknown as TypedResponse<T, S, 'json'>;
}
