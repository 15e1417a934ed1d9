import { describe, expect, it } from 'vitest';
import { londonWeekOf } from './flagQueue.js';

describe('londonWeekOf', () => {
  it('is the Monday of the ISO week in London time', () => {
    expect(londonWeekOf(new Date('2026-12-02T12:00:00Z'))).toBe('2026-11-30'); // a Wednesday
    expect(londonWeekOf(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30'); // Monday midnight
    expect(londonWeekOf(new Date('2026-12-06T23:59:00Z'))).toBe('2026-11-30'); // Sunday night (GMT)
    // Summer time: 23:30 UTC on Sunday is already Monday 00:30 in London.
    expect(londonWeekOf(new Date('2026-06-07T23:30:00Z'))).toBe('2026-06-08');
  });
});
