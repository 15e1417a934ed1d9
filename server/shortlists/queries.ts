/** Shortlist rows: the token is stored only as its SHA-256, like every other link we hand out. */
import type { Db } from '../../db/schema.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { SHORTLIST_TTL_DAYS, type Contact } from './shortlist.js';

export async function insertShortlist(
  db: Db,
  s: { serviceIds: string[]; language: string; createdBy: string },
  now = new Date(),
) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SHORTLIST_TTL_DAYS * 86_400_000);
  const row = await db
    .insertInto('shortlists')
    .values({
      tokenHash: hashToken(token),
      language: s.language,
      serviceIds: JSON.stringify(s.serviceIds),
      createdBy: s.createdBy,
      expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

/** Who to ask for at each organisation: its key contact's name, and how to reach it. */
export async function organisationContacts(
  db: Db,
  organisationIds: string[],
): Promise<Map<string, Contact>> {
  if (!organisationIds.length) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .leftJoin('users', 'users.id', 'organisations.keyContactUserId')
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.email',
      'organisations.phone',
      'organisations.website',
      'users.name as contactName',
    ])
    .where('organisations.id', 'in', [...new Set(organisationIds)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        organisation: r.name,
        name: r.contactName,
        email: r.email,
        phone: r.phone,
        website: r.website,
      },
    ]),
  );
}
