import { describe, expect, it } from 'vitest';
import { onDay, weekEnding, weekOf } from './weeks.js';

describe('published week wording', () => {
  it('names the Sunday that ends a week', () => {
    expect(weekEnding('2026-11-23')).toBe('Sun 29 Nov 2026');
    expect(weekOf('2026-11-23')).toBe('week of Mon 23 Nov');
  });
  it('names the London day of an instant (02:00 London on a Tuesday)', () => {
    expect(onDay('2026-12-08T02:00:00.000Z')).toBe('Tue 8 Dec');
    // Summer time: 02:00 London is 01:00 UTC, still the Tuesday.
    expect(onDay('2026-06-09T01:00:00.000Z')).toBe('Tue 9 Jun');
  });
});
