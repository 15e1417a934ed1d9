/**
 * Where a proposal would run: a point from lat/lng, or the centre of its postcode from the
 * postcode table (the shared lookup: unit, else its sector, else its district). A proposal's place is a venue idea, not a person,
 * so the point is kept; it must lie inside the UK.
 */
import { latLngToCell } from 'h3-js';
import type { Db } from '../../db/schema.js';
import { insideUk } from '../geo/params.js';
import { invalid } from '../http/errors.js';
import { resolvePostcode } from '../postcodes/postcodes.js';
import { CELL_RESOLUTION } from '../services/writes.js';

export interface Place {
  lat: number;
  lng: number;
  cell: string;
}

export async function resolvePlace(
  db: Db,
  input: { postcode?: string | undefined; lat?: number | undefined; lng?: number | undefined },
): Promise<Place> {
  const hasPoint = input.lat !== undefined || input.lng !== undefined;
  if (input.postcode && hasPoint)
    throw invalid({ postcode: 'give a postcode or lat/lng, not both' });
  if (input.postcode) {
    const { lat, lng } = await resolvePostcode(db, input.postcode, {
      field: 'postcode',
      allowPartial: true,
    });
    return { lat, lng, cell: latLngToCell(lat, lng, CELL_RESOLUTION) };
  }
  if (input.lat === undefined || input.lng === undefined)
    throw invalid({ postcode: 'give a postcode or both lat and lng' });
  if (!insideUk(input.lat, input.lng)) throw invalid({ lat: 'must be inside the UK' });
  return {
    lat: input.lat,
    lng: input.lng,
    cell: latLngToCell(input.lat, input.lng, CELL_RESOLUTION),
  };
}
