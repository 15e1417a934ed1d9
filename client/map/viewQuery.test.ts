import { describe, expect, it } from 'vitest';
import { groupOf, groupsInView, withGroups } from './layers/provisionGroups.js';
import { mapViewQuery, parseMapView, windowStart } from './viewQuery.js';

const LAYERS = ['provision', 'needs', 'gaps', 'areas'];

describe('map URL state', () => {
  it('round-trips a view through the query', () => {
    const query = mapViewQuery(
      { lng: -0.0412345, lat: 51.5234567 },
      13.456,
      new Set(['provision', 'gaps']),
    );
    expect(query).toEqual({
      lat: '51.52346',
      lng: '-0.04123',
      z: '13.46',
      layers: 'provision,gaps',
    });
    expect(parseMapView(query, LAYERS)).toEqual({
      center: [-0.04123, 51.52346],
      zoom: 13.46,
      layers: ['provision', 'gaps'],
    });
  });

  it('ignores what is missing, malformed, out of range or unknown', () => {
    expect(parseMapView({}, LAYERS)).toEqual({});
    expect(
      parseMapView({ lat: 'north', lng: '0', z: '99', layers: 'gaps,secret' }, LAYERS),
    ).toEqual({ layers: ['gaps'] });
    expect(parseMapView({ lat: '95', lng: '0', z: '-1' }, LAYERS)).toEqual({});
    // An empty layers list is a view with every layer off, not "use the defaults".
    expect(parseMapView({ layers: '' }, LAYERS)).toEqual({ layers: [] });
  });

  it('starts a window of n weeks n-1 weeks back', () => {
    expect(windowStart(1, new Date('2026-11-26T12:00:00Z'))).toBe('2026-11-26');
    expect(windowStart(12, new Date('2026-11-26T12:00:00Z'))).toBe('2026-09-10');
  });
});

describe('provision groups', () => {
  const terms = [
    { slug: 'money', name: 'Money', parent: null },
    { slug: 'benefits-advice', name: 'Benefits advice', parent: 'money' },
    { slug: 'food', name: 'Food', parent: null },
  ];
  const point = (tags: string[]) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [0, 51] },
    properties: {
      serviceId: 's',
      locationId: 'l',
      name: 'n',
      summary: '',
      status: 'active' as const,
      cost: 'free' as const,
      accepting: 'open' as const,
      locationName: '',
      bookable: false,
      tags,
    },
  });

  it("takes the first tag's top-level group", () => {
    expect(groupOf(['benefits-advice', 'food'], terms)).toBe('money');
    expect(groupOf(['food'], terms)).toBe('food');
    expect(groupOf([], terms)).toBeNull();
    expect(groupOf(['unknown'], terms)).toBeNull();
  });

  it('colours each point and lists only the groups in view, named, for the legend', () => {
    const fc = {
      type: 'FeatureCollection' as const,
      features: [point(['benefits-advice']), point(['unknown'])],
    };
    const coloured = withGroups(fc, terms).features.map(
      (f) => f.properties as unknown as { group: string | null; groupColour: string },
    );
    expect(coloured[0]?.group).toBe('money');
    expect(coloured[1]?.group).toBeNull();
    expect(coloured[0]?.groupColour).not.toBe(coloured[1]?.groupColour);
    expect(groupsInView(fc, terms).map((g) => g.name)).toEqual(['Money']);
  });
});
