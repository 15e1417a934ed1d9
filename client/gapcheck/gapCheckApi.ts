/** The gap check's request and answer (POST /api/v1/gap-check), through the one fetch layer. */
import { api } from '../api.js';
import type { GapCheckRequest, GapCheckResult } from '../../server/gaps/schemas.js';
import messages from '../../i18n/messages/gapcheck.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

export type { GapCheckRequest, GapCheckResult } from '../../server/gaps/schemas.js';
export type ProposedSession = NonNullable<GapCheckRequest['schedule']>[number];
/** One similar service of a gap check, with how far it is and what it misses. */
export type SimilarService = GapCheckResult['similar'][number];

/** Distances as people say them: "under 0.1 km" rather than "0 km". */
export const km = (d: number) =>
  d < 0.1 ? t('kmUnder') : t('kmDistance', { km: formatNumber(d) });

export const runGapCheck = (body: GapCheckRequest) =>
  api.post<GapCheckResult>('/api/v1/gap-check', body);

export const VERDICT_TEXT: Readonly<Record<GapCheckResult['verdict'], string>> = labelsIn(
  messages,
  {
    likely_gap: 'verdictLikelyGap',
    partly_served: 'verdictPartlyServed',
    already_served: 'verdictAlreadyServed',
  },
);
