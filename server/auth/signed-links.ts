/**
 * Signed, single-use links that let a person act on one record from an email without signing
 * in: a key contact moves a referral (server/referrals/links.ts) or answers a listing check
 * (server/listings/check-links.ts). The token is random; only its SHA-256 is stored, it expires,
 * and it works once. Opening the page (GET) never spends it, so a mail scanner that follows
 * links cannot; only the button (POST) does, through `spendSignedLink` inside the action's
 * transaction.
 */
import type { Transaction } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { gone, notFound } from '../http/errors.js';
import { hashToken, newToken } from './tokens.js';

/** Each link table has the same columns (id, token_hash, expires_at, used_at) plus its subject's id. */
const SUBJECT = { referralLinks: 'referralId', serviceCheckLinks: 'serviceId' } as const;
export type SignedLinkTable = keyof typeof SUBJECT;

/** newToken(): 32 random bytes as base64url — what a link's token must look like. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface SignedLink {
  id: string;
  subjectId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** What the 404/410 answers say, in the words of the feature (e.g. "Sign in to update the referral"). */
export interface LinkWording {
  what: string;
  used: string;
  expired: string;
}

// Kysely cannot type a query over a union of table names; the tables share these columns, so
// each query is written against one of them (the cast) and works for both.
const as = (table: SignedLinkTable) => table as 'referralLinks';

export async function issueSignedLink(
  db: Db,
  table: SignedLinkTable,
  subjectId: string,
  ttlDays: number,
  now = new Date(),
) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ttlDays * 86_400_000);
  await db
    .insertInto(as(table))
    .values({ [SUBJECT[table]]: subjectId, tokenHash: hashToken(token), expiresAt } as never)
    .execute();
  return { token, expiresAt };
}

/** The live link for a token, or 404 (unknown or malformed) / 410 (used or expired). */
export async function resolveSignedLink(
  db: Db,
  table: SignedLinkTable,
  token: string,
  wording: LinkWording,
  now = new Date(),
): Promise<SignedLink> {
  if (!TOKEN_SHAPE.test(token)) throw notFound(wording.what);
  const link = await db
    .selectFrom(as(table))
    .select(['id', `${SUBJECT[table] as 'referralId'} as subjectId`, 'expiresAt', 'usedAt'])
    .where('tokenHash', '=', hashToken(token))
    .executeTakeFirst();
  if (!link) throw notFound(wording.what);
  if (link.usedAt) throw gone(wording.used);
  if (link.expiresAt <= now) throw gone(wording.expired);
  return link;
}

/** Spends the link; `used_at is null` in the update makes two simultaneous clicks spend it once. */
export async function spendSignedLink(
  tx: Transaction<DB>,
  table: SignedLinkTable,
  id: string,
  wording: LinkWording,
  now = new Date(),
): Promise<void> {
  const spent = await tx
    .updateTable(as(table))
    .set({ usedAt: now })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!spent) throw gone(wording.used);
}
