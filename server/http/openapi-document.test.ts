import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { ROUTE_ACCESS } from './route-access.js';

type Op = { operationId?: string; security?: Record<string, string[]>[] };
type Doc = {
  info: { license?: { name: string; url?: string } };
  paths: Record<string, Record<string, Op>>;
};

let t: TestApp;
let doc: Doc;

beforeAll(async () => {
  t = await createTestApp();
  doc = (await (await t.call('GET', '/api/openapi.json')).json()) as Doc;
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );

describe('the OpenAPI document', () => {
  it('gives every operation a unique operationId', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/v1/services/{id}']?.get?.operationId).toBe('getServicesById');
  });

  it('states the security of every operation, as the route-access table says', () => {
    for (const { path, method, op } of operations()) {
      const row = ROUTE_ACCESS.find((r) => r.path === path && r.method.toLowerCase() === method);
      expect(op.security, `${method} ${path}`).toEqual(
        row?.allow === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      );
    }
    expect(doc.paths['/api/v1/oruk/services']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/users']?.get?.security).toEqual([{ session: [] }, { bearer: [] }]);
  });

  it('has no two paths that differ only in a parameter name, and a licence', () => {
    const shapes = Object.keys(doc.paths).map((p) => p.replace(/\{[^}]+\}/g, '{}'));
    expect(new Set(shapes).size).toBe(shapes.length);
    // GET /invites/{token} and DELETE /invites/{id}: one path.
    expect(Object.keys(doc.paths['/api/v1/invites/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(doc.info.license?.name).toBeTruthy();
  });
});
