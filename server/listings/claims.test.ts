import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertService } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let owner: SignedIn;
let claimant: SignedIn;
let other: SignedIn;
let admin: SignedIn;
let linkWorker: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.signIn('organiser');
  claimant = await t.signIn('organiser');
  other = await t.signIn('organiser');
  admin = await t.signIn('admin');
  linkWorker = await t.signIn('link_worker');
});
afterAll(() => t.close());

const claim = (serviceId: string, who: SignedIn) =>
  t.call('POST', `/api/v1/services/${serviceId}/claims`, undefined, who);
const decide = (id: string, status: string, who: SignedIn) =>
  t.call('PATCH', `/api/v1/claims/${id}`, { status }, who);
const auditOf = (id: string) =>
  t.db
    .selectFrom('auditLog')
    .select(['action', 'userId', 'details'])
    .where('entityId', '=', id)
    .orderBy('createdAt')
    .execute();

describe('claims of a listing (API.md v1.1)', () => {
  it('an organiser claims, an admin approves: the service and its own venue move; audited', async () => {
    const { serviceId, locationId } = await insertService(t.db, {
      organisationId: owner.organisationId!,
      name: 'Claimed walking group',
    });
    const res = await claim(serviceId, claimant);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; status: string };
    expect(created).toEqual({ id: expect.any(String), status: 'pending' });

    const list = await t.call('GET', '/api/v1/claims?status=pending', undefined, admin);
    expect(list.status).toBe(200);
    const items = (
      (await list.json()) as {
        items: {
          id: string;
          serviceName: string;
          organisationId: string;
          ownerOrganisationId: string;
        }[];
      }
    ).items;
    expect(items.find((c) => c.id === created.id)).toMatchObject({
      serviceName: 'Claimed walking group',
      organisationId: claimant.organisationId,
      ownerOrganisationId: owner.organisationId,
    });

    const before = await t.db
      .selectFrom('services')
      .select('version')
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    const approved = await decide(created.id, 'approved', admin);
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { status: string }).status).toBe('approved');
    const s = await t.db
      .selectFrom('services')
      .select(['organisationId', 'version'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(s).toEqual({ organisationId: claimant.organisationId, version: before.version + 1 });
    const venue = await t.db
      .selectFrom('locations')
      .select('organisationId')
      .where('id', '=', locationId)
      .executeTakeFirstOrThrow();
    expect(venue.organisationId).toBe(claimant.organisationId);

    // The new owner can edit it; the old one no longer can.
    const view = (await (
      await t.call('GET', `/api/v1/services/${serviceId}`, undefined, claimant)
    ).json()) as { version: number };
    expect(
      (
        await t.call(
          'PATCH',
          `/api/v1/services/${serviceId}`,
          { summary: 'Ours now.', version: view.version },
          owner,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await t.call(
          'PATCH',
          `/api/v1/services/${serviceId}`,
          { summary: 'Ours now.', version: view.version },
          claimant,
        )
      ).status,
    ).toBe(200);

    const audit = await auditOf(serviceId);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['claim.requested', 'claim.approved', 'service.updated']),
    );
    expect(audit.find((a) => a.action === 'claim.requested')).toMatchObject({
      userId: claimant.userId,
      details: {
        claimId: created.id,
        organisationId: claimant.organisationId,
        fromOrganisationId: owner.organisationId,
      },
    });
    expect(audit.find((a) => a.action === 'claim.approved')).toMatchObject({
      userId: admin.userId,
    });

    // A decided claim cannot be decided again.
    expect((await decide(created.id, 'rejected', admin)).status).toBe(409);
  });

  it('a venue the old organisation still uses for another service is copied, not taken', async () => {
    const { serviceId, locationId } = await insertService(t.db, {
      organisationId: owner.organisationId!,
      name: 'Shared venue group',
    });
    const second = await t.db
      .insertInto('services')
      .values({ organisationId: owner.organisationId!, name: 'Stays put', summary: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('serviceLocations')
      .values({ serviceId: second.id, locationId })
      .execute();
    const { id } = (await (await claim(serviceId, claimant)).json()) as { id: string };
    expect((await decide(id, 'approved', admin)).status).toBe(200);
    expect(
      (
        await t.db
          .selectFrom('locations')
          .select('organisationId')
          .where('id', '=', locationId)
          .executeTakeFirstOrThrow()
      ).organisationId,
    ).toBe(owner.organisationId);
    const moved = await t.db
      .selectFrom('serviceLocations')
      .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
      .select(['locations.id', 'locations.organisationId', 'locations.name'])
      .where('serviceLocations.serviceId', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(moved.id).not.toBe(locationId);
    expect(moved).toMatchObject({ organisationId: claimant.organisationId, name: 'Oxford House' });
    const schedule = await t.db
      .selectFrom('schedules')
      .select('locationId')
      .where('serviceId', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(schedule.locationId).toBe(moved.id);
  });

  it('rejection leaves the service where it was; approval settles other pending claims', async () => {
    const { serviceId } = await insertService(t.db, {
      organisationId: owner.organisationId!,
      name: 'Contested group',
    });
    const a = (await (await claim(serviceId, claimant)).json()) as { id: string };
    const b = (await (await claim(serviceId, other)).json()) as { id: string };
    expect((await decide(a.id, 'rejected', admin)).status).toBe(200);
    expect(
      (
        await t.db
          .selectFrom('services')
          .select('organisationId')
          .where('id', '=', serviceId)
          .executeTakeFirstOrThrow()
      ).organisationId,
    ).toBe(owner.organisationId);
    // Rejected: the organisation may ask again.
    const again = (await (await claim(serviceId, claimant)).json()) as { id: string };
    expect((await decide(b.id, 'approved', admin)).status).toBe(200);
    const states = await t.db
      .selectFrom('serviceClaims')
      .select(['id', 'status'])
      .where('serviceId', '=', serviceId)
      .execute();
    expect(Object.fromEntries(states.map((s) => [s.id, s.status]))).toEqual({
      [a.id]: 'rejected',
      [b.id]: 'approved',
      [again.id]: 'rejected',
    });
  });

  it('role and ownership checks', async () => {
    const { serviceId } = await insertService(t.db, {
      organisationId: owner.organisationId!,
      name: 'Guarded group',
    });
    // Own listing: nothing to claim.
    expect((await claim(serviceId, owner)).status).toBe(409);
    // Other roles cannot claim; signed out is 401.
    expect((await claim(serviceId, linkWorker)).status).toBe(403);
    expect((await t.call('POST', `/api/v1/services/${serviceId}/claims`)).status).toBe(401);
    // An admin has no organisation to claim for.
    expect((await claim(serviceId, admin)).status).toBe(403);
    // Unknown service.
    expect((await claim('00000000-0000-4000-8000-000000000000', claimant)).status).toBe(404);
    // One pending claim per organisation and listing.
    const { id } = (await (await claim(serviceId, claimant)).json()) as { id: string };
    expect((await claim(serviceId, claimant)).status).toBe(409);
    // Only admins list and decide; organisers (even the claimant) cannot approve.
    expect((await decide(id, 'approved', claimant)).status).toBe(403);
    expect((await decide(id, 'approved', owner)).status).toBe(403);
    expect((await t.call('GET', '/api/v1/claims', undefined, claimant)).status).toBe(403);
    expect((await decide(id, 'maybe', admin)).status).toBe(422);
    expect((await decide('00000000-0000-4000-8000-000000000000', 'approved', admin)).status).toBe(
      404,
    );
    expect(
      (
        await t.db
          .selectFrom('services')
          .select('organisationId')
          .where('id', '=', serviceId)
          .executeTakeFirstOrThrow()
      ).organisationId,
    ).toBe(owner.organisationId);
  });
});
