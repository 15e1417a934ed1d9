/**
 * Server data many pages share, fetched once through the router's `query` cache and read with
 * `createAsync`: the organisations and the imported areas. (The taxonomy is in map/taxonomy.ts.)
 * A page that changes one of them calls `revalidate(<query>.key)` so every reader refreshes.
 */
import { query } from '@solidjs/router';
import { api, type Page } from '../api.js';

export interface OrganisationOption {
  id: string;
  name: string;
}

export interface AreaRow {
  id: string;
  code: string;
  name: string;
  kind: string;
}

/** Every organisation (id and name), for pickers. */
export const getOrganisations = query(
  async () =>
    (await api.get<Page<OrganisationOption>>('/api/v1/organisations', { query: { limit: 500 } }))
      .items,
  'organisations',
);

/** The imported areas, a page of up to 500 (nextCursor says there are more). */
export const getAreas = query(
  () => api.get<Page<AreaRow>>('/api/v1/areas', { query: { limit: 500 } }),
  'areas',
);
