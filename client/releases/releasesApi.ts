/** Publication of need figures: which weeks are published (client/api.ts does the fetching). */
import { api } from '../api.js';
import type { Releases } from '../../server/releases/schemas.js';

export type { Release, Releases } from '../../server/releases/schemas.js';

export const listReleases = (cursor?: string) =>
  api.get<Releases>('/api/v1/releases', { query: { limit: 20, cursor } });
export const publishThrough = (through: string) =>
  api.post<{ published: string[] }>('/api/v1/releases', { through });
