import { describe, expect, it } from 'vitest';
import { proposalLinkFromCheck, readCheckHandover } from './fromGapCheck.js';

describe('gap check → proposal hand-over', () => {
  it('round-trips needs, place, radius, sessions and venue', () => {
    const h = {
      tags: ['mens-groups', 'befriending'],
      place: {
        kind: 'postcode' as const,
        name: 'E2 6',
        lat: 51.528,
        lng: -0.062,
        detail: 'From the gap check',
      },
      radiusKm: 2.5,
      sessions: [
        { day: 4, start: '18:00', end: '20:00' },
        { day: 6, start: '10:00', end: '12:00' },
      ],
      venueId: '3f2b8c1e-1111-4222-8333-944455556666',
    };
    const link = proposalLinkFromCheck(h);
    expect(link.startsWith('/proposals/new?')).toBe(true);
    expect(readCheckHandover(link.split('?')[1]!)).toEqual(h);
  });

  it('leaves out what is malformed instead of guessing', () => {
    const r = readCheckHandover(
      'tags=ok-tag,Bad Tag&lat=x&lng=1&radiusKm=99&session=9,18:00,20:00&session=2,25:00,26:00&venue=nope',
    );
    expect(r).toEqual({
      tags: ['ok-tag'],
      place: null,
      radiusKm: null,
      sessions: [],
      venueId: null,
    });
  });
});
