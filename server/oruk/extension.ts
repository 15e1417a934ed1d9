/**
 * The typed ORUK extension: every UK-profile field Gapmap does not model, kept beside the
 * record it came with (jsonb `oruk_extension` on organisations, services and locations) and
 * published back by the read API. Parts Gapmap does model but more coarsely (cost options,
 * languages, schedules, addresses) are kept whole with the value they were read as: they are
 * published as kept while the modelled value is unchanged, and derived afresh once someone
 * edits it in Gapmap (the edit wins; stale feed detail is never published over it).
 */

/** A feed object kept verbatim (its own ids included). */
export type OrukRecord = Record<string, unknown>;

export interface OrukScheduleExtra {
  /** The schedule as Gapmap stored it: `day|start|end|frequency|validFrom|validTo|locationSourceId`. */
  key: string;
  /** Feed fields beyond what the key carries: id, dtstart, bymonthday, description, notes, attending_type, schedule_link, … */
  fields: OrukRecord;
}

export interface OrukServiceExtension {
  /** The feed's status when Gapmap's coarser one maps it back differently ('defunct' → ended → 'inactive'). */
  status?: string;
  fees?: string;
  accreditations?: string;
  assured_date?: string;
  assurer_email?: string;
  alert?: string;
  service_areas?: OrukRecord[];
  funding?: OrukRecord[];
  contacts?: OrukRecord[];
  /** All the feed's cost options, and the cost Gapmap read from them. */
  cost_options?: { options: OrukRecord[]; kind: string; text: string | null };
  /** The feed's language objects by their code (id, name, note kept). */
  languages?: Record<string, OrukRecord>;
  schedules?: OrukScheduleExtra[];
  /** Attributes whose term is not in Gapmap's taxonomy (another taxonomy's terms): kept verbatim. */
  attributes?: OrukRecord[];
  /** The feed's attributes naming a term of Gapmap's taxonomy, by that term's slug: published as given while the tag stays. */
  term_attributes?: Record<string, OrukRecord>;
  /** service_at_location ids of the feed, by the feed's location id. */
  service_at_location_ids?: Record<string, string>;
  /** Schedules Gapmap cannot model (no weekday: bymonthday only, dtstart only …): kept whole. */
  other_schedules?: OrukRecord[];
  /** Locations Gapmap cannot place (virtual or postal, no coordinates): kept whole, with their service_at_location. */
  other_locations?: OrukRecord[];
}

export interface OrukLocationExtension {
  location_type?: string;
  description?: string;
  external_identifier?: string;
  external_identifier_type?: string;
  /** The feed's first address, and the Gapmap address and postcode it was read as. */
  address?: { record: OrukRecord; address: string | null; postcode: string | null };
  /** Further addresses (postal, …), verbatim. */
  other_addresses?: OrukRecord[];
  /** The feed's accessibility records, and the descriptions Gapmap read from them. */
  accessibility?: { records: OrukRecord[]; descriptions: string[] };
  attributes?: OrukRecord[];
}

export interface OrukOrganisationExtension {
  logo?: string;
  uri?: string;
  parent_organization_id?: string;
  organization_identifiers?: OrukRecord[];
  attributes?: OrukRecord[];
  /** A placeholder made for services a feed gave without an organisation. */
  placeholder?: boolean;
}

/** The schedule identity used to find a schedule's kept feed fields again. */
export function scheduleKey(
  s: {
    day: number;
    start: string;
    end: string;
    frequency: string;
    validFrom: string | null;
    validTo: string | null;
  },
  locationSourceId: string | null,
): string {
  return [
    s.day,
    s.start,
    s.end,
    s.frequency,
    s.validFrom ?? '',
    s.validTo ?? '',
    locationSourceId ?? '',
  ].join('|');
}

/** Drops undefined and empty members, so an extension holds only what a feed really gave. */
export function compact<T extends object>(o: T): T | null {
  const kept = Object.entries(o).filter(
    ([, v]) =>
      v !== undefined &&
      v !== null &&
      !(Array.isArray(v) && v.length === 0) &&
      !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0),
  );
  return kept.length ? (Object.fromEntries(kept) as T) : null;
}
