/** Place search (GET /api/v1/places) through the one fetch layer, and what a chosen place means. */
import { api } from '../api.js';

export interface Place {
  kind: 'area' | 'postcode' | 'venue';
  name: string;
  lat: number;
  lng: number;
  /** Areas: [minLng, minLat, maxLng, maxLat]. */
  bbox?: [number, number, number, number];
  areaKind?: string;
  /** What it is, in words: "Neighbourhood", "Postcode sector", "Venue in E2". */
  detail: string;
  precision?: 'unit' | 'sector' | 'district';
}

export const placesApi = {
  search: async (q: string, signal?: AbortSignal, limit = 8) => (await api.get<{ items: Place[] }>('/api/v1/places', { query: { q, limit }, signal })).items,
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

/**
 * What a form sends for a chosen place: a postcode as the postcode (the server snaps it to its
 * cell, so the exact point never travels further), anything else as its point.
 */
export function placeBody(p: Place): { postcode: string } | { lat: number; lng: number } {
  return p.kind === 'postcode' ? { postcode: p.name } : { lat: p.lat, lng: p.lng };
}
