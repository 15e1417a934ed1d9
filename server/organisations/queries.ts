/** Organisation queries; each takes the database or a transaction first. */
import type { Insertable, Updateable } from 'kysely';
import type { Db, OrganisationsTable } from '../../db/schema.js';
import type { CursorKey } from '../http/pagination.js';

const COLUMNS = [
  'id',
  'name',
  'description',
  'website',
  'email',
  'phone',
  'keyContactUserId',
  'charityNumber',
  'status',
  'version',
  'createdAt',
  'updatedAt',
] as const;

export function findOrganisations(db: Db, f: { q?: string; limit: number; after?: CursorKey }) {
  let q = db.selectFrom('organisations').select(COLUMNS);
  if (f.q) q = q.where('name', 'ilike', `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  if (f.after) {
    const [name, id] = f.after as [string, string];
    q = q.where((eb) =>
      eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
    );
  }
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

export function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisations').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function insertOrganisation(db: Db, values: Insertable<OrganisationsTable>) {
  return db.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Applies the change only at the expected version; returns whether it did. */
export async function updateOrganisationAt(
  db: Db,
  id: string,
  version: number,
  values: Updateable<OrganisationsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function isMemberOf(db: Db, userId: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('organisationId', '=', organisationId)
    .where('disabledAt', 'is', null)
    .executeTakeFirst();
  return !!row;
}
