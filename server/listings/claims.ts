/**
 * Claims (API.md v1.1): an organisation asks to take over a listing someone else made (an import,
 * an admin, a partner); an admin approves or rejects. Approval moves the service — and the venues
 * only it uses — to the claimant's organisation; a venue shared with the old organisation's other
 * services is copied for it. Every step is audited.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ClaimStatus, DB, Db } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import { conflict, forbidden, notFound } from '../http/errors.js';
import type { SessionUser } from '../http/env.js';

export async function requestClaim(db: Kysely<DB>, user: SessionUser, serviceId: string) {
  const service = await db
    .selectFrom('services')
    .select(['id', 'organisationId'])
    .where('id', '=', serviceId)
    .executeTakeFirst();
  if (!service) throw notFound('Service');
  if (!user.organisationId)
    throw forbidden('Only an organisation can claim a listing; sign in as its organiser.');
  if (service.organisationId === user.organisationId)
    throw conflict('This listing already belongs to your organisation.');
  const organisationId = user.organisationId;
  return db.transaction().execute(async (tx) => {
    // The partial unique index keeps one pending claim per service and organisation.
    const row = await tx
      .insertInto('serviceClaims')
      .values({ serviceId, organisationId, requestedBy: user.id })
      .onConflict((oc) =>
        oc.columns(['serviceId', 'organisationId']).where('status', '=', 'pending').doNothing(),
      )
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (!row)
      throw conflict(
        'Your organisation has already asked to claim this listing; an admin will decide.',
      );
    await recordAudit(tx, {
      userId: user.id,
      action: 'claim.requested',
      entity: 'service',
      entityId: serviceId,
      details: { claimId: row.id, organisationId, fromOrganisationId: service.organisationId },
    });
    return row;
  });
}

/** A claim with the names an admin decides by: the service, its current owner, the claimant, who asked. */
function claimsQuery(db: Db) {
  return db
    .selectFrom('serviceClaims')
    .innerJoin('services', 'services.id', 'serviceClaims.serviceId')
    .innerJoin('organisations as owner', 'owner.id', 'services.organisationId')
    .innerJoin('organisations as claimant', 'claimant.id', 'serviceClaims.organisationId')
    .leftJoin('users as requester', 'requester.id', 'serviceClaims.requestedBy')
    .select([
      'serviceClaims.id',
      'serviceClaims.serviceId',
      'services.name as serviceName',
      'services.organisationId as ownerOrganisationId',
      'owner.name as ownerOrganisationName',
      'serviceClaims.organisationId',
      'claimant.name as organisationName',
      'requester.name as requestedByName',
      'serviceClaims.status',
      'serviceClaims.decidedAt',
      'serviceClaims.createdAt',
    ]);
}

export function listClaims(
  db: Db,
  f: { status?: ClaimStatus; limit: number; after?: [string, string] },
) {
  let q = claimsQuery(db);
  if (f.status) q = q.where('serviceClaims.status', '=', f.status);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb) =>
      eb.or([
        eb('serviceClaims.createdAt', '<', new Date(at)),
        eb.and([eb('serviceClaims.createdAt', '=', new Date(at)), eb('serviceClaims.id', '<', id)]),
      ]),
    );
  }
  return q
    .orderBy('serviceClaims.createdAt', 'desc')
    .orderBy('serviceClaims.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export type ClaimRow = Awaited<ReturnType<typeof listClaims>>[number];

export async function findClaim(db: Db, id: string): Promise<ClaimRow | undefined> {
  return claimsQuery(db).where('serviceClaims.id', '=', id).executeTakeFirst();
}

/** An admin's decision on a pending claim; approval moves the service, in the same transaction. */
export async function decideClaim(
  db: Kysely<DB>,
  admin: SessionUser,
  id: string,
  status: 'approved' | 'rejected',
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const claim = await tx
      .selectFrom('serviceClaims')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!claim) throw notFound('Claim');
    if (claim.status !== 'pending')
      throw conflict(`This claim was already ${claim.status}.`, { status: claim.status });
    const now = new Date();
    await tx
      .updateTable('serviceClaims')
      .set({ status, decidedBy: admin.id, decidedAt: now })
      .where('id', '=', id)
      .execute();
    const service = await tx
      .selectFrom('services')
      .select(['id', 'organisationId'])
      .where('id', '=', claim.serviceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      userId: admin.id,
      action: `claim.${status}`,
      entity: 'service',
      entityId: service.id,
      details: {
        claimId: id,
        organisationId: claim.organisationId,
        fromOrganisationId: service.organisationId,
      },
    });
    if (status === 'rejected') return;
    await moveService(tx, service.id, service.organisationId, claim.organisationId);
    await recordAudit(tx, {
      userId: admin.id,
      action: 'service.updated',
      entity: 'service',
      entityId: service.id,
      details: {
        fields: ['organisationId'],
        from: service.organisationId,
        to: claim.organisationId,
        claimId: id,
      },
    });
    // Other organisations' pending claims on the same listing are settled by this one.
    const others = await tx
      .updateTable('serviceClaims')
      .set({ status: 'rejected', decidedBy: admin.id, decidedAt: now })
      .where('serviceId', '=', service.id)
      .where('status', '=', 'pending')
      .returning('id')
      .execute();
    for (const o of others) {
      await recordAudit(tx, {
        userId: admin.id,
        action: 'claim.rejected',
        entity: 'service',
        entityId: service.id,
        details: { claimId: o.id, reason: 'another_claim_approved' },
      });
    }
  });
}

/** The service and its venues to another organisation (a venue still used by the old one's services is copied). */
async function moveService(
  tx: Transaction<DB>,
  serviceId: string,
  from: string,
  to: string,
): Promise<void> {
  await tx
    .updateTable('services')
    .set((eb) => ({ organisationId: to, version: eb('version', '+', 1) }))
    .where('id', '=', serviceId)
    .execute();
  const venues = await tx
    .selectFrom('serviceLocations')
    .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
    .selectAll('locations')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('serviceLocations as other')
            .select('other.id')
            .whereRef('other.locationId', '=', 'locations.id')
            .where('other.serviceId', '!=', serviceId),
        )
        .as('shared'),
    )
    .where('serviceLocations.serviceId', '=', serviceId)
    .where('locations.organisationId', '=', from)
    .execute();
  for (const { shared, id, createdAt: _c, updatedAt: _u, ...venue } of venues) {
    if (!shared) {
      await tx.updateTable('locations').set({ organisationId: to }).where('id', '=', id).execute();
      continue;
    }
    const copy = await tx
      .insertInto('locations')
      .values({
        ...venue,
        accessibility: JSON.stringify(venue.accessibility),
        orukExtension: venue.orukExtension ? JSON.stringify(venue.orukExtension) : null,
        organisationId: to,
        sourceId: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('serviceLocations')
      .set({ locationId: copy.id })
      .where('serviceId', '=', serviceId)
      .where('locationId', '=', id)
      .execute();
    await tx
      .updateTable('schedules')
      .set({ locationId: copy.id })
      .where('serviceId', '=', serviceId)
      .where('locationId', '=', id)
      .execute();
  }
}
