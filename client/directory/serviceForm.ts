/** The organiser's service form as data: from a service, and back to an API body. */
import type { Service, ServiceLocation } from './directoryApi.js';

export interface LocationDraft {
  id?: string;
  name: string;
  address: string;
  postcode: string;
  district: string;
  lat: string;
  lng: string;
  bookable: boolean;
  bookingInfo: string;
  confidential: boolean;
}
export interface ScheduleDraft {
  day: string;
  start: string;
  end: string;
  frequency: string;
  location: string;
  validFrom: string;
  validTo: string;
}

/** The card summary and "how to join" in another language. */
export interface TranslationDraft {
  language: string;
  summary: string;
  howToJoin: string;
}

export interface ServiceDraft {
  name: string;
  summary: string;
  description: string;
  status: string;
  tags: string[];
  costKind: string;
  costText: string;
  ageMin: string;
  ageMax: string;
  asylumSeekersWelcome: boolean;
  noIdNeeded: boolean;
  nrpfOk: boolean;
  noExperienceNeeded: boolean;
  bringFriend: boolean;
  format: string;
  courseWeeks: string;
  languages: string[];
  accessibility: string[];
  referralRoute: string;
  referralUrl: string;
  referralEmail: string;
  capacity: string;
  accepting: string;
  locations: LocationDraft[];
  schedules: ScheduleDraft[];
  translations: TranslationDraft[];
}

export const emptyLocation = (): LocationDraft => ({
  name: '',
  address: '',
  postcode: '',
  district: '',
  lat: '',
  lng: '',
  bookable: false,
  bookingInfo: '',
  confidential: false,
});
/** One of the organisation's venues (from another of its services), reused by id. */
export function locationDraftOf(l: ServiceLocation): LocationDraft {
  return {
    id: l.id,
    name: l.name,
    address: l.address ?? '',
    postcode: l.postcode ?? '',
    district: l.district ?? '',
    lat: l.lat === null ? '' : String(l.lat),
    lng: l.lng === null ? '' : String(l.lng),
    bookable: l.bookable,
    bookingInfo: l.bookingInfo ?? '',
    confidential: l.confidential,
  };
}
export const emptySchedule = (): ScheduleDraft => ({
  day: '1',
  start: '10:00',
  end: '12:00',
  frequency: 'weekly',
  location: '0',
  validFrom: '',
  validTo: '',
});

export function emptyDraft(): ServiceDraft {
  return {
    name: '',
    summary: '',
    description: '',
    status: 'active',
    tags: [],
    costKind: 'free',
    costText: '',
    ageMin: '',
    ageMax: '',
    asylumSeekersWelcome: false,
    noIdNeeded: false,
    nrpfOk: false,
    noExperienceNeeded: false,
    bringFriend: false,
    format: 'drop_in',
    courseWeeks: '',
    languages: ['en'],
    accessibility: [],
    referralRoute: 'self',
    referralUrl: '',
    referralEmail: '',
    capacity: '',
    accepting: 'open',
    locations: [emptyLocation()],
    schedules: [emptySchedule()],
    translations: [],
  };
}

const str = (n: number | null) => (n === null ? '' : String(n));

export function draftOf(s: Service): ServiceDraft {
  return {
    name: s.name,
    summary: s.summary,
    description: s.description,
    status: s.status,
    tags: [...s.tags],
    costKind: s.cost.kind,
    costText: s.cost.text ?? '',
    ageMin: str(s.ageMin),
    ageMax: str(s.ageMax),
    asylumSeekersWelcome: s.asylumSeekersWelcome,
    noIdNeeded: s.noIdNeeded,
    nrpfOk: s.nrpfOk,
    noExperienceNeeded: s.noExperienceNeeded,
    bringFriend: s.bringFriend,
    format: s.format,
    courseWeeks: str(s.courseWeeks),
    languages: [...s.languages],
    accessibility: [...s.accessibility],
    referralRoute: s.referralRoute,
    referralUrl: s.referralUrl ?? '',
    referralEmail: s.referralEmail ?? '',
    capacity: str(s.capacity),
    accepting: s.accepting,
    // A confidential venue comes back without its point or address: the organiser re-enters
    // them to change the venue, or leaves it as it is by keeping its id.
    locations: s.locations.map((l) => ({
      id: l.id,
      name: l.confidential ? '' : l.name,
      address: l.address ?? '',
      postcode: l.postcode ?? '',
      district: l.district ?? '',
      lat: str(l.lat),
      lng: str(l.lng),
      bookable: l.bookable,
      bookingInfo: l.bookingInfo ?? '',
      confidential: l.confidential,
    })),
    schedules: s.schedules.map((r) => ({
      day: String(r.day),
      start: r.start,
      end: r.end,
      frequency: r.frequency,
      validFrom: r.validFrom ?? '',
      validTo: r.validTo ?? '',
      location: String(
        Math.max(
          0,
          s.locations.findIndex((l) => l.id === r.locationId),
        ),
      ),
    })),
    translations: (s.translations ?? []).map((t) => ({
      language: t.language,
      summary: t.summary,
      howToJoin: t.howToJoin ?? '',
    })),
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
const numOrNull = (v: string) => (v.trim() === '' ? null : Number(v));

/** The API body. A kept confidential venue is sent by id only when its point was not re-entered. */
export function bodyOf(d: ServiceDraft): Record<string, unknown> {
  return {
    name: d.name,
    summary: d.summary,
    description: d.description,
    status: d.status,
    tags: d.tags,
    cost: { kind: d.costKind, text: orNull(d.costText) },
    ageMin: numOrNull(d.ageMin),
    ageMax: numOrNull(d.ageMax),
    asylumSeekersWelcome: d.asylumSeekersWelcome,
    noIdNeeded: d.noIdNeeded,
    nrpfOk: d.nrpfOk,
    noExperienceNeeded: d.noExperienceNeeded,
    bringFriend: d.bringFriend,
    format: d.format,
    courseWeeks: d.format === 'course' ? numOrNull(d.courseWeeks) : null,
    languages: d.languages,
    accessibility: d.accessibility,
    referralRoute: d.referralRoute,
    referralUrl: orNull(d.referralUrl),
    referralEmail: orNull(d.referralEmail),
    capacity: numOrNull(d.capacity),
    accepting: d.accepting,
    locations: d.locations.map((l) => ({
      ...(l.id ? { id: l.id } : {}),
      name: l.name || (l.confidential ? 'Confidential location' : ''),
      district: orNull(l.district),
      // Blank on a kept venue means "unchanged" (the server keeps what it never showed).
      ...(l.id && !l.address.trim() ? {} : { address: orNull(l.address) }),
      ...(l.id && !l.postcode.trim() ? {} : { postcode: orNull(l.postcode) }),
      ...(l.lat.trim() !== '' ? { lat: Number(l.lat) } : {}),
      ...(l.lng.trim() !== '' ? { lng: Number(l.lng) } : {}),
      bookable: l.bookable,
      bookingInfo: orNull(l.bookingInfo),
      confidential: l.confidential,
    })),
    schedules: d.schedules.map((s) => ({
      day: Number(s.day),
      start: s.start,
      end: s.end,
      frequency: s.frequency,
      validFrom: orNull(s.validFrom),
      validTo: orNull(s.validTo),
      ...(d.locations.length
        ? { locationIndex: Math.min(Number(s.location), d.locations.length - 1) }
        : {}),
    })),
    translations: d.translations.map((t) => ({
      language: t.language,
      summary: t.summary.trim(),
      howToJoin: orNull(t.howToJoin),
    })),
  };
}
