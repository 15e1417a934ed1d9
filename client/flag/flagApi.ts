/** The flag page's calls to the need API (client/api.ts does the fetching). */
import { api, type Page } from '../api.js';
import type { NeedCreated, OwnFlag, PopularTag } from '../../server/needs/schemas.js';
import messages from '../../i18n/messages/flag.js';
import { labelsIn } from '../i18n/language.js';

export { AGE_BANDS } from '../../db/schema.js';

export interface NeedInput {
  tags: string[];
  postcode: string;
  barriers: string[];
  ageBand?: string;
  language?: string;
  note?: string;
  /** The Monday of the week the flag was made (a queued flag keeps its own week). */
  week?: string;
}

export type { OwnFlag, PopularTag } from '../../server/needs/schemas.js';

/** With `key` (Idempotency-Key), a retry of the same flag is stored once. */
export const flagNeed = (input: NeedInput, key?: string) =>
  api.post<NeedCreated>(
    '/api/v1/needs',
    input,
    key ? { headers: { 'Idempotency-Key': key } } : undefined,
  );
export const undoFlag = (id: string) => api.delete(`/api/v1/needs/${id}`);
export const myRecentFlags = () =>
  api.get<Page<OwnFlag>>('/api/v1/needs/mine', { query: { limit: 20 } });
export const popularTags = () =>
  api.get<{ items: PopularTag[] }>('/api/v1/needs/tags/popular', { query: { limit: 8 } });

/** What the PII guard found, in words for the note's error. */
export const PERSONAL_DATA: Readonly<Record<string, string>> = labelsIn(messages, {
  nhs_number: 'piiNhs',
  phone: 'piiPhone',
  email: 'piiEmail',
  postcode: 'piiPostcode',
  date_of_birth: 'piiDate',
});
