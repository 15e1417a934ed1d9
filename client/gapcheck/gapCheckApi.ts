/** The gap check's request and answer (POST /api/v1/gap-check), through the one fetch layer. */
import { api, type SuppressedCount } from '../api.js';
import messages from '../../i18n/messages/gapcheck.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

export interface ProposedSession {
  day: number;
  start: string;
  end: string;
}

export interface GapCheckRequest {
  tags: string[];
  postcode?: string;
  lat?: number;
  lng?: number;
  radiusKm?: number;
  schedule?: ProposedSession[];
}

export interface SimilarService {
  service: {
    id: string;
    name: string;
    summary: string;
    organisationName?: string;
    lastVerifiedAt: string | null;
    cost: { kind: string; text: string | null };
    accepting: string;
    locations: { id: string; name: string; lat: number | null; lng: number | null; confidential: boolean; district: string | null }[];
    schedules: { day: number; start: string; end: string }[];
  };
  distanceKm: number;
  scheduleOverlap: boolean;
  misses: string[];
}

export interface GapCheckResult {
  verdict: 'likely_gap' | 'partly_served' | 'already_served';
  similar: SimilarService[];
  demand: SuppressedCount;
  topBarriers: { barrier: string; count: SuppressedCount }[];
  venues: { location: { id: string; name: string; address: string | null; postcode: string | null; lat: number; lng: number; bookingInfo: string | null }; distanceKm: number }[];
  activeLinkWorkers: SuppressedCount;
  /** Searches that found nothing near here (a separate signal, never in `demand`); absent from older answers. */
  searchMisses?: SuppressedCount;
  explanation: string;
  window: { from: string; to: string; weeks: number };
  /** Monday of the newest published week: the need figures run to the end of it. */
  publishedThrough: string | null;
  /** The H3 res-8 cell checked (the place as the server used it). */
  cell: string;
}

/** Distances as people say them: "under 0.1 km" rather than "0 km". */
export const km = (d: number) => (d < 0.1 ? t('kmUnder') : t('kmDistance', { km: formatNumber(d) }));

export const runGapCheck = (body: GapCheckRequest) => api.post<GapCheckResult>('/api/v1/gap-check', body);

export const VERDICT_TEXT: Readonly<Record<GapCheckResult['verdict'], string>> = labelsIn(messages, {
  likely_gap: 'verdictLikelyGap',
  partly_served: 'verdictPartlyServed',
  already_served: 'verdictAlreadyServed',
});
