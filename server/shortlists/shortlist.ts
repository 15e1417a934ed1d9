/**
 * A shortlist as the client reads it: one entry per service with labels in the client's
 * language (English labels outside the catalogue), the organiser's translated summary and "how
 * to join" where there is one, and English marked as such where there is not. Pure functions of
 * service views; the page and the plain text are both built from `entriesOf`.
 */
import { isLang, type Lang } from '../../i18n/define.js';
import { messagesIn } from '../../i18n/define.js';
import catalogue from '../../i18n/messages/shortlist.js';
import type { ServiceView } from '../services/services.js';
import { serviceTextIn } from '../services/translations.js';

export const SHORTLIST_TTL_DAYS = 30;
export const SHORTLIST_MAX_SERVICES = 10;

/** The catalogue language for a BCP-47 tag: its base language when we have it, else English. */
export function labelLanguage(tag: string): Lang {
  const b = tag.toLowerCase().split('-')[0];
  return isLang(b) ? b : 'en';
}

export type Labels = ReturnType<typeof messagesIn<(typeof catalogue)['en']>>;
export const labelsFor = (tag: string): Labels => messagesIn(catalogue, labelLanguage(tag));

export interface Contact {
  organisation: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
}

export interface ShortlistEntry {
  id: string;
  name: string;
  organisation: string;
  summary: string;
  summaryInEnglish: boolean;
  when: string[];
  where: string[];
  cost: string;
  howToJoin: string[];
  askFor: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  /** "Waiting list" / "Full", or null when taking new people. */
  availability: string | null;
}

const ROUTE_KEY = {
  self: 'routeSelf',
  link_worker: 'routeLinkWorker',
  gp: 'routeGp',
  other: 'routeOther',
} as const;
const COST_KEY = { free: 'free', low_cost: 'lowCost', paid: 'paid' } as const;
const FREQUENCY_KEY = { weekly: 'weekly', fortnightly: 'fortnightly', monthly: 'monthly' } as const;
const AVAILABILITY_KEY = { open: null, waitlist: 'waitlist', full: 'full' } as const;

/** Monday = 1 … Sunday = 7, in the labels' language (1 January 2024 was a Monday). */
function dayName(lang: Lang, day: number): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, day)),
  );
}

export function dateIn(lang: Lang, d: Date): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'Europe/London' }).format(d);
}

export function entriesOf(
  views: ServiceView[],
  contacts: Map<string, Contact>,
  language: string,
): ShortlistEntry[] {
  const lang = labelLanguage(language);
  const t = messagesIn(catalogue, lang);
  return views.map((v) => {
    const text = serviceTextIn(v, language);
    const contact = contacts.get(v.organisationId) ?? {
      organisation: v.organisationName,
      name: null,
      email: null,
      phone: null,
      website: null,
    };
    const places = new Map(v.locations.map((l) => [l.id, l]));
    const placeText = (l: ServiceView['locations'][number]) =>
      l.confidential
        ? l.district
          ? t('confidentialIn', { district: l.district })
          : t('confidential')
        : [l.name, l.address, l.postcode].filter(Boolean).join(', ');
    const when = v.schedules.map((s) => {
      const at = s.locationId && v.locations.length > 1 ? places.get(s.locationId) : undefined;
      return `${dayName(lang, s.day)} ${s.start}–${s.end}, ${t(FREQUENCY_KEY[s.frequency])}${at ? ` (${at.confidential ? t('confidential') : at.name})` : ''}`;
    });
    return {
      id: v.id,
      name: v.name,
      organisation: contact.organisation,
      summary: text.summary,
      summaryInEnglish: text.inEnglish,
      when,
      where: v.locations.length ? v.locations.map(placeText) : [t('askTheGroup')],
      cost: v.cost.text ? `${t(COST_KEY[v.cost.kind])}: ${v.cost.text}` : t(COST_KEY[v.cost.kind]),
      howToJoin: [
        t(ROUTE_KEY[v.referralRoute]),
        text.howToJoin,
        v.referralEmail,
        v.referralUrl,
      ].filter((x): x is string => !!x),
      askFor: contact.name ? `${contact.name}, ${contact.organisation}` : contact.organisation,
      phone: contact.phone,
      email: contact.email,
      website: contact.website,
      availability: AVAILABILITY_KEY[v.accepting] ? t(AVAILABILITY_KEY[v.accepting]!) : null,
    };
  });
}

/** The plain-text version, for a text message or WhatsApp. */
export function shortlistText(
  entries: ShortlistEntry[],
  language: string,
  url: string,
  expiresAt: Date,
): string {
  const lang = labelLanguage(language);
  const t = messagesIn(catalogue, lang);
  const blocks = entries.map((e, i) =>
    [
      `${i + 1}. ${e.name} (${e.organisation})`,
      `${t('what')}: ${e.summary}${e.summaryInEnglish ? ` [${t('inEnglish')}]` : ''}`,
      e.when.length ? `${t('when')}: ${e.when.join('; ')}` : null,
      `${t('where')}: ${e.where.join('; ')}`,
      `${t('cost')}: ${e.cost}`,
      `${t('howToJoin')}: ${e.howToJoin.join(' — ')}`,
      e.availability,
      `${t('askFor')}: ${e.askFor}`,
      e.phone ? `${t('phone')}: ${e.phone}` : null,
      e.email ? `${t('email')}: ${e.email}` : null,
    ]
      .filter((l): l is string => !!l)
      .join('\n'),
  );
  return [
    t('pageTitle'),
    t('intro'),
    ...blocks,
    `${url}\n${t('expiresOn', { date: dateIn(lang, expiresAt) })}`,
  ].join('\n\n');
}
