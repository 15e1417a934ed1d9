/**
 * A proposal's venue is an existing location named by id in a request body, so its owner is
 * checked like any object: another organisation's confidential location (a refuge's address) is
 * never usable — not when the proposal is opened, and not when it is launched as a service.
 */
import type { Db } from '../../db/schema.js';
import { invalid } from '../http/errors.js';

export async function usableVenue(db: Db, locationId: string, organisationId: string | null) {
  const venue = await db
    .selectFrom('locations')
    .selectAll()
    .where('id', '=', locationId)
    .executeTakeFirst();
  if (!venue) throw invalid({ venueLocationId: 'unknown location' });
  if (venue.confidential && venue.organisationId !== organisationId)
    throw invalid({ venueLocationId: 'is another organisation’s confidential location' });
  return venue;
}
