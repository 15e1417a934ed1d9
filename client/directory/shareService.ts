/**
 * "Copy for a message": the service's chat-sized text, ending with its public card link
 * (PUBLIC_URL/s/{id}, which opens signed out). On a phone the system share sheet (Web Share API)
 * sends it straight to WhatsApp or SMS; elsewhere it goes to the clipboard.
 */
import { directoryApi } from './directoryApi.js';
import services from '../../i18n/messages/services.js';
import { useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(services);

/** A touch-first device with a share sheet. */
const canShare = () =>
  typeof navigator.share === 'function' &&
  typeof window.matchMedia === 'function' &&
  window.matchMedia('(pointer: coarse)').matches;

/** Shares or copies; returns what to tell the user. */
export async function shareService(serviceId: string, name: string): Promise<string> {
  let text: string;
  try {
    text = await directoryApi.shareText(serviceId);
  } catch {
    return t('shareFailed');
  }
  if (canShare()) {
    try {
      await navigator.share({ title: name, text });
      return t('shared');
    } catch (e) {
      // Closing the share sheet is a choice, not a failure.
      if ((e as Error).name === 'AbortError') return '';
    }
  }
  try {
    await navigator.clipboard.writeText(text);
    return t('copied');
  } catch {
    return t('copyFailed');
  }
}

export function distanceText(km: number): string {
  return km < 1
    ? t('metresAway', { count: formatNumber(Math.max(50, Math.round((km * 1000) / 50) * 50)) })
    : t('kilometresAway', {
        count: formatNumber(km, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      });
}
