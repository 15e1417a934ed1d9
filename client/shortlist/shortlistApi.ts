/** `POST /api/v1/shortlists`: the services and the client's language; never the client. */
import { api } from '../api.js';

export interface Shortlist { id: string; url: string; text: string; expiresAt: string }

export const shortlistApi = {
  create: (serviceIds: string[], language: string) => api.post<Shortlist>('/api/v1/shortlists', { serviceIds, language }),
};
