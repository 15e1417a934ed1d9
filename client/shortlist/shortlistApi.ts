/** `POST /api/v1/shortlists`: the services and the client's language; never the client. */
import { api } from '../api.js';
import type { Shortlist } from '../../server/shortlists/schemas.js';

export type { Shortlist } from '../../server/shortlists/schemas.js';

export const shortlistApi = {
  create: (serviceIds: string[], language: string) =>
    api.post<Shortlist>('/api/v1/shortlists', { serviceIds, language }),
};
