import { describe, expect, it } from 'vitest';
import { REFERRAL_STATUSES, type ReferralStatus } from '../../db/schema.js';
import { allowedMoves, canMove, isFinal, type ReferralActor } from './status.js';

/** The legal moves written out by hand, one line each, independent of the implementation's table. */
const LEGAL: [ReferralStatus, ReferralStatus, ReferralActor][] = [
  ['sent', 'acknowledged', 'provider'],
  ['acknowledged', 'contacted', 'provider'],
  ['contacted', 'attended', 'provider'],
  ['contacted', 'not_a_fit', 'provider'],
  ['contacted', 'no_response', 'provider'],
  ['sent', 'withdrawn', 'referrer'],
  ['acknowledged', 'withdrawn', 'referrer'],
  ['contacted', 'withdrawn', 'referrer'],
  ['sent', 'acknowledged', 'admin'],
  ['acknowledged', 'contacted', 'admin'],
  ['contacted', 'attended', 'admin'],
  ['contacted', 'not_a_fit', 'admin'],
  ['contacted', 'no_response', 'admin'],
  ['sent', 'withdrawn', 'admin'],
  ['acknowledged', 'withdrawn', 'admin'],
  ['contacted', 'withdrawn', 'admin'],
];
const ACTORS: ReferralActor[] = ['provider', 'referrer', 'admin'];
const legal = new Set(LEGAL.map((m) => m.join('>')));

describe('referral status machine', () => {
  for (const actor of ACTORS) {
    for (const from of REFERRAL_STATUSES) {
      for (const to of REFERRAL_STATUSES) {
        const expected = legal.has([from, to, actor].join('>'));
        it(`${actor}: ${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () => {
          expect(canMove(from, to, actor)).toBe(expected);
        });
      }
    }
  }

  it('final statuses have no way out for anyone', () => {
    for (const from of REFERRAL_STATUSES.filter(isFinal)) {
      for (const actor of ACTORS) expect(allowedMoves(from, actor)).toEqual([]);
    }
  });

  it('every non-final status can still be withdrawn by the referrer', () => {
    for (const from of REFERRAL_STATUSES.filter((s) => !isFinal(s)))
      expect(allowedMoves(from, 'referrer')).toEqual(['withdrawn']);
  });
});
