/**
 * Reading ORUK/HSDS feeds into our service input. Two generations are found in the wild:
 * ORUK 3.0 (`schedules`, `attributes[].taxonomy_term`, `addresses`, `cost_options`) and
 * ORUK 1.x (`regular_schedules`, `service_taxonomys`, `physical_addresses`, `eligibilitys`);
 * CSV rows are read as flat 3.0 services. The result is unvalidated: the directory's own
 * schema and rules decide, so an import can never store what the API would refuse.
 */
import { parse } from 'csv-parse/sync';
import {
  compact,
  scheduleKey,
  type OrukLocationExtension,
  type OrukOrganisationExtension,
  type OrukScheduleExtra,
  type OrukServiceExtension,
} from './extension.js';
import { DAY_NAMES_LOWER, ORUK_DAYS } from './mapping.js';

type Rec = Record<string, unknown>;

export interface FeedOrganisation {
  sourceId: string;
  name: string;
  description: string;
  email: string | null;
  website: string | null;
  charityNumber: string | null;
  extension: OrukOrganisationExtension | null;
}

export interface FeedService {
  sourceId: string | null;
  organisation: FeedOrganisation | null;
  /** `organization_id` when the organisation is not nested. */
  organisationRef: string | null;
  /** Our service input (before validation); locations carry their feed ids in `locationSourceIds`. */
  input: Rec & { locations: Rec[]; schedules: Rec[]; tags: string[] };
  locationSourceIds: (string | null)[];
  /** Each location's unmodelled fields, in `input.locations` order. */
  locationExtensions: (OrukLocationExtension | null)[];
  /** The service's unmodelled fields; completed with the schedule keys by `withScheduleKeys`. */
  extension: OrukServiceExtension;
}

/** How a feed names a taxonomy term; resolved to our slugs by the importer. */
export interface TermRef {
  id?: string;
  term?: string;
  name?: string;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null => {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};
const list = (v: unknown): Rec[] =>
  Array.isArray(v) ? v.filter((x): x is Rec => !!x && typeof x === 'object') : [];
const obj = (v: unknown): Rec | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : null;

/** The services in a JSON body: an array, or an ORUK page `{ contents }`. */
export function servicesInJson(body: unknown): Rec[] | null {
  if (Array.isArray(body)) return body.map((x) => (obj(x) ?? {}) as Rec);
  const page = obj(body);
  if (page && Array.isArray(page.contents)) return page.contents.map((x) => (obj(x) ?? {}) as Rec);
  return null;
}

/** CSV columns (one service per row) → flat ORUK 3.0 services. */
export function servicesInCsv(text: string): Rec[] {
  const rows = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Record<string, string>[];
  return rows.map((r) => {
    const split = (v: string | undefined) =>
      (v ?? '')
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean);
    const location =
      r.latitude || r.location_name || r.postal_code
        ? [
            {
              id: r.location_id || undefined,
              location: {
                id: r.location_id || undefined,
                name: r.location_name,
                latitude: r.latitude,
                longitude: r.longitude,
                addresses: [{ address_1: r.address_1, city: r.city, postal_code: r.postal_code }],
              },
            },
          ]
        : [];
    return {
      id: r.id,
      name: r.name,
      summary: r.summary,
      description: r.description,
      status: r.status,
      url: r.url,
      email: r.email,
      minimum_age: r.minimum_age,
      maximum_age: r.maximum_age,
      organization: r.organization_name
        ? {
            id: r.organization_id,
            name: r.organization_name,
            description: r.organization_description,
            email: r.organization_email,
            website: r.organization_website,
          }
        : undefined,
      organization_id: r.organization_id,
      service_at_locations: location,
      schedules: r.byday
        ? [
            {
              byday: r.byday,
              opens_at: r.opens_at,
              closes_at: r.closes_at,
              freq: r.freq || 'WEEKLY',
              interval: r.interval,
              service_at_location_id: location[0]?.id,
            },
          ]
        : [],
      attributes: split(r.taxonomy_terms).map((t) => ({ taxonomy_term: { term: t, name: t } })),
      cost_options: r.cost_option
        ? [{ option: r.cost_option, amount: r.cost_amount, amount_description: r.cost_description }]
        : [],
      languages: split(r.languages).map((l) => ({ code: l, name: l })),
    };
  });
}

const LANGUAGE_CODES: Record<string, string> = {
  english: 'en',
  bengali: 'bn',
  bangla: 'bn',
  somali: 'so',
  urdu: 'ur',
  polish: 'pl',
  arabic: 'ar',
  turkish: 'tr',
  spanish: 'es',
  french: 'fr',
  portuguese: 'pt',
  romanian: 'ro',
  punjabi: 'pa',
  gujarati: 'gu',
  chinese: 'zh',
  cantonese: 'yue',
  mandarin: 'zh',
  tamil: 'ta',
  lithuanian: 'lt',
  russian: 'ru',
  italian: 'it',
  farsi: 'fa',
  persian: 'fa',
  pashto: 'ps',
  kurdish: 'ku',
  tigrinya: 'ti',
  amharic: 'am',
  ukrainian: 'uk',
  hindi: 'hi',
  welsh: 'cy',
  'british sign language': 'bfi',
  bsl: 'bfi',
};

function languageCode(l: Rec): string | null {
  const code = str(l.code)?.toLowerCase();
  if (code && /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/.test(code)) return code;
  const name = (str(l.name) ?? str(l.language))?.toLowerCase();
  return name ? (LANGUAGE_CODES[name] ?? (/^[a-z]{2,3}$/.test(name) ? name : null)) : null;
}

/** 'TU' / '2TU' / 'Tuesday' / 2 → ISO day, or null. */
function dayOf(token: string): number | null {
  const t = token
    .trim()
    .toUpperCase()
    .replace(/^[+-]?\d+/, '');
  const short = ORUK_DAYS.indexOf(t as (typeof ORUK_DAYS)[number]);
  if (short >= 0) return short + 1;
  const full = DAY_NAMES_LOWER.indexOf(t.toLowerCase());
  if (full >= 0) return full + 1;
  return /^[1-7]$/.test(t) ? Number(t) : null;
}

const hhmm = (v: unknown) => str(v)?.slice(0, 5) ?? '';
const dateOnly = (v: unknown) => str(v)?.slice(0, 10) ?? null;

/** Feed schedules → our schedules, each with the feed record it came from; a rule we cannot model (no weekday) is kept whole. */
function schedulesOf(
  s: Rec,
  locationIndex: Map<string, number>,
): { schedules: (Rec & { record: Rec })[]; unmodelled: Rec[] } {
  const rules = [...list(s.schedules), ...list(s.regular_schedules)];
  const unmodelled = rules.filter((r) => !(str(r.byday) ?? str(r.weekday)));
  const schedules = rules
    .filter((r) => !unmodelled.includes(r))
    .flatMap((r) => {
      const days = (str(r.byday) ?? str(r.weekday) ?? '').split(',').map(dayOf);
      const interval = num(r.interval) ?? 1;
      const freq = (str(r.freq) ?? 'WEEKLY').toUpperCase();
      const frequency = freq === 'MONTHLY' ? 'monthly' : interval === 2 ? 'fortnightly' : 'weekly';
      const sal = str(r.service_at_location_id) ?? str(r.location_id);
      const at = sal !== null ? locationIndex.get(sal) : undefined;
      return days.map((day) => ({
        day: day ?? 0,
        start: hhmm(r.opens_at),
        end: hhmm(r.closes_at),
        frequency,
        ...(at !== undefined ? { locationIndex: at } : {}),
        validFrom: dateOnly(r.valid_from),
        validTo: dateOnly(r.valid_to),
        record: r,
      }));
    });
  return { schedules, unmodelled };
}

function costOf(s: Rec): Rec | undefined {
  const [c] = list(s.cost_options);
  if (!c) return undefined;
  const option = str(c.option)?.toLowerCase() ?? '';
  const amount = num(c.amount);
  const kind =
    option === 'free' || amount === 0 ? 'free' : option.startsWith('low') ? 'low_cost' : 'paid';
  return { kind, text: str(c.amount_description) };
}

export function termRefs(s: Rec): TermRef[] {
  const fromAttributes = list(s.attributes).map(
    (a) => obj(a.taxonomy_term) ?? { id: a.taxonomy_term_id },
  );
  const fromOld = list(s.service_taxonomys).map((t) => obj(t.taxonomy) ?? { id: t.taxonomy_id });
  return [...fromAttributes, ...fromOld].map((t) => ({
    id: str(t.id) ?? undefined,
    term: str(t.term) ?? undefined,
    name: str(t.name) ?? undefined,
  }));
}

const PHYSICAL = new Set(['physical', '']);

/** One feed service → our input;  `resolveTerm` maps a term to a known slug (or null: not ours). */
export function readFeedService(s: Rec, resolveTerm: (t: TermRef) => string | null): FeedService {
  const locationIndex = new Map<string, number>();
  const locationSourceIds: (string | null)[] = [];
  const locationExtensions: (OrukLocationExtension | null)[] = [];
  const salIds: Record<string, string> = {};
  const otherLocations: Rec[] = [];
  const locations: Rec[] = [];
  for (const sal of list(s.service_at_locations)) {
    const loc = obj(sal.location) ?? sal;
    const [address, ...moreAddresses] = [...list(loc.addresses), ...list(loc.physical_addresses)];
    const lat = num(loc.latitude);
    const lng = num(loc.longitude);
    const type = (str(loc.location_type) ?? '').toLowerCase();
    // A virtual or postal location has no point Gapmap could map: kept whole and published back.
    if (!PHYSICAL.has(type) || (lat === null && !str(address?.postal_code))) {
      otherLocations.push(sal);
      continue;
    }
    const i = locations.length;
    const salId = str(sal.id);
    const locId = str(loc.id);
    if (salId) locationIndex.set(salId, i);
    if (locId) locationIndex.set(locId, i);
    if (salId && locId && salId !== locId) salIds[locId] = salId;
    locationSourceIds.push(locId);
    const text = addressText(address);
    const accessibility = list(loc.accessibility);
    const descriptions = accessibility
      .map((a) => str(a.description) ?? str(a.accessibility))
      .filter((d): d is string => !!d);
    locationExtensions.push(
      compact<OrukLocationExtension>({
        location_type: str(loc.location_type) ?? undefined,
        description: str(loc.description) ?? undefined,
        external_identifier: str(loc.external_identifier) ?? undefined,
        external_identifier_type: str(loc.external_identifier_type) ?? undefined,
        address: address
          ? { record: address, address: text, postcode: str(address.postal_code) }
          : undefined,
        other_addresses: moreAddresses,
        accessibility: accessibility.length ? { records: accessibility, descriptions } : undefined,
        attributes: list(loc.attributes),
      }),
    );
    locations.push({
      name: str(loc.name) ?? str(address?.address_1) ?? 'Venue',
      address: text,
      postcode: str(address?.postal_code),
      ...(lat !== null ? { lat } : {}),
      ...(lng !== null ? { lng } : {}),
      ...(descriptions.length ? { accessibility: descriptions } : {}),
    });
  }
  const org = obj(s.organization);
  const eligibility = list(s.eligibilitys)[0];
  const description = str(s.description) ?? '';
  const feedLanguages = list(s.languages);
  const languages = feedLanguages.map(languageCode).filter((c): c is string => !!c);
  const cost = costOf(s);
  const minAge = num(s.minimum_age) ?? num(eligibility?.minimum_age);
  const maxAge = num(s.maximum_age) ?? num(eligibility?.maximum_age);
  const { schedules, unmodelled } = schedulesOf(s, locationIndex);
  const status = statusOf(str(s.status));
  const foreignAttributes = list(s.attributes).filter((a) => !resolveTerm(termRefOf(a)));
  // A feed's attribute naming one of our terms: kept as the feed wrote it (its ids, its term object).
  const termAttributes = Object.fromEntries(
    list(s.attributes).flatMap((a) => {
      const slug = resolveTerm(termRefOf(a));
      return slug ? [[slug, a]] : [];
    }),
  );
  const extension: OrukServiceExtension = {
    status:
      str(s.status) && STATUS_BACK[status] !== str(s.status)?.toLowerCase()
        ? str(s.status)!
        : undefined,
    fees: str(s.fees) ?? undefined,
    accreditations: str(s.accreditations) ?? undefined,
    assured_date: str(s.assured_date) ?? undefined,
    assurer_email: str(s.assurer_email) ?? undefined,
    alert: str(s.alert) ?? undefined,
    service_areas: list(s.service_areas),
    funding: list(s.funding),
    contacts: list(s.contacts),
    cost_options:
      cost && list(s.cost_options).length
        ? {
            options: list(s.cost_options),
            kind: cost.kind as string,
            text: (cost.text as string | null) ?? null,
          }
        : undefined,
    languages: Object.fromEntries(
      feedLanguages.flatMap((l) => {
        const code = languageCode(l);
        return code ? [[code, l]] : [];
      }),
    ),
    attributes: foreignAttributes,
    term_attributes: termAttributes,
    service_at_location_ids: salIds,
    other_locations: otherLocations,
    schedules: schedules.map((r) => ({ key: '', fields: r.record })),
    other_schedules: unmodelled,
  };
  return {
    sourceId: str(s.id),
    organisation: org && str(org.id) && str(org.name) ? readOrganisation(org) : null,
    organisationRef: str(s.organization_id),
    input: {
      name: str(s.name) ?? '',
      // The card text: the feed's summary, or the start of its description.
      summary:
        str(s.summary) ??
        (description.length > 280
          ? `${description.slice(0, 279).trimEnd()}…`
          : description || (str(s.name) ?? '')),
      description,
      status,
      ...(minAge !== null ? { ageMin: minAge } : {}),
      ...(maxAge !== null ? { ageMax: maxAge } : {}),
      ...(cost ? { cost } : {}),
      ...(languages.length ? { languages: [...new Set(languages)] } : {}),
      ...(str(s.url) ? { referralUrl: str(s.url) } : {}),
      ...(str(s.email) ? { referralEmail: str(s.email) } : {}),
      tags: [
        ...new Set(
          termRefs(s)
            .map(resolveTerm)
            .filter((t): t is string => !!t),
        ),
      ],
      locations,
      schedules: schedules.map(({ record: _r, ...rest }) => rest),
    },
    locationSourceIds,
    locationExtensions,
    extension,
  };
}

/**
 * The extension's schedule keys, from the schedules as validated (the key is what Gapmap
 * stored: day, times, frequency, dates and the feed id of the venue).
 */
export function withScheduleKeys(
  feed: FeedService,
  stored: {
    day: number;
    start: string;
    end: string;
    frequency: string;
    validFrom?: string | null;
    validTo?: string | null;
    locationIndex?: number;
  }[],
): OrukServiceExtension | null {
  const schedules: OrukScheduleExtra[] = stored.map((s, i) => ({
    key: scheduleKey(
      { ...s, validFrom: s.validFrom ?? null, validTo: s.validTo ?? null },
      s.locationIndex !== undefined ? (feed.locationSourceIds[s.locationIndex] ?? null) : null,
    ),
    // Only a 3.0 rule is kept to publish back (a 1.x `regular_schedule` is republished as 3.0).
    fields: keptRule(feed.extension.schedules?.[i]?.fields),
  }));
  return compact<OrukServiceExtension>({ ...feed.extension, schedules });
}

const keptRule = (r: Rec | undefined): Rec => (r && 'byday' in r && str(r.id) ? r : {});

function readOrganisation(org: Rec): FeedOrganisation {
  const identifiers = list(org.organization_identifiers);
  const charity = identifiers.find((i) =>
    /CHC|charity/i.test(`${str(i.identifier_scheme) ?? ''} ${str(i.identifier_type) ?? ''}`),
  );
  return {
    sourceId: str(org.id)!,
    name: str(org.name)!,
    description: str(org.description) ?? '',
    email: str(org.email),
    website: str(org.website) ?? str(org.url),
    charityNumber: charity ? str(charity.identifier) : null,
    extension: compact<OrukOrganisationExtension>({
      logo: str(org.logo) ?? undefined,
      uri: str(org.uri) ?? undefined,
      parent_organization_id: str(org.parent_organization_id) ?? undefined,
      organization_identifiers: identifiers,
      attributes: list(org.attributes),
    }),
  };
}

/** "2 Chrisp Street" + "London" → "2 Chrisp Street, London" (not twice when the line already ends with the town). */
function addressText(address: Rec | undefined): string | null {
  const line = str(address?.address_1);
  const city = str(address?.city);
  if (line && city && line.toLowerCase().endsWith(city.toLowerCase())) return line;
  return [line, city].filter(Boolean).join(', ') || null;
}

function termRefOf(a: Rec): TermRef {
  const t = obj(a.taxonomy_term) ?? { id: a.taxonomy_term_id };
  return {
    id: str(t.id) ?? undefined,
    term: str(t.term) ?? undefined,
    name: str(t.name) ?? undefined,
  };
}

const STATUS_BACK: Record<string, string> = {
  active: 'active',
  paused: 'temporarily closed',
  ended: 'inactive',
};

function statusOf(status: string | null): string {
  switch (status?.toLowerCase()) {
    case 'temporarily closed':
      return 'paused';
    case 'inactive':
    case 'defunct':
      return 'ended';
    default:
      return 'active';
  }
}
