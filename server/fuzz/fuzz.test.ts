/**
 * Fuzzes every write route in /api/openapi.json, signed in as an admin so that validation —
 * not authorisation — is what the bodies meet. For every generated body:
 *   - the answer is never a 5xx, and every error has the contract's JSON shape;
 *   - a rejected request writes nothing (the row count of every table is unchanged);
 *   - nothing reaches Object.prototype (prototype-pollution keys stay inert).
 * Bodies: a plausible body (from the route's schema) with one field broken, hostile JSON
 * (wrong types, huge strings, deep nesting, odd Unicode, invalid GeoJSON), or broken JSON text.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../fixtures/demo/seed.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import {
  deepJson,
  invalidGeoJson,
  nastyString,
  replaceAt,
  valuePaths,
  withPollution,
  wrongType,
} from './hostile.js';
import { sampleFor, type JsonSchema, type KnownValues } from './sample.js';

interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Writes that would end the fuzzing session itself; each is covered by its feature's tests. */
const SKIPPED = [/\/auth\/logout$/];
/** Path segment before `{id}` → the table whose rows make real ids for it. */
const ID_TABLES: Record<string, string> = {
  services: 'services',
  organisations: 'organisations',
  referrals: 'referrals',
  proposals: 'proposals',
  needs: 'need_flags',
  users: 'users',
  events: 'events',
  areas: 'areas',
  locations: 'locations',
  invites: 'invites',
  backings: 'backings',
};
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 12);

let t: TestApp;
let admin: SignedIn;
let operations: Operation[] = [];
let components: Record<string, JsonSchema> = {};
let tables: string[] = [];
const known: KnownValues = {
  tags: ['befriending'],
  tag: 'befriending',
  postcode: 'E2 7DG',
  lat: 51.5235,
  lng: -0.0574,
  email: 'fuzz@example.org',
  password: 'a-long-fuzz-password-2026',
  name: 'Fuzz',
  week: '2026-01-05',
  barriers: ['cost'],
  ageBand: '26-49',
  language: 'bn',
  note: 'needs a lift',
  summary: 'A weekly group.',
  day: 1,
  start: '10:00',
  end: '12:00',
  version: 1,
  role: 'link_worker',
  kind: 'ward',
  radiusKm: 1.5,
  status: 'active',
  commitment: 'advise',
  body: 'Comment',
};

async function rowCounts(): Promise<Record<string, number>> {
  // Refused sign-ins are audited by design (a security record, not a half-done write).
  const filter = (name: string) =>
    name === 'audit_log'
      ? ` where action not like '%\\_failed' and action not like '%denied%'`
      : '';
  const union = tables
    .map((name) => `select '${name}' as t, count(*)::int as n from "${name}"${filter(name)}`)
    .join(' union all ');
  const { rows } = await sql.raw<{ t: string; n: number }>(union).execute(t.db);
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

async function realId(segment: string): Promise<string> {
  const table = ID_TABLES[segment];
  if (table) {
    const { rows } = await sql
      .raw<{ id: string }>(`select id::text as id from "${table}" order by id limit 1`)
      .execute(t.db);
    if (rows[0]) return rows[0].id;
  }
  return '2b1c0d6e-8f4a-4c3b-9d2e-1f0a9b8c7d6e';
}

async function concretePath(op: Operation): Promise<string> {
  let path = op.path;
  for (const match of op.path.matchAll(/\{(\w+)\}/g)) {
    const segment = op.path.slice(0, match.index).split('/').filter(Boolean).pop() ?? '';
    path = path.replace(
      match[0],
      match[1] === 'id' ? await realId(segment) : 'not-a-real-token-000000000000',
    );
  }
  const query = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    if (p.in === 'query' && p.required)
      query.set(p.name, String(sampleFor(p.schema, components, known, p.name)));
  }
  return query.size ? `${path}?${query}` : path;
}

/** A body for this operation: JSON text (possibly broken) and its content type. */
function bodyArbitrary(op: Operation): fc.Arbitrary<{ text: string; type: string }> {
  const content = op.requestBody?.content ?? {};
  const schema = content['application/json']?.schema;
  const base = schema ? sampleFor(schema, components, known) : {};
  const paths = valuePaths(base);
  const json = (text: string) => ({ text, type: 'application/json' });
  const arbitraries: fc.Arbitrary<{ text: string; type: string }>[] = [
    // One field (or the whole body) replaced by something of the wrong kind.
    fc
      .tuple(fc.constantFrom(...paths), fc.oneof(wrongType, invalidGeoJson))
      .map(([p, v]) => json(JSON.stringify(replaceAt(base, p, v)))),
    // The plausible body with prototype-pollution keys added.
    fc.nat(2).map((i) => json(withPollution(JSON.stringify(base), i))),
    fc
      .tuple(fc.constantFrom(...paths), fc.nat(2))
      .map(([p, i]) => json(withPollution(JSON.stringify(replaceAt(base, p, {})), i))),
    // Deep nesting, huge arrays and invalid GeoJSON as the whole body.
    fc
      .tuple(
        fc.integer({ min: 100, max: 20_000 }),
        fc.constantFrom('array' as const, 'object' as const),
      )
      .map(([d, k]) => json(deepJson(d, k))),
    fc
      .tuple(fc.constantFrom(...paths), fc.integer({ min: 50, max: 3_000 }))
      .map(([p, depth]) =>
        json(JSON.stringify(replaceAt(base, p, JSON.parse(deepJson(depth, 'object'))))),
      ),
    invalidGeoJson.map((g) => json(JSON.stringify(g))),
    fc.jsonValue({ maxDepth: 4 }).map((v) => json(JSON.stringify(v))),
    // Not JSON at all, or odd text under the declared type.
    nastyString.map((s) => json(`{"broken": ${s}`)),
    nastyString.map((s) => ({
      text: s,
      type: Object.keys(content).find((k) => k !== 'application/json') ?? 'text/plain',
    })),
  ];
  return fc.oneof(...arbitraries);
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.db, { demoLogins: false });
  admin = await t.signIn('admin');
  const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  components = doc.components?.schemas ?? {};
  operations = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    )
    .filter((op) => !SKIPPED.some((r) => r.test(op.path)));
  const { rows } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      and table_name <> 'rate_limits' order by 1`.execute(t.db);
  // rate_limits is bookkeeping, not data: a refused sign-in is meant to count against its window.
  tables = rows.map((r) => r.name);
}, 120_000);
afterAll(() => t.close());

describe('write routes under fuzzed bodies', () => {
  it('finds the write routes to fuzz', () => {
    expect(operations.length).toBeGreaterThan(3);
    expect(tables).toContain('need_counts');
  });

  it('never answers 5xx, never half-writes, never pollutes prototypes', async () => {
    const seen: string[] = [];
    for (const op of operations) {
      let before = await rowCounts();
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(op), async (body) => {
          const path = await concretePath(op);
          const res = await t.app.request(path, {
            method: op.method,
            headers: { ...admin.headers, 'Content-Type': body.type },
            body: body.text,
          });
          const label = `${op.method} ${op.path} → ${res.status}`;
          const text = await res.text();
          expect(res.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
          expect(({} as Record<string, unknown>).polluted, label).toBeUndefined();
          if (res.status >= 400) {
            const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } })
              .error;
            expect(typeof error?.code, label).toBe('string');
            expect(typeof error?.message, label).toBe('string');
            expect(await rowCounts(), `${label}: a rejected request changed row counts`).toEqual(
              before,
            );
          } else {
            // An accepted body (it happens: fuzzing near-valid bodies) moves the baseline.
            before = await rowCounts();
          }
          seen.push(label);
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    const byStatus = seen.reduce<Record<string, number>>(
      (acc, s) => ({ ...acc, [s.split(' → ')[1]!]: (acc[s.split(' → ')[1]!] ?? 0) + 1 }),
      {},
    );
    console.info(
      `fuzzed ${operations.length} write routes with ${seen.length} bodies; answers by status: ${JSON.stringify(byStatus)}`,
    );
    // Every route was exercised, and bodies reached beyond the first check on some.
    expect(new Set(seen.map((s) => s.split(' → ')[0])).size).toBe(operations.length);
  }, 600_000);
});

/** A control character inside a value a careless client or a hostile one might send. */
const CONTROLS = ['\u0000', 'a\u0000b', 'x\u001b[31m', '\u007f', 'b\u0008'];

/** The value at `path` inside a sample body. */
function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    value,
  );
}

describe('control characters in every text field', () => {
  it('every write route answers 422 naming the field and writes nothing', async () => {
    const failures: string[] = [];
    const covered = new Set<string>();
    for (const op of operations) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      const base = sampleFor(schema, components, known);
      const textPaths = valuePaths(base).filter(
        (p) => p.length && typeof valueAt(base, p) === 'string',
      );
      for (const [i, path] of textPaths.entries()) {
        const before = await rowCounts();
        const control = CONTROLS[i % CONTROLS.length]!;
        const res = await t.app.request(await concretePath(op), {
          method: op.method,
          headers: { ...admin.headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(replaceAt(base, path, `${String(valueAt(base, path))}${control}`)),
        });
        const body = (await res.json()) as { error?: { details?: Record<string, string> } };
        const field = path.join('.');
        if (res.status !== 422 || !body.error?.details?.[field])
          failures.push(
            `${op.method} ${op.path} ${field} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`,
          );
        if (JSON.stringify(await rowCounts()) !== JSON.stringify(before))
          failures.push(`${op.method} ${op.path} ${field}: rows changed`);
        covered.add(`${op.method} ${op.path}`);
      }
    }
    expect(failures).toEqual([]);
    expect(covered.size).toBeGreaterThan(15);
  }, 600_000);

  it('every query parameter of every route answers 422 for a control character, never a 5xx', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
    };
    const failures: string[] = [];
    let tried = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (SKIPPED.some((r) => r.test(path))) continue;
        for (const p of (op.parameters ?? []).filter((q) => q.in === 'query')) {
          const url = new URL(await concretePath({ ...op, method, path }), 'http://gapmap.test');
          url.searchParams.set(
            p.name,
            `${String(sampleFor(p.schema, components, known, p.name) ?? '')}\u0000`,
          );
          const res = await t.app.request(`${url.pathname}${url.search}`, {
            method: method.toUpperCase(),
            headers: admin.headers,
          });
          const body = (await res.json().catch(() => ({}))) as {
            error?: { details?: Record<string, string> };
          };
          tried += 1;
          if (res.status !== 422 || !body.error?.details?.[p.name])
            failures.push(`${method.toUpperCase()} ${path}?${p.name} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(30);
  }, 600_000);
});
