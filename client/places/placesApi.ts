/** Place search (GET /api/v1/places) through the one fetch layer, and what a chosen place means. */
import { api } from '../api.js';
import type { Place } from '../../server/places/schemas.js';

export type { Place } from '../../server/places/schemas.js';

export const placesApi = {
  search: async (q: string, signal?: AbortSignal, limit = 8) =>
    (await api.get<{ items: Place[] }>('/api/v1/places', { query: { q, limit }, signal })).items,
};

/**
 * The place a typed text means when nobody chose from the list: the best match, or null.
 * "E2 6" typed and submitted works like "E2 6" chosen.
 */
export async function resolvePlaceText(text: string): Promise<Place | null> {
  const q = text.trim();
  if (!q) return null;
  const [first] = await placesApi.search(q, undefined, 1);
  return first ?? null;
}

/** The zoom that shows a point place whole: a unit postcode or venue close up, a district wider. */
export function placeZoom(p: Place): number {
  if (p.kind === 'venue' || p.precision === 'unit') return 16;
  if (p.precision === 'sector') return 14.5;
  if (p.precision === 'district') return 13;
  return 14;
}

/** A whole postcode as the places API names it ("E2 6LA"), whichever level of the table placed it. */
const FULL_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/;

/**
 * What a form sends for a chosen place: a full postcode as the postcode (the server looks it up
 * and snaps it to its cell where it should), anything else — an area, a venue, a postcode sector
 * or district ("E2 6"), which not every route takes as a postcode — as its point.
 */
export function placeBody(p: Place): { postcode: string } | { lat: number; lng: number } {
  return p.kind === 'postcode' && FULL_POSTCODE.test(p.name)
    ? { postcode: p.name }
    : { lat: p.lat, lng: p.lng };
}
