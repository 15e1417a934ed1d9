import fc from 'fast-check';
import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import type { SupplyRow } from './queries.js';
import { distanceKm, nearestFinder, publicPoint } from './supply.js';

const point = fc.record({
  lat: fc.double({ min: 51.45, max: 51.6, noNaN: true }),
  lng: fc.double({ min: -0.15, max: 0.05, noNaN: true }),
});

const row = (i: number, p: { lat: number; lng: number }, confidential: boolean): SupplyRow => ({
  serviceId: `s${i}`,
  name: `Service ${i}`,
  organisationId: 'o',
  costKind: 'free',
  accepting: 'open',
  capacity: 10,
  languages: [],
  serviceAccessibility: [],
  lastVerifiedAt: null,
  locationId: `l${i}`,
  locationName: `Location ${i}`,
  lat: p.lat,
  lng: p.lng,
  cell: latLngToCell(p.lat, p.lng, 8),
  confidential,
  locationAccessibility: [],
  locationCount: 1,
  tags: [],
});

describe('nearestFinder', () => {
  it('finds the row at the least distanceKm from each point (confidential rows at their public point)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(point, fc.boolean()), { maxLength: 40 }),
        fc.array(point, { minLength: 1, maxLength: 10 }),
        (places, froms) => {
          const rows = places.map(([p, confidential], i) => row(i, p, confidential));
          const nearest = nearestFinder(rows);
          for (const from of froms) {
            const at: [number, number] = [from.lng, from.lat];
            const found = nearest(at);
            if (!rows.length) {
              expect(found).toBeUndefined();
              continue;
            }
            const least = Math.min(...rows.map((r) => distanceKm(at, publicPoint(r))));
            expect(found!.km).toBeCloseTo(least, 9);
            expect(found!.km).toBe(distanceKm(at, publicPoint(found!.row)));
          }
        },
      ),
    );
  });
});
