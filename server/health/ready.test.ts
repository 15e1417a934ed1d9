import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/ready', () => {
  it('answers ready with the answering process id, with the API headers', async () => {
    const res = await t.call('GET', '/api/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', pid: process.pid });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 503 while a migration this code knows has not run', async () => {
    const removed = await t.db
      .deleteFrom('kyselyMigration' as never)
      .where('name' as never, '=', '0750_ops_mail_queue_rate_limits' as never)
      .execute();
    expect(Number(removed[0]?.numDeletedRows)).toBe(1);
    try {
      // A fresh app: the probe answers for a second.
      const app = createApp({ db: t.db, config: t.config, logger: () => {} });
      const res = await app.request('/api/ready');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        status: 'not_ready',
        pid: process.pid,
        reason: 'database migrations are not current',
      });
    } finally {
      await t.db
        .insertInto('kyselyMigration' as never)
        .values({
          name: '0750_ops_mail_queue_rate_limits',
          timestamp: new Date().toISOString(),
        } as never)
        .execute();
    }
  });
});

describe('X-Request-Id', () => {
  it('is echoed on every answer: a well-formed incoming one (from the proxy) is kept, anything else replaced', async () => {
    const own = await t.call('GET', '/api/v1/taxonomy');
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.call('GET', '/api/v1/taxonomy', undefined, {
      'X-Request-Id': 'nginx-4f1c2a9b7e',
    });
    expect(kept.headers.get('x-request-id')).toBe('nginx-4f1c2a9b7e');
    expect(t.logs.some((l) => l.msg === 'request' && l.requestId === 'nginx-4f1c2a9b7e')).toBe(
      true,
    );
    const replaced = await t.call('GET', '/api/v1/taxonomy', undefined, {
      'X-Request-Id': 'evil\u0007id<script>',
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
