/**
 * `Idempotency-Key` on POST /api/v1/needs and /needs/batch (API.md v1.1): a client that sends a
 * flag with no signal keeps the flag and its key, and retries until it gets an answer. The first
 * answer for a (user, route, key) is stored in the transaction that stores the flags, so a retry
 * within 7 days gets the same answer and stores nothing again.
 *
 * Concurrent duplicates: the key's row is inserted first; its primary key makes a second
 * transaction with the same key wait for the first to commit, then find its row (or, if the first
 * rolled back, store as the first). A refused request (422) stores no key: a retry is judged anew.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { invalid } from '../http/errors.js';

/** How long a key's first answer is kept. */
export const IDEMPOTENCY_TTL_MS = 7 * 86_400_000;
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Keys must be hard to guess (a UUID is): the hash that finds an answer is only as private as the key. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{16,200}$/;

export interface StoredAnswer<T> {
  status: 201;
  body: T;
  /** true when this is the stored first answer, not a new write. */
  replayed: boolean;
}

/** The header's key, checked; undefined when the request carries none. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = header.trim();
  if (!KEY_PATTERN.test(key)) {
    throw invalid({
      [IDEMPOTENCY_HEADER]: 'must be 16 to 200 letters, digits or - _ . : (a random UUID is ideal)',
    });
  }
  return key;
}

const keyHashOf = (userId: string, route: string, key: string) =>
  createHash('sha256').update(`gapmap-idempotency:${route}:${userId}:${key}`).digest('hex');

/**
 * Runs `write` once per (user, route, key): inside one transaction with the key's row, so the flags
 * and the stored answer commit together. `write` returns the answer and the newest week it wrote.
 */
export function onceForKey<T>(
  db: Kysely<DB>,
  k: { userId: string; route: string; key: string; now?: Date },
  write: (trx: Transaction<DB>) => Promise<{ body: T; week: string }>,
): Promise<StoredAnswer<T>> {
  const keyHash = keyHashOf(k.userId, k.route, k.key);
  const now = k.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('needIdempotencyKeys')
      .where('keyHash', '=', keyHash)
      .where('createdAt', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
      .execute();
    const claimed = await trx
      .insertInto('needIdempotencyKeys')
      .values({ keyHash, userId: k.userId, status: 0, response: 'null', createdAt: now })
      .onConflict((oc) => oc.column('keyHash').doNothing())
      .returning('keyHash')
      .executeTakeFirst();
    if (!claimed) {
      const first = await trx
        .selectFrom('needIdempotencyKeys')
        .select(['status', 'response'])
        .where('keyHash', '=', keyHash)
        .executeTakeFirstOrThrow();
      return { status: 201, body: first.response as T, replayed: true };
    }
    const { body, week } = await write(trx);
    await trx
      .updateTable('needIdempotencyKeys')
      .set({ status: 201, response: JSON.stringify(body), week })
      .where('keyHash', '=', keyHash)
      .execute();
    return { status: 201, body, replayed: false };
  });
}

/** Retention at publication: answers of published weeks no longer name their user. */
export async function forgetKeyOwners(trx: Transaction<DB>, weeks: string[]): Promise<void> {
  if (!weeks.length) return;
  await sql`update need_idempotency_keys set user_id = null where week = any(${weeks}::date[])`.execute(
    trx,
  );
}

/** Deletes answers older than 7 days (the publication jobs run it). */
export async function purgeIdempotencyKeys(db: Db, now = new Date()): Promise<void> {
  await db
    .deleteFrom('needIdempotencyKeys')
    .where('createdAt', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
    .execute();
}
