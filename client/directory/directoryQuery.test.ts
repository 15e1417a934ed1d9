import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  EMPTY_SEARCH,
  searchFromParams,
  searchToApi,
  searchToParams,
} from './directoryQuery.js';

describe('directory search in the URL', () => {
  it('round-trips a search near a place on a Tuesday morning', () => {
    const search = {
      ...EMPTY_SEARCH,
      q: 'english',
      tags: ['befriending', 'esol'],
      place: 'E2 6',
      near: { lat: 51.525, lng: -0.062 },
      radiusKm: 5,
      day: '2',
      time: 'morning',
      eligibility: ['asylumSeekersWelcome' as const],
    };
    const params = searchToParams(search);
    expect(params).toMatchObject({
      place: 'E2 6',
      near: '51.52500,-0.06200',
      radius: '5',
      day: '2',
      time: 'morning',
      tag: 'befriending,esol',
      for: 'asylumSeekersWelcome',
    });
    const back = searchFromParams(params as Record<string, string>);
    expect(back).toEqual(search);
  });

  it('drops values the URL cannot mean', () => {
    const s = searchFromParams({
      near: '91,0',
      radius: '3',
      day: '8',
      time: 'night',
      age: '-1',
      lang: 'English',
      cost: 'free,gold',
      tag: 'ok-tag,<b>',
      all: 'yes',
    });
    expect(s).toEqual({ ...EMPTY_SEARCH, cost: ['free'], tags: ['ok-tag'] });
  });

  it('asks the API for nearest first within the radius, and a part of the day only with a day', () => {
    const near = {
      ...EMPTY_SEARCH,
      near: { lat: 51.5, lng: -0.05 },
      radiusKm: 1,
      day: '2',
      time: 'evening',
    };
    expect(searchToApi(near)).toMatchObject({
      near: '51.5,-0.05',
      radiusKm: 1,
      day: '2',
      from: '17:00',
      to: '23:59',
      status: 'active',
    });
    expect(searchToApi({ ...EMPTY_SEARCH, time: 'evening' })).not.toHaveProperty('from');
    expect(searchToApi({ ...EMPTY_SEARCH, includeInactive: true }).status).toBeUndefined();
    expect(activeFilterCount({ ...near, tags: ['a'] })).toBe(3);
  });
});
