import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testDbKind } from '../../db/testing/test-db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('meta routes', () => {
  it('reports health and the database kind', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: testDbKind() });
    expect(res.headers.get('cache-control')).toBe('no-store');
    // A JSON probe: the API's headers, no document policy (nothing in it may load or frame).
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('serves an OpenAPI document that lists the routes', async () => {
    const res = await t.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/v1/taxonomy', '/api/v1/services']),
    );
  });

  it('serves the docs page with a locally hosted bundle', async () => {
    const res = await t.call('GET', '/api/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/api/docs/scalar.js');
    expect(html).not.toContain('cdn.jsdelivr');
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await t.call('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const linkWorker = await t.signIn('link_worker');
    const res = await t.call('POST', '/api/v1/needs', '{"oops', linkWorker);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringMatching(/json/i) },
    });
  });
});
