import { describe, expect, it } from 'vitest';
import { actionLabel, detailsInWords } from './auditWords.js';

describe('audit log in words', () => {
  it('reads actions and details as sentences', () => {
    expect(actionLabel('referral.moved')).toBe('Moved a referral');
    expect(actionLabel('something.new_here')).toBe('Something new here');
    expect(detailsInWords({ from: 'sent', to: 'not_a_fit', reason: 'full' })).toBe('from sent to not a fit; reason: full');
    expect(detailsInWords({ fields: ['name', 'referralEmail'], version: 3 })).toBe('fields: name, referral email; version: 3');
    expect(detailsInWords({})).toBe('');
  });
});
