/**
 * Every route in the OpenAPI document × every role (and anonymous) against the table in
 * route-access.ts: allowed callers never see 401/403, everyone else sees exactly 401
 * (anonymous) or 403 (wrong role). A route without a row fails the first test.
 * Then foreign objects named inside request bodies (not only in paths): another organisation's
 * proposal, venue, confidential location or organisation id is refused, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { insertService } from '../referrals/testing.js';
import { serviceBody } from '../services/testing.js';
import { ROLES, type Role } from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { createSession } from '../auth/sessions.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import {
  MATRIX_LOGIN,
  ROUTE_ACCESS,
  type Access,
  type Caller,
  type RouteAccess,
} from './route-access.js';

let t: TestApp;
let documented: string[] = [];
const accounts = new Map<Role, SignedIn>();

const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => keyOf(m, path)),
  );
  for (const role of ROLES) accounts.set(role, await t.signIn(role));
  await t.db
    .insertInto('users')
    .values({
      email: MATRIX_LOGIN.email,
      name: 'Matrix login',
      role: 'funder',
      passwordHash: await hashPassword(MATRIX_LOGIN.password),
    })
    .execute();
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
    encodeURIComponent(
      given[name] ?? (name === 'id' ? '00000000-0000-4000-8000-000000000000' : 'x'.repeat(43)),
    ),
  );
  return row.query ? `${path}?${row.query}` : path;
}

describe('route matrix', () => {
  it('has a row for every documented route, and no row for a route that does not exist', () => {
    const rows = ROUTE_ACCESS.map((r) => keyOf(r.method, r.path));
    expect(
      documented.filter((k) => !rows.includes(k)),
      'routes in /api/openapi.json without a row in route-access.ts',
    ).toEqual([]);
    expect(
      rows.filter((k) => !documented.includes(k)),
      'rows in route-access.ts for routes that are not in /api/openapi.json',
    ).toEqual([]);
    expect(new Set(rows).size, 'duplicate rows').toBe(rows.length);
  });

  it.each(ROUTE_ACCESS.map((row) => [keyOf(row.method, row.path), row] as const))(
    '%s',
    async (_, row) => {
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
    },
  );
});

describe('foreign objects named in request bodies', () => {
  let ownerA: SignedIn;
  let organiserB: SignedIn;
  let confidentialA: string;
  let publicA: string;
  const idea = {
    title: 'Breakfast club',
    tags: ['mens-groups'],
    lat: 51.5273,
    lng: -0.0553,
    schedule: [{ day: 3, start: '09:00', end: '10:30' }],
  };
  const counts = async () => {
    const n = async (
      table: 'services' | 'locations' | 'proposals' | 'events' | 'invites' | 'serviceLocations',
    ) =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      services: await n('services'),
      locations: await n('locations'),
      proposals: await n('proposals'),
      events: await n('events'),
      invites: await n('invites'),
      links: await n('serviceLocations'),
    };
  };
  const open = async (who: SignedIn, body: Record<string, unknown> = idea) =>
    t.call('POST', '/api/v1/proposals', body, who);

  beforeAll(async () => {
    await seedTaxonomy(t.db);
    ownerA = await t.signIn('organiser');
    organiserB = await t.signIn('organiser');
    confidentialA = (
      await insertService(t.db, {
        organisationId: ownerA.organisationId!,
        name: 'Refuge group',
        confidential: true,
      })
    ).locationId;
    publicA = (
      await insertService(t.db, {
        organisationId: ownerA.organisationId!,
        name: 'Community hall group',
      })
    ).locationId;
  });

  it("refuses a co-host's launch of another organisation's proposal, leaving it as it was", async () => {
    const proposal = (await (await open(ownerA)).json()) as {
      id: string;
      stage: string;
      canLaunch: boolean;
    };
    expect(
      (
        await t.call(
          'POST',
          `/api/v1/proposals/${proposal.id}/members`,
          { commitment: 'co_host', hoursPerMonth: 4 },
          organiserB,
        )
      ).status,
    ).toBe(201);
    const seen = (await (
      await t.call('GET', `/api/v1/proposals/${proposal.id}`, undefined, organiserB)
    ).json()) as { canLaunch: boolean };
    expect(seen.canLaunch).toBe(false);
    const before = await counts();
    const res = await t.call(
      'POST',
      `/api/v1/proposals/${proposal.id}/launch`,
      { organisationId: organiserB.organisationId },
      organiserB,
    );
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
    const after = await t.db
      .selectFrom('proposals')
      .select(['stage', 'serviceId'])
      .where('id', '=', proposal.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ stage: 'idea', serviceId: null });
  });

  it("refuses another organisation's confidential location as a proposal's venue", async () => {
    const before = await counts();
    const res = await open(organiserB, { ...idea, venueLocationId: confidentialA });
    expect(res.status).toBe(422);
    expect(
      ((await res.json()) as { error: { details: Record<string, string> } }).error.details,
    ).toHaveProperty('venueLocationId');
    expect(await counts()).toEqual(before);
    // Its own organisation may name it.
    expect((await open(ownerA, { ...idea, venueLocationId: confidentialA })).status).toBe(201);
  });

  it('refuses to launch a proposal whose venue is a foreign confidential location (stored before the check)', async () => {
    const proposal = (await (await open(organiserB)).json()) as { id: string };
    await t.db
      .updateTable('proposals')
      .set({ venueLocationId: confidentialA })
      .where('id', '=', proposal.id)
      .execute();
    const before = await counts();
    const res = await t.call('POST', `/api/v1/proposals/${proposal.id}/launch`, {}, organiserB);
    expect(res.status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it("launches at another organisation's public venue as the launcher's own copy of it, never a link to theirs", async () => {
    const proposal = (await (
      await open(organiserB, { ...idea, venueLocationId: publicA })
    ).json()) as { id: string };
    const res = await t.call('POST', `/api/v1/proposals/${proposal.id}/launch`, {}, organiserB);
    expect(res.status).toBe(201);
    const { serviceId } = (await res.json()) as { serviceId: string };
    const places = await t.db
      .selectFrom('serviceLocations')
      .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
      .select(['locations.id', 'locations.organisationId', 'locations.name'])
      .where('serviceId', '=', serviceId)
      .execute();
    expect(places).toHaveLength(1);
    expect(places[0]!.id).not.toBe(publicA);
    expect(places[0]!.organisationId).toBe(organiserB.organisationId);
  });

  it("refuses other organisations' ids and locations in service, event, invite and launch bodies", async () => {
    const before = await counts();
    const attempts: [string, string, unknown, number[]][] = [
      ['POST', '/api/v1/services', serviceBody({ organisationId: ownerA.organisationId }), [403]],
      [
        'POST',
        '/api/v1/services',
        serviceBody({
          locations: [{ id: confidentialA, name: 'Refuge', lat: 51.5273, lng: -0.0553 }],
        }),
        [422],
      ],
      [
        'POST',
        '/api/v1/services',
        serviceBody({ locations: [{ id: publicA, name: 'Hall', lat: 51.5273, lng: -0.0553 }] }),
        [422],
      ],
      [
        'POST',
        '/api/v1/events',
        {
          title: 'Network breakfast',
          startsAt: '2030-01-02T08:00:00Z',
          endsAt: '2030-01-02T10:00:00Z',
          locationId: confidentialA,
        },
        [422],
      ],
      [
        'POST',
        '/api/v1/invites',
        { email: 'someone@example.org', role: 'organiser', organisationId: ownerA.organisationId },
        [403, 422],
      ],
      [
        'PATCH',
        `/api/v1/organisations/${organiserB.organisationId}`,
        { keyContactUserId: ownerA.userId, version: 1 },
        [422],
      ],
    ];
    const { id: ownProposal } = (await (await open(organiserB)).json()) as { id: string };
    attempts.push([
      'POST',
      `/api/v1/proposals/${ownProposal}/launch`,
      { organisationId: ownerA.organisationId },
      [422],
    ]);
    const got: string[] = [];
    for (const [method, path, body, statuses] of attempts) {
      const res = await t.call(method, path, body, organiserB);
      got.push(`${method} ${path} → ${statuses.includes(res.status) ? 'refused' : res.status}`);
    }
    expect(got).toEqual(attempts.map(([m, p]) => `${m} ${p} → refused`));
    expect({ ...(await counts()), proposals: before.proposals }).toEqual(before);
  });
});
