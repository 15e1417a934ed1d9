/** Organisation logic: who may see and change one, and what a change must satisfy. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import { assertOrganisationAccess } from '../http/auth.js';
import type { SessionUser } from '../http/env.js';
import { conflict, invalid, notFound } from '../http/errors.js';
import {
  findOrganisation,
  insertOrganisation,
  isMemberOf,
  updateOrganisationAt,
} from './queries.js';
import type { OrganisationCreate, OrganisationPatch } from './schemas.js';

export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;

export function toOrganisationView(o: OrganisationRow) {
  return {
    id: o.id,
    name: o.name,
    description: o.description,
    website: o.website,
    email: o.email,
    phone: o.phone,
    keyContactUserId: o.keyContactUserId,
    charityNumber: o.charityNumber,
    status: o.status,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export async function createOrganisation(
  db: Kysely<DB>,
  user: SessionUser,
  input: OrganisationCreate,
): Promise<OrganisationRow> {
  // A new organisation has no members yet, so nobody can be its key contact.
  if (input.keyContactUserId)
    throw invalid({
      keyContactUserId: 'must be a user of this organisation; invite them first, then set it',
    });
  return db.transaction().execute(async (trx) => {
    const { id } = await insertOrganisation(trx, {
      ...input,
      description: input.description ?? '',
    });
    await recordAudit(trx, {
      userId: user.id,
      action: 'organisation.created',
      entity: 'organisation',
      entityId: id,
    });
    return (await findOrganisation(trx, id)) as OrganisationRow;
  });
}

export async function readOrganisation(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
): Promise<OrganisationRow> {
  const org = await findOrganisation(db, id);
  if (!org) throw notFound('Organisation');
  assertOrganisationAccess(user, org.id);
  return org;
}

export async function changeOrganisation(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  patch: OrganisationPatch,
): Promise<OrganisationRow> {
  return db.transaction().execute(async (trx) => {
    const org = await findOrganisation(trx, id);
    if (!org) throw notFound('Organisation');
    assertOrganisationAccess(user, org.id);
    const { version, ...fields } = patch;
    // Status (active/inactive) takes an organisation out of the directory: an admin decision.
    if (fields.status !== undefined && user.role !== 'admin')
      throw invalid({ status: 'only an admin can change this' });
    if (fields.keyContactUserId && !(await isMemberOf(trx, fields.keyContactUserId, id))) {
      throw invalid({ keyContactUserId: 'must be a user of this organisation' });
    }
    if (!(await updateOrganisationAt(trx, id, version, fields))) {
      throw conflict(
        'This organisation was changed by someone else; reload it and apply your change again.',
        { currentVersion: org.version },
      );
    }
    await recordAudit(trx, {
      userId: user.id,
      action: 'organisation.updated',
      entity: 'organisation',
      entityId: id,
      details: { fields: Object.keys(fields) },
    });
    return (await findOrganisation(trx, id)) as OrganisationRow;
  });
}
