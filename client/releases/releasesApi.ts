/** Publication of need figures: which weeks are published (client/api.ts does the fetching). */
import { api } from '../api.js';

export interface Release {
  week: string;
  revision: number;
  reason: 'scheduled' | 'early' | 'moderation' | 'seed';
  publishedAt: string;
}

export interface Releases {
  latestWeek: string | null;
  nextScheduled: string | null;
  items: Release[];
  nextCursor: string | null;
}

export const listReleases = (cursor?: string) => api.get<Releases>('/api/v1/releases', { query: { limit: 20, cursor } });
export const publishThrough = (through: string) => api.post<{ published: string[] }>('/api/v1/releases', { through });
