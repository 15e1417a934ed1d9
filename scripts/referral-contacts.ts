/**
 * Jobs over sealed referral contacts, on the configured database (DATABASE_URL / PGLITE_DIR;
 * stop a PGlite server first):
 *   npm run referral-contacts -- erase    erase contacts 30 days after a final status (the server also runs this hourly)
 *   npm run referral-contacts -- rotate   re-seal every contact under REFERRAL_CONTACT_KEY; run after moving the
 *                                         old key to REFERRAL_CONTACT_PREVIOUS_KEYS, then drop the old key.
 */
import {
  eraseExpiredReferralContacts,
  resealReferralContacts,
} from '../server/referrals/retention.js';
import { runWithDatabase } from './with-database.js';

runWithDatabase(async (db, config) => {
  const command = process.argv[2];
  if (command === 'erase') {
    console.log(`erased ${await eraseExpiredReferralContacts(db)} referral contact(s)`);
    return 0;
  }
  if (command === 'rotate') {
    console.log(
      `re-sealed ${await resealReferralContacts(db, config.referralContactKeys)} referral contact(s) under the current key`,
    );
    return 0;
  }
  console.error('usage: npm run referral-contacts -- erase | rotate');
  return 2;
});
