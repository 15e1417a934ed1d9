/**
 * Every route in the OpenAPI document × every role (and anonymous) against the table in
 * route-access.ts: allowed callers never see 401/403, everyone else sees exactly 401
 * (anonymous) or 403 (wrong role). A route without a row fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { createSession } from '../auth/sessions.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { MATRIX_LOGIN, ROUTE_ACCESS, type Access, type Caller, type RouteAccess } from './route-access.js';

let t: TestApp;
let documented: string[] = [];
const accounts = new Map<Role, SignedIn>();

const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => keyOf(m, path)));
  for (const role of ROLES) accounts.set(role, await t.signIn(role));
  await t.db.insertInto('users').values({ email: MATRIX_LOGIN.email, name: 'Matrix login', role: 'funder', passwordHash: await hashPassword(MATRIX_LOGIN.password) }).execute();
});
afterAll(() => t.close());

function allowed(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signed-in' || role === 'admin') return true;
  return access.includes(role);
}

function urlFor(row: RouteAccess, caller: Caller | null): string {
  const given = row.params?.(caller) ?? {};
  const path = row.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(given[name] ?? (name === 'id' ? '00000000-0000-4000-8000-000000000000' : 'x'.repeat(43))));
  return row.query ? `${path}?${row.query}` : path;
}

describe('route matrix', () => {
  it('has a row for every documented route, and no row for a route that does not exist', () => {
    const rows = ROUTE_ACCESS.map((r) => keyOf(r.method, r.path));
    expect(documented.filter((k) => !rows.includes(k)), 'routes in /api/openapi.json without a row in route-access.ts').toEqual([]);
    expect(rows.filter((k) => !documented.includes(k)), 'rows in route-access.ts for routes that are not in /api/openapi.json').toEqual([]);
    expect(new Set(rows).size, 'duplicate rows').toBe(rows.length);
  });

  it.each(ROUTE_ACCESS.map((row) => [keyOf(row.method, row.path), row] as const))('%s', async (_, row) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const role of [null, ...ROLES] as const) {
      let headers: Record<string, string> = {};
      let caller: Caller | null = null;
      if (role) {
        const account = accounts.get(role)!;
        // A fresh session per call: a row like logout must not end the session other rows use.
        const session = await createSession(t.db, t.config, account.userId);
        headers = { Authorization: `Bearer ${session.token}` };
        caller = { role, userId: account.userId, organisationId: account.organisationId };
      }
      const res = await t.call(row.method, urlFor(row, caller), row.body, headers);
      const who = role ?? 'anonymous';
      const ok = allowed(row.allow, role);
      const got = res.status === 401 || res.status === 403 ? String(res.status) : 'not 401/403';
      outcomes.push(`${who}: ${got} (${res.status})`);
      expected.push(`${who}: ${ok ? 'not 401/403' : role ? '403' : '401'} (${res.status})`);
    }
    expect(outcomes).toEqual(expected);
  });
});
