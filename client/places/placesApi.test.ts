import { describe, expect, it } from 'vitest';
import { placeBody, placeZoom, type Place } from './placesApi.js';

const place = (p: Partial<Place>): Place => ({
  kind: 'postcode',
  name: 'E2 6',
  lat: 51.525,
  lng: -0.062,
  detail: '',
  ...p,
});

describe('what a chosen place means to a form and to the map', () => {
  it('sends whole postcodes as postcodes and everything else as its point', () => {
    expect(placeBody(place({ name: 'E2 6LA', precision: 'unit' }))).toEqual({ postcode: 'E2 6LA' });
    // A unit the table lacks is placed at its sector, but the server does that lookup itself.
    expect(placeBody(place({ name: 'E2 0ZZ', precision: 'sector' }))).toEqual({
      postcode: 'E2 0ZZ',
    });
    expect(placeBody(place({ precision: 'sector' }))).toEqual({ lat: 51.525, lng: -0.062 });
    expect(placeBody(place({ kind: 'area', name: 'Bethnal Green' }))).toEqual({
      lat: 51.525,
      lng: -0.062,
    });
  });

  it('zooms closer for more precise places', () => {
    expect(placeZoom(place({ precision: 'unit' }))).toBeGreaterThan(
      placeZoom(place({ precision: 'sector' })),
    );
    expect(placeZoom(place({ precision: 'sector' }))).toBeGreaterThan(
      placeZoom(place({ precision: 'district' })),
    );
    expect(placeZoom(place({ kind: 'venue' }))).toBe(16);
  });
});
