/** The services ⋈ organisations select that the listing queries of every feature start from. */
import type { Db } from '../../db/schema.js';

/** Services joined to the organisation that runs each (every service has one). */
export function servicesWithOrganisation(db: Db) {
  return db
    .selectFrom('services')
    .innerJoin('organisations', 'organisations.id', 'services.organisationId');
}

/** Every service column and its organisation's name: the rows a service view is built from. */
export function serviceRows(db: Db) {
  return servicesWithOrganisation(db)
    .selectAll('services')
    .select('organisations.name as organisationName');
}
