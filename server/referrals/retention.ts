/**
 * The two jobs over sealed referral contacts:
 * - erasure: a contact is erased 30 days after its referral reached a final status (the server
 *   runs this hourly; `npm run referral-contacts -- erase` runs it once);
 * - rotation: `npm run referral-contacts -- rotate` re-seals every stored contact under the
 *   current key, so an old key can then be dropped (contact-crypto.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import {
  keyId,
  openContact,
  sealContact,
  sealedKeyId,
  type ContactKeys,
} from './contact-crypto.js';

export const CONTACT_RETENTION_DAYS = 30;

/** Erases every contact whose referral became final at least 30 days before `now`. Returns how many. */
export async function eraseExpiredReferralContacts(
  db: Kysely<DB>,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - CONTACT_RETENTION_DAYS * 86_400_000);
  const erased = await db
    .updateTable('referrals')
    .set({ contactSealed: null, contactErasedAt: now })
    .where('contactSealed', 'is not', null)
    .where('finalAt', '<=', cutoff)
    .returning('id')
    .execute();
  return erased.length;
}

/** Re-seals, in batches, every contact not sealed under the current key. Returns how many. */
export async function resealReferralContacts(
  db: Kysely<DB>,
  keys: ContactKeys,
  batchSize = 200,
): Promise<number> {
  const current = keyId(keys.current);
  let done = 0;
  for (;;) {
    const rows = await db
      .selectFrom('referrals')
      .select(['id', 'contactSealed'])
      .where('contactSealed', 'is not', null)
      .where(sql<boolean>`split_part(contact_sealed, '.', 2) <> ${current}`)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (!rows.length) return done;
    await db.transaction().execute(async (tx) => {
      for (const r of rows) {
        const sealed = r.contactSealed!;
        if (sealedKeyId(sealed) === current) continue;
        // Only a row still holding the value read is replaced (an erasure in between wins).
        await tx
          .updateTable('referrals')
          .set({ contactSealed: sealContact(keys, r.id, openContact(keys, r.id, sealed)) })
          .where('id', '=', r.id)
          .where('contactSealed', '=', sealed)
          .execute();
      }
    });
    done += rows.length;
  }
}

/** Runs the erasure now and then every `everyMs`; returns a stop function. Errors are logged, not thrown. */
export function scheduleContactErasure(
  db: Kysely<DB>,
  onError: (err: unknown) => void,
  everyMs = 3_600_000,
): () => void {
  const run = () => void eraseExpiredReferralContacts(db).catch(onError);
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
