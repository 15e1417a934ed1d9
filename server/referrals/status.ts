/**
 * The referral status machine (DESIGN.md "referrals"), pure so it can be tested exhaustively.
 *
 *   sent → acknowledged → contacted → attended | not_a_fit | no_response
 *   withdrawn: by the referrer, from any state that is not final.
 *
 * The provider side (the organiser of the service's organisation, or its key contact through a
 * signed link) moves a referral forward; the referring Link Worker may only withdraw it. Admins
 * may do either, so a stuck referral can always be corrected.
 */
import type { ReferralStatus } from '../../db/schema.js';

/** Who is asking to move the referral, relative to that referral. */
export type ReferralActor = 'provider' | 'referrer' | 'admin';

const PROVIDER_MOVES: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  sent: ['acknowledged'],
  acknowledged: ['contacted'],
  contacted: ['attended', 'not_a_fit', 'no_response'],
  attended: [],
  not_a_fit: [],
  no_response: [],
  withdrawn: [],
};

export const FINAL_STATUSES: readonly ReferralStatus[] = [
  'attended',
  'not_a_fit',
  'no_response',
  'withdrawn',
];

export function isFinal(status: ReferralStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Every status this actor may move the referral to from `from`, in a stable order. */
export function allowedMoves(from: ReferralStatus, actor: ReferralActor): ReferralStatus[] {
  const moves: ReferralStatus[] = [];
  if (actor !== 'referrer') moves.push(...PROVIDER_MOVES[from]);
  if (actor !== 'provider' && !isFinal(from)) moves.push('withdrawn');
  return moves;
}

export function canMove(from: ReferralStatus, to: ReferralStatus, actor: ReferralActor): boolean {
  return allowedMoves(from, actor).includes(to);
}
