/**
 * Short reasons for the two endings that need one, as codes with their words: a reason is
 * chosen, never typed, so it cannot carry anything about the person.
 */
import type { ReferralStatus } from '../../db/schema.js';

export const REFERRAL_REASONS = {
  not_a_fit: {
    criteria: 'Outside who the service is for',
    full: 'The service is full',
    other_support: 'Needs a different kind of support',
    other: 'Another reason',
  },
  no_response: {
    no_answer: 'No answer after several tries',
    details_wrong: 'The contact details did not work',
    declined: 'Decided not to take it up',
    other: 'Another reason',
  },
} as const satisfies Partial<Record<ReferralStatus, Record<string, string>>>;

export const REASON_CODES = [
  ...new Set(Object.values(REFERRAL_REASONS).flatMap((r) => Object.keys(r))),
] as [string, ...string[]];

export function statusTakesReason(status: ReferralStatus): status is keyof typeof REFERRAL_REASONS {
  return status in REFERRAL_REASONS;
}

/** Null when the reason fits the status (or none is given), else what is wrong, for a 422. */
export function reasonProblem(status: ReferralStatus, reason: string | undefined): string | null {
  if (reason === undefined) return null;
  if (!statusTakesReason(status)) return `a reason is only given for "not a fit" or "no response"`;
  return reason in REFERRAL_REASONS[status]
    ? null
    : `is not a reason for ${status.replace(/_/g, ' ')}`;
}
