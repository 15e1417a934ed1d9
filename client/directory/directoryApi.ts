/** The directory's types and calls, through the one fetch layer (client/api.ts). */
import { api, withQuery, type Page } from '../api.js';
import type { Service, ServiceLocation, ServiceSchedule } from '../../server/services/schemas.js';
import services from '../../i18n/messages/services.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import { weekdayName } from '../ui/wording.js';

const t = useMessages(services);

export type {
  Service,
  ServiceLocation,
  ServiceSchedule,
  ServiceTranslation,
} from '../../server/services/schemas.js';
export type CostKind = Service['cost']['kind'];
export type Frequency = ServiceSchedule['frequency'];

/** The service's summary in a reader's language: the organiser's translation, else English (marked). */
export function summaryIn(
  s: Pick<Service, 'summary' | 'translations'>,
  language: string,
): { text: string; lang: string; inEnglish: boolean } {
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  if (!language || base(language) === 'en')
    return { text: s.summary, lang: 'en', inEnglish: false };
  const t =
    s.translations?.find((x) => x.language === language) ??
    s.translations?.find((x) => base(x.language) === base(language));
  return t
    ? { text: t.summary, lang: t.language, inEnglish: false }
    : { text: s.summary, lang: 'en', inEnglish: true };
}

export type ServiceQuery = Record<string, string | number | boolean | string[] | undefined | null>;

export const COST_LABEL: Readonly<Record<CostKind, string>> = labelsIn(services, {
  free: 'costFree',
  low_cost: 'costLow',
  paid: 'costPaid',
});

/** The cost in words, saying "Free" once: "Free", "Free for carers", "Low cost — £2 a session". */
export function costText(cost: { kind: CostKind; text: string | null }): string {
  const label = COST_LABEL[cost.kind];
  const text = cost.text?.trim();
  if (!text || text.toLowerCase() === label.toLowerCase()) return label;
  return text.toLowerCase().startsWith(label.toLowerCase()) ? text : `${label} — ${text}`;
}
export const ROUTE_LABEL = labelsIn(services, {
  self: 'routeSelf',
  link_worker: 'routeLinkWorker',
  gp: 'routeGp',
  other: 'routeOther',
});
export const FORMAT_LABEL = labelsIn(services, {
  drop_in: 'formatDropIn',
  booking: 'formatBooking',
  course: 'formatCourse',
});
export const ACCEPTING_LABEL = labelsIn(services, {
  open: 'takingReferrals',
  waitlist: 'acceptingWaitlist',
  full: 'full',
});

export const directoryApi = {
  search: (query: ServiceQuery, signal?: AbortSignal) =>
    api.get<Page<Service>>('/api/v1/services', { query, signal }),
  get: (id: string) => api.get<Service>(`/api/v1/services/${id}`),
  create: (body: unknown) => api.post<Service>('/api/v1/services', body),
  update: (id: string, body: unknown) => api.patch<Service>(`/api/v1/services/${id}`, body),
  remove: (id: string) => api.delete(`/api/v1/services/${id}`),
  verify: (id: string) => api.post<Service>(`/api/v1/services/${id}/verify`, {}),
  /** Ask for this listing to move to the caller's organisation (an admin decides). */
  claim: (id: string) =>
    api.post<{ id: string; status: 'pending' }>(`/api/v1/services/${id}/claims`, {}),
  /** The chat-sized text card (plain text, not JSON, so fetched directly). */
  async shareText(id: string): Promise<string> {
    const res = await fetch(`/api/v1/services/${id}/share.txt`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`Could not get the text (${res.status}).`);
    return res.text();
  },
  calendarUrl: (id: string) => `/api/v1/services/${id}/calendar.ics`,
  csvUrl: (query: ServiceQuery) => withQuery('/api/v1/services.csv', query),
};

export function whenText(s: ServiceSchedule): string {
  const key =
    s.frequency === 'weekly' ? 'weekly' : s.frequency === 'fortnightly' ? 'fortnightly' : 'monthly';
  return t(key, { day: weekdayName(s.day), start: s.start, end: s.end });
}

export function placeText(l: ServiceLocation): string {
  if (l.confidential)
    return l.district ? t('confidentialIn', { district: l.district }) : t('confidential');
  return [l.name, l.address, l.postcode].filter(Boolean).join(', ');
}

export function ageText(s: Service): string | null {
  if (s.ageMin !== null && s.ageMax !== null) return t('ages', { min: s.ageMin, max: s.ageMax });
  if (s.ageMin !== null) return t('agesFrom', { min: s.ageMin });
  if (s.ageMax !== null) return t('agesTo', { max: s.ageMax });
  return null;
}
