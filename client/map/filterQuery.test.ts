import { describe, expect, it } from 'vitest';
import { BARRIERS } from '../barriers.js';
import { ANSWERS, oneOf, parseDay, provisionQuery } from './filterQuery.js';

describe('map barrier and day/time filters from the URL', () => {
  it('keeps known barriers and drops anything else', () => {
    expect(oneOf('cost', BARRIERS)).toBe('cost');
    expect(oneOf('childcare', BARRIERS)).toBe('childcare');
    expect(oneOf('weather', BARRIERS)).toBe('');
    // A service cannot answer childcare: not an `answers` value.
    expect(oneOf('childcare', ANSWERS)).toBe('');
  });

  it('reads a day 1..7 only', () => {
    expect(parseDay('1')).toBe(1);
    expect(parseDay('7')).toBe(7);
    for (const bad of ['', '0', '8', '1.5', 'monday', '11'])
      expect(parseDay(bad), bad).toBeUndefined();
  });

  it('turns day, part of the day and barrier into services.geojson parameters', () => {
    expect(provisionQuery({ day: '1', time: 'morning', answers: '' })).toEqual({
      day: 1,
      from: '09:00',
      to: '12:00',
      answers: undefined,
    });
    expect(provisionQuery({ day: '6', time: '', answers: 'timing' })).toEqual({
      day: 6,
      from: undefined,
      to: undefined,
      answers: 'timing',
    });
    // A time without a day would be a 422 from the API: it is no filter.
    expect(provisionQuery({ day: '', time: 'evening', answers: 'cost' })).toEqual({
      answers: 'cost',
    });
    expect(provisionQuery({ day: '9', time: 'night', answers: 'transport' })).toEqual({
      answers: undefined,
    });
  });
});
