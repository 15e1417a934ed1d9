import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Referrals that end in the next step (issue 18):
 * - `contact_sealed`: how the service may reach the person, given with consent, AES-256-GCM
 *   sealed by the server (server/referrals/contact-crypto.ts); never stored in clear. Erased
 *   (set to null, `contact_erased_at` stamped) 30 days after `final_at`.
 * - `reason`: a short coded reason for not_a_fit / no_response (a code, never typed text).
 * - `final_at`: when the referral reached a final status (cleared when that move is undone).
 * - referral_events.undone_at: a move taken back within its undo window stays in the table
 *   but not in the history.
 * - referral_notices: what the referring Link Worker has not yet seen (a referral moved).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
alter table referrals add column contact_sealed text;
alter table referrals add column contact_erased_at timestamptz;
alter table referrals add column reason text;
alter table referrals add column final_at timestamptz;
create index referrals_contact_erasure on referrals(final_at) where contact_sealed is not null;
alter table referral_events add column reason text;
alter table referral_events add column undone_at timestamptz;
create table referral_notices (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  referral_id uuid not null references referrals(id) on delete cascade,
  status text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz);
create index referral_notices_unread on referral_notices(user_id, created_at) where read_at is null;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
drop table referral_notices;
alter table referral_events drop column undone_at;
alter table referral_events drop column reason;
drop index referrals_contact_erasure;
alter table referrals drop column final_at;
alter table referrals drop column reason;
alter table referrals drop column contact_erased_at;
alter table referrals drop column contact_sealed;
`,
  );
}
