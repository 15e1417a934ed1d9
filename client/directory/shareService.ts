/**
 * "Copy for a message": the service's chat-sized text, ending with its public card link
 * (PUBLIC_URL/s/{id}, which opens signed out). On a phone the system share sheet (Web Share API)
 * sends it straight to WhatsApp or SMS; elsewhere it goes to the clipboard.
 */
import { directoryApi } from './directoryApi.js';

/** A touch-first device with a share sheet. */
const canShare = () =>
  typeof navigator.share === 'function' && typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches;

/** Shares or copies; returns what to tell the user. */
export async function shareService(serviceId: string, name: string): Promise<string> {
  let text: string;
  try {
    text = await directoryApi.shareText(serviceId);
  } catch {
    return 'Could not get the details; open the service and copy them by hand.';
  }
  if (canShare()) {
    try {
      await navigator.share({ title: name, text });
      return 'Shared.';
    } catch (e) {
      // Closing the share sheet is a choice, not a failure.
      if ((e as Error).name === 'AbortError') return '';
    }
  }
  try {
    await navigator.clipboard.writeText(text);
    return 'Copied — paste it into your message. The link opens without signing in.';
  } catch {
    return 'Could not copy; open the service and copy its details by hand.';
  }
}

export function distanceText(km: number): string {
  return km < 1 ? `${Math.max(50, Math.round((km * 1000) / 50) * 50)} m away` : `${km.toFixed(1)} km away`;
}
