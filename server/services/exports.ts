/**
 * The directory's exports, as pure functions of service views: CSV rows, an iCalendar of the
 * schedules (Europe/London wall-clock times with weekly / fortnightly / monthly rules) and a
 * short plain-text card for pasting into a chat message. Confidential locations only ever
 * contribute their district.
 */
import ical, {
  ICalEventRepeatingFreq,
  ICalWeekday,
  type ICalRepeatingOptions,
} from 'ical-generator';
import valueMessages from '../../i18n/messages/catalogue.js';
import { translator } from '../i18n/language.js';
import type { ServiceView } from './services.js';

const ICAL_DAYS = [
  ICalWeekday.MO,
  ICalWeekday.TU,
  ICalWeekday.WE,
  ICalWeekday.TH,
  ICalWeekday.FR,
  ICalWeekday.SA,
  ICalWeekday.SU,
];

/** A service's values (days, costs, routes) in one language; the exports are in English, the share page in the reader's. */
export type ValueWords = ReturnType<typeof translator<typeof valueMessages.en>>;
const ENGLISH: ValueWords = translator(valueMessages, 'en');
const DAY_SHORT = ['dayMon', 'dayTue', 'dayWed', 'dayThu', 'dayFri', 'daySat', 'daySun'] as const;
const COST_LABEL = { free: 'costFree', low_cost: 'costLowCost', paid: 'costPaid' } as const;
const ROUTE_LABEL = {
  self: 'shareRouteSelf',
  link_worker: 'shareRouteLinkWorker',
  gp: 'shareRouteGp',
  other: 'shareRouteOther',
} as const;

type Location = ServiceView['locations'][number];
type Schedule = ServiceView['schedules'][number];

export function placeText(l: Location, words = ENGLISH): string {
  if (l.confidential)
    return l.district
      ? words('shareConfidentialIn', { district: l.district })
      : words('shareConfidential');
  return [l.name, l.address, l.postcode].filter(Boolean).join(', ');
}

export function whenText(s: Schedule, words = ENGLISH): string {
  const every =
    s.frequency === 'weekly'
      ? ''
      : ` (${words(s.frequency === 'fortnightly' ? 'fortnightly' : 'monthly')})`;
  return `${words(DAY_SHORT[s.day - 1]!)} ${s.start}–${s.end}${every}`;
}

export function costText(v: ServiceView, words = ENGLISH): string {
  return v.cost.text
    ? `${words(COST_LABEL[v.cost.kind])}: ${v.cost.text}`
    : words(COST_LABEL[v.cost.kind]);
}

export function referralText(v: ServiceView, words = ENGLISH): string {
  return [words(ROUTE_LABEL[v.referralRoute]), v.referralEmail, v.referralUrl]
    .filter(Boolean)
    .join(' — ');
}

export const CSV_COLUMNS = [
  'id',
  'name',
  'organisation',
  'summary',
  'status',
  'tags',
  'cost',
  'cost_text',
  'age_min',
  'age_max',
  'languages',
  'format',
  'course_weeks',
  'accepting',
  'capacity',
  'referral_route',
  'referral_url',
  'referral_email',
  'asylum_seekers_welcome',
  'no_id_needed',
  'nrpf_ok',
  'schedule',
  'locations',
  'postcode',
  'lat',
  'lng',
  'last_verified_at',
  'stale',
] as const;

/** One row per service; the point is the first non-confidential location's. */
export function csvRow(v: ServiceView): (string | number | null)[] {
  const shown = v.locations.find((l) => !l.confidential);
  return [
    v.id,
    v.name,
    v.organisationName,
    v.summary,
    v.status,
    v.tags.join(';'),
    v.cost.kind,
    v.cost.text,
    v.ageMin,
    v.ageMax,
    v.languages.join(';'),
    v.format,
    v.courseWeeks,
    v.accepting,
    v.capacity,
    v.referralRoute,
    v.referralUrl,
    v.referralEmail,
    yesNo(v.asylumSeekersWelcome),
    yesNo(v.noIdNeeded),
    yesNo(v.nrpfOk),
    v.schedules.map((s) => whenText(s)).join('; '),
    v.locations.map((l) => placeText(l)).join(' | '),
    shown?.postcode ?? null,
    shown?.lat ?? null,
    shown?.lng ?? null,
    v.lastVerifiedAt,
    yesNo(v.stale),
  ];
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/**
 * The first date on or after `anchor` falling on ISO weekday `day`. Schedules are anchored on
 * their valid-from date (or when they were written) so a fortnightly group keeps its phase.
 */
export function firstOccurrence(anchor: string, day: number): { y: number; m: number; d: number } {
  const date = new Date(`${anchor}T00:00:00Z`);
  const isoDay = ((date.getUTCDay() + 6) % 7) + 1;
  date.setUTCDate(date.getUTCDate() + ((day - isoDay + 7) % 7));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** The Europe/London rules (GMT/BST, last Sundays of March and October) calendar apps need. */
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19810329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19961027T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** One service's schedules, with what a calendar event needs to describe and link it. */
export interface CalendarEntry {
  view: ServiceView;
  /** Each schedule's write date (view order): anchors a schedule without valid-from. */
  anchors: string[];
  detailUrl: string;
}

export function serviceCalendar(v: ServiceView, anchors: string[], detailUrl: string): string {
  return calendarOf(v.name, [{ view: v, anchors, detailUrl }]);
}

/**
 * A calendar of many services' sessions (an organisation's, or the whole directory's webcal
 * feed). Session times are Europe/London wall-clock times with the zone's rules included;
 * DTSTAMP and UNTIL are UTC (RFC 5545 3.8.7.2 and 3.3.10), and no non-standard TIMEZONE-ID is
 * written: the zone is named only on the events, not set for the whole calendar.
 */
export function calendarOf(name: string, entries: CalendarEntry[]): string {
  const cal = ical({ name, prodId: { company: 'Gapmap', product: 'directory', language: 'EN' } });
  cal.timezone({ name: null, generator: () => LONDON_VTIMEZONE });
  for (const { view: v, anchors, detailUrl } of entries) {
    const byId = new Map(v.locations.map((l) => [l.id, l]));
    v.schedules.forEach((s, i) => {
      const { y, m, d } = firstOccurrence(
        s.validFrom ?? anchors[i] ?? new Date().toISOString().slice(0, 10),
        s.day,
      );
      const [sh, sm] = s.start.split(':').map(Number) as [number, number];
      const [eh, em] = s.end.split(':').map(Number) as [number, number];
      const weekday = ICAL_DAYS[s.day - 1] as ICalWeekday;
      const repeating: ICalRepeatingOptions =
        s.frequency === 'monthly'
          ? // "The second Tuesday of the month": the nth weekday of the first occurrence.
            { freq: ICalEventRepeatingFreq.MONTHLY, byDay: [weekday], bySetPos: [Math.ceil(d / 7)] }
          : {
              freq: ICalEventRepeatingFreq.WEEKLY,
              interval: s.frequency === 'fortnightly' ? 2 : 1,
              byDay: [weekday],
            };
      if (s.validTo) repeating.until = new Date(`${s.validTo}T23:59:59Z`);
      const place = s.locationId ? byId.get(s.locationId) : v.locations[0];
      cal.createEvent({
        id: `${v.id}-${i}@gapmap`,
        // Wall-clock times: ical-generator formats a Date's local fields under the event's TZID,
        // so build the Date from local fields and the output does not depend on the server's TZ.
        start: new Date(y, m - 1, d, sh, sm),
        end: new Date(y, m - 1, d, eh, em),
        timezone: 'Europe/London',
        stamp: new Date(v.updatedAt),
        summary: v.name,
        description: `${v.summary}\n\nCost: ${costText(v)}\nHow to refer: ${referralText(v)}\n${detailUrl}`,
        location: place ? placeText(place) : null,
        url: detailUrl,
        repeating,
      });
    });
  }
  return cal.toString();
}

/** A chat-sized card: name, when, where, cost, how to refer, key contact, link. */
export const SHARE_MAX_CHARS = 900;

export function shareText(
  v: ServiceView,
  contact: {
    organisation: string;
    name: string | null;
    email: string | null;
    phone: string | null;
  },
  detailUrl: string,
): string {
  const lines = [
    `${v.name} (${contact.organisation})`,
    clip(v.summary, 280),
    v.schedules.length ? `When: ${v.schedules.map((s) => whenText(s)).join('; ')}` : null,
    v.locations.length ? `Where: ${v.locations.map((l) => placeText(l)).join('; ')}` : null,
    `Cost: ${costText(v)}`,
    `How to refer: ${referralText(v)}`,
    v.accepting === 'open'
      ? null
      : v.accepting === 'waitlist'
        ? 'Currently: waiting list'
        : 'Currently: full',
    `Contact: ${[contact.name, contact.email, contact.phone].filter(Boolean).join(', ') || contact.organisation}`,
    detailUrl,
  ].filter((l): l is string => !!l);
  return clip(lines.join('\n'), SHARE_MAX_CHARS);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
