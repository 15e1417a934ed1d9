/**
 * The hand-over from a gap check to the proposal form, as URL parameters, so "Open a proposal
 * from this check" arrives with the needs, the place, the radius and the sessions already in
 * place (and the proposal is opened with that same check):
 *   /proposals/new?tags=a,b&place=E2%206&kind=postcode&lat=…&lng=…&radiusKm=1.5&session=4,18:00,20:00&venue=<id>
 * A place chosen by a click on the map travels as lat/lng without a name.
 */
import type { Place } from '../places/placesApi.js';
import type { ProposedSession } from '../gapcheck/gapCheckApi.js';
import messages from '../../i18n/messages/codesign.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

/** A session as the gap check and a new proposal take it (the server's schema). */
export type { ProposedSession } from '../gapcheck/gapCheckApi.js';

export interface CheckHandover {
  tags: string[];
  place: Place | null;
  radiusKm: number | null;
  sessions: ProposedSession[];
  venueId: string | null;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const KINDS: Place['kind'][] = ['area', 'postcode', 'venue'];

export function proposalLinkFromCheck(h: CheckHandover): string {
  const q = new URLSearchParams();
  if (h.tags.length) q.set('tags', h.tags.join(','));
  if (h.place) {
    if (h.place.name) q.set('place', h.place.name);
    q.set('kind', h.place.kind);
    q.set('lat', String(h.place.lat));
    q.set('lng', String(h.place.lng));
  }
  if (h.radiusKm) q.set('radiusKm', String(h.radiusKm));
  for (const s of h.sessions) q.append('session', `${s.day},${s.start},${s.end}`);
  if (h.venueId) q.set('venue', h.venueId);
  return `/proposals/new?${q.toString()}`;
}

/** Reads what a gap check handed over; anything malformed is left out rather than guessed. */
export function readCheckHandover(search: string): CheckHandover {
  const q = new URLSearchParams(search);
  const tags = (q.get('tags') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => /^[a-z0-9-]{1,80}$/.test(t));
  const lat = Number(q.get('lat'));
  const lng = Number(q.get('lng'));
  const kind = q.get('kind') as Place['kind'] | null;
  const hasPoint = q.has('lat') && q.has('lng') && Number.isFinite(lat) && Number.isFinite(lng);
  const place: Place | null = hasPoint
    ? {
        kind: kind && KINDS.includes(kind) ? kind : 'area',
        name: q.get('place') ?? '',
        lat,
        lng,
        detail: t('fromGapCheckDetail'),
      }
    : null;
  const radius = Number(q.get('radiusKm'));
  const sessions = q.getAll('session').flatMap((s) => {
    const [day, start, end] = s.split(',');
    const d = Number(day);
    return Number.isInteger(d) &&
      d >= 1 &&
      d <= 7 &&
      start &&
      end &&
      TIME.test(start) &&
      TIME.test(end)
      ? [{ day: d, start, end }]
      : [];
  });
  const venue = q.get('venue');
  return {
    tags,
    place,
    radiusKm: Number.isFinite(radius) && radius > 0 && radius <= 20 ? radius : null,
    sessions,
    venueId: venue && /^[0-9a-f-]{36}$/i.test(venue) ? venue : null,
  };
}
