import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// Routes added to the real app after createApp: they pass through the same middleware stack.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ requestTimeoutMs: 100 });
  t.app.get('/api/v1/__test/slow', async (c) => {
    await new Promise((r) => setTimeout(r, 400));
    return c.json({ late: true });
  });
  t.app.get('/api/v1/__test/quoted', () => {
    throw new Error('invalid input syntax for type uuid: "E2 7DG" near \'someone@example.org\'');
  });
  t.app.get('/api/v1/__test/boom', () => {
    throw new Error('secret internal detail: connection string postgres://user:pw@db');
  });
});
afterAll(() => t.close());

describe('security baseline', () => {
  it('times out slow requests with 504 in the error shape', async () => {
    const res = await t.call('GET', '/api/v1/__test/slow');
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({
      error: { code: 'timeout', message: expect.any(String) },
    });
  });

  it('turns an unexpected error into a generic 500 carrying the request id, logged without detail leaking to the client', async () => {
    const res = await t.call('GET', '/api/v1/__test/boom');
    expect(res.status).toBe(500);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: { requestId: string } };
    };
    expect(body.error.code).toBe('internal');
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    expect(body.error.details.requestId).toBe(res.headers.get('x-request-id'));
    expect(
      t.logs.some(
        (l) => l.msg === 'unhandled error' && l.requestId === body.error.details.requestId,
      ),
    ).toBe(true);
  });

  it('logs an unexpected error without the values its message quotes (parsers and databases quote the input)', async () => {
    expect((await t.call('GET', '/api/v1/__test/quoted')).status).toBe(500);
    const line = JSON.stringify(t.logs.filter((l) => l.msg === 'unhandled error').at(-1));
    expect(line).toContain('invalid input syntax for type uuid');
    expect(line).not.toContain('E2 7DG');
    expect(line).not.toContain('someone@example.org');
  });

  it('marks every API response no-store, errors included, and sends the secure headers', async () => {
    for (const path of [
      '/api/v1/auth/session',
      '/api/v1/__test/boom',
      '/api/v1/does-not-exist',
      '/api/health',
    ]) {
      const res = await t.call('GET', path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/auth/login',
      JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1_100_000) }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers malformed JSON with 400', async () => {
    const res = await t.call('POST', '/api/v1/auth/login', '{"email": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it("lets a route's own headers win over the global ones: the docs page allows its boot script by hash only", async () => {
    const res = await t.call('GET', '/api/docs');
    const csp = res.headers.get('content-security-policy') ?? '';
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
      (m) => m[1]!,
    );
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline)
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
