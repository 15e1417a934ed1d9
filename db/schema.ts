/**
 * The Kysely Database interface: the single source of column types.
 *
 * Column and table names are camelCase here; Kysely's CamelCasePlugin maps them to the
 * snake_case names the migrations create (`organisationId` ↔ `organisation_id`).
 * Raw `sql` fragments must therefore use the snake_case names.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import type {
  OrukLocationExtension,
  OrukOrganisationExtension,
  OrukServiceExtension,
} from '../server/oruk/extension.js';

/** created_at / updated_at: set by the database, never written by hand on insert. */
type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;
// Not wrapped in Generated<>: that would nest ColumnTypes and make selects return the wrapper type.
type Timestamps = { createdAt: CreatedAt; updatedAt: UpdatedAt };
/** A nullable timestamp that accepts a Date or an ISO string on write. */
type Moment = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert. */
type MomentDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableMoment = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** jsonb columns: read as T, written as a JSON string (postgres.js and PGlite agree on that). */
type Json<T> = ColumnType<T, string, string>;
/** A jsonb column with a database default: optional on insert. */
type JsonDefault<T> = ColumnType<T, string | undefined, string>;
/** `date` columns are read as 'YYYY-MM-DD' strings (see the type parsers in connect.ts). */
type DateOnly = ColumnType<string, string, string>;

export const ROLES = ['link_worker', 'organiser', 'funder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SERVICE_STATUSES = ['active', 'paused', 'ended'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const COST_KINDS = ['free', 'low_cost', 'paid'] as const;
export const SERVICE_FORMATS = ['drop_in', 'booking', 'course'] as const;
export const REFERRAL_ROUTES = ['self', 'link_worker', 'gp', 'other'] as const;
export const ACCEPTING = ['open', 'waitlist', 'full'] as const;
export const FREQUENCIES = ['weekly', 'fortnightly', 'monthly'] as const;
/** `schedules.day` is the ISO day: 1 = Monday … 7 = Sunday (English names, for exports and feeds). */
export const DAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
export const BARRIERS = [
  'cost',
  'transport',
  'language',
  'timing',
  'childcare',
  'access',
  'confidence',
  'digital',
] as const;
export type Barrier = (typeof BARRIERS)[number];
export const AGE_BANDS = ['0-17', '18-25', '26-49', '50-64', '65+'] as const;
export const AREA_KINDS = ['ward', 'lsoa', 'msoa', 'lad', 'neighbourhood'] as const;
export const REFERRAL_STATUSES = [
  'sent',
  'acknowledged',
  'contacted',
  'attended',
  'not_a_fit',
  'no_response',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const PROPOSAL_STAGES = ['idea', 'co_designing', 'pilot', 'running', 'closed'] as const;
export type ProposalStage = (typeof PROPOSAL_STAGES)[number];
export const COMMITMENTS = ['advise', 'refer', 'co_host'] as const;

export interface TaxonomyTable extends Timestamps {
  slug: string;
  name: string;
  parentSlug: string | null;
  position: Generated<number>;
}

export interface UsersTable extends Timestamps {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  passwordHash: string | null;
  disabledAt: NullableMoment;
  passwordChangedAt: NullableMoment;
  /** The language mail to them is written in (i18n/define.ts Lang); null: English. */
  language: string | null;
}

export interface OrganisationsTable extends Timestamps {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  website: string | null;
  email: string | null;
  phone: string | null;
  keyContactUserId: string | null;
  charityNumber: string | null;
  status: Generated<'active' | 'inactive'>;
  sourceId: string | null;
  /** UK-profile fields Gapmap does not model (server/oruk/extension.ts). */
  orukExtension: ColumnType<
    OrukOrganisationExtension | null,
    string | null | undefined,
    string | null
  >;
  version: Generated<number>;
}

export interface ServicesTable extends Timestamps {
  id: Generated<string>;
  organisationId: string;
  name: string;
  summary: string;
  description: Generated<string>;
  status: Generated<ServiceStatus>;
  costKind: Generated<(typeof COST_KINDS)[number]>;
  costText: string | null;
  ageMin: number | null;
  ageMax: number | null;
  gender: string | null;
  asylumSeekersWelcome: Generated<boolean>;
  noIdNeeded: Generated<boolean>;
  nrpfOk: Generated<boolean>;
  format: Generated<(typeof SERVICE_FORMATS)[number]>;
  courseWeeks: number | null;
  noExperienceNeeded: Generated<boolean>;
  bringFriend: Generated<boolean>;
  languages: JsonDefault<string[]>;
  accessibility: JsonDefault<string[]>;
  referralRoute: Generated<(typeof REFERRAL_ROUTES)[number]>;
  referralUrl: string | null;
  referralEmail: string | null;
  capacity: number | null;
  accepting: Generated<(typeof ACCEPTING)[number]>;
  lastVerifiedAt: NullableMoment;
  sourceId: string | null;
  /** UK-profile fields Gapmap does not model (server/oruk/extension.ts). */
  orukExtension: ColumnType<OrukServiceExtension | null, string | null | undefined, string | null>;
  /** Hash of the feed record last imported: an unchanged record is not written again. */
  orukSourceHash: string | null;
  version: Generated<number>;
  /** When the key contact was last mailed a check link (server/listings/reminders.ts). */
  checkRemindedAt: NullableMoment;
  /** Set when the key contact answered "Needs changes"; cleared by an edit or "Still right". */
  changesRequestedAt: NullableMoment;
}

export interface ServiceTagsTable {
  serviceId: string;
  tagSlug: string;
}

export interface LocationsTable extends Timestamps {
  id: Generated<string>;
  organisationId: string | null;
  name: string;
  address: string | null;
  postcode: string | null;
  district: string | null;
  lat: number;
  lng: number;
  /** H3 resolution-8 cell of the point. */
  cell: string;
  bookable: Generated<boolean>;
  bookingInfo: string | null;
  accessibility: JsonDefault<string[]>;
  /** A refuge or safe house: address and point are never shown, exported or mapped. */
  confidential: Generated<boolean>;
  sourceId: string | null;
  /** UK-profile fields Gapmap does not model (server/oruk/extension.ts). */
  orukExtension: ColumnType<OrukLocationExtension | null, string | null | undefined, string | null>;
}

export interface ServiceLocationsTable {
  id: Generated<string>;
  serviceId: string;
  locationId: string;
}

export interface SchedulesTable extends Timestamps {
  id: Generated<string>;
  serviceId: string;
  locationId: string | null;
  /** ISO day of week, Monday = 1. */
  day: number;
  /** 'HH:MM' */
  startTime: string;
  endTime: string;
  frequency: Generated<(typeof FREQUENCIES)[number]>;
  validFrom: DateOnly | null;
  validTo: DateOnly | null;
}

export interface SessionsTable extends Timestamps {
  id: Generated<string>;
  userId: string;
  /** SHA-256 of the bearer/cookie token; the token itself is never stored. */
  tokenHash: string;
  csrfToken: string;
  lastSeenAt: Moment;
  idleExpiresAt: Moment;
  absoluteExpiresAt: Moment;
  revokedAt: NullableMoment;
}

export interface InvitesTable extends Timestamps {
  id: Generated<string>;
  tokenHash: string;
  email: string;
  role: Role;
  organisationId: string | null;
  invitedBy: string | null;
  expiresAt: Moment;
  acceptedAt: NullableMoment;
}

export interface AuditLogTable {
  id: Generated<string>;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  /** Structured facts only (field names, statuses); never note text. */
  details: JsonDefault<Record<string, unknown>>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface SettingsTable extends Timestamps {
  key: string;
  value: Json<unknown>;
}

export interface NeedFlagsTable extends Timestamps {
  id: Generated<string>;
  /**
   * Kept for rate limits and undo only until the flag's week is published, then null
   * (retention: DESIGN.md "Publication"); never returned by an aggregate.
   */
  userId: string | null;
  /** Taxonomy slugs, sorted and distinct (migration 0860: a flag is one row). */
  tags: string[];
  cell: string;
  week: DateOnly;
  barriers: JsonDefault<string[]>;
  ageBand: string | null;
  language: string | null;
  note: string | null;
  /** Cell-key record key 0..255, drawn at write time and never returned. */
  recordKey: number;
}

/** Flags written whose roll-up rows are still to be added (migration 0870, server/needs/pending.ts). */
export interface NeedRollupQueueTable {
  userId: string | null;
  tags: string[];
  cell: string;
  /** The cell's res-7 and res-6 parents (the roll-ups' coarser keys; the fold is SQL). */
  cell7: string;
  cell6: string;
  week: DateOnly;
  barriers: string[];
  recordKey: number;
}

/** Roll-up (tag, cell, week) → count and the sum of its records' keys mod 256. */
export interface NeedCountsTable {
  tagSlug: string;
  cell: string;
  cell7: string;
  cell6: string;
  week: DateOnly;
  count: number;
  keySum: number;
}

/** Published running totals (migration 0830): the roll-ups summed through each published week. */
export interface PublishedNeedTotalsTable {
  week: DateOnly;
  cell: string;
  tagSlug: string;
  cell7: string;
  cell6: string;
  count: number;
  keySum: number;
  costCount: Generated<number>;
  costKey: Generated<number>;
  accessCount: Generated<number>;
  accessKey: Generated<number>;
  timingCount: Generated<number>;
  timingKey: Generated<number>;
  languageCount: Generated<number>;
  languageKey: Generated<number>;
}

/** Published running totals per cell, whatever the tags (migration 0830). */
export interface PublishedCellTotalsTable {
  week: DateOnly;
  cell: string;
  cell7: string;
  cell6: string;
  count: number;
  keySum: number;
}

/** Roll-up (cell, week) → flags whatever their tags (a flag with two tags counts once), and their key sum. */
export interface NeedCellCountsTable {
  cell: string;
  cell7: string;
  cell6: string;
  week: DateOnly;
  count: number;
  keySum: number;
}

/** Roll-up (tag, cell, week, barrier) → count and key sum, for barrier fit and top barriers. */
export interface NeedBarrierCountsTable {
  tagSlug: string;
  cell: string;
  cell7: string;
  week: DateOnly;
  barrier: string;
  count: number;
  keySum: number;
}

/** Roll-up (user, cell, week) → flags, so "active Link Workers" is a distinct count over a small table. */
export interface LinkWorkerActivityTable {
  userId: string;
  cell: string;
  week: DateOnly;
  flags: number;
}

/** One published ISO week (Monday) and revision; every week up to the newest row is published. */
export interface NeedReleasesTable {
  week: DateOnly;
  revision: Generated<number>;
  reason: 'scheduled' | 'early' | 'moderation' | 'seed';
  publishedBy: string | null;
  publishedAt: MomentDefault;
}

/** Distinct Link Workers who flagged in a (cell, published week), with a cell key of its own. */
export interface LinkWorkerCountsTable {
  cell: string;
  cell7: string;
  week: DateOnly;
  count: number;
  keySum: number;
}

/** The secret of one day's interest marks; deleted with them, so old marks cannot be recomputed. */
export interface InterestMarkSecretsTable {
  day: DateOnly;
  secret: string;
}

export interface PostcodesTable {
  /** Normalised key: full postcode ('E2 7DG'), sector ('E2 7') or district ('E2'). */
  key: string;
  kind: 'unit' | 'sector' | 'district';
  lat: number;
  lng: number;
}

export interface AreasTable extends Timestamps {
  id: Generated<string>;
  code: string;
  name: string;
  kind: (typeof AREA_KINDS)[number];
  geometry: Json<Polygon | MultiPolygon>;
  /** [minLng, minLat, maxLng, maxLat] */
  bbox: Json<[number, number, number, number]>;
}

export interface AreaCellsTable {
  areaId: string;
  cell: string;
}

export interface ReferralsTable extends Timestamps {
  id: Generated<string>;
  code: string;
  serviceId: string;
  referrerId: string;
  status: Generated<ReferralStatus>;
  note: string | null;
  acknowledgedAt: NullableMoment;
  version: Generated<number>;
  /** The person's contact, sealed with AES-256-GCM (server/referrals/contact-crypto.ts); null when none or erased. */
  contactSealed: string | null;
  contactErasedAt: NullableMoment;
  /** A short reason code for not_a_fit / no_response (REFERRAL_REASONS). */
  reason: string | null;
  /** When the referral reached a final status; the contact is erased 30 days later. */
  finalAt: NullableMoment;
}

export interface ReferralEventsTable {
  id: Generated<string>;
  referralId: string;
  status: ReferralStatus;
  byUserId: string | null;
  at: MomentDefault;
  reason: string | null;
  /** Set when the move was undone within its window; such events leave the history. */
  undoneAt: NullableMoment;
}

/** A referral moved: what its referring Link Worker has not yet seen. */
export interface ReferralNoticesTable {
  id: Generated<string>;
  userId: string;
  referralId: string;
  status: ReferralStatus;
  createdAt: MomentDefault;
  readAt: NullableMoment;
}

/** Single-use signed links that let a key contact move a referral without signing in. */
export interface ReferralLinksTable extends Timestamps {
  id: Generated<string>;
  referralId: string;
  tokenHash: string;
  expiresAt: Moment;
  usedAt: NullableMoment;
}

/** An organiser's card summary and "how to join" in one other language. */
export interface ServiceTranslationsTable extends Timestamps {
  serviceId: string;
  language: string;
  summary: string;
  howToJoin: string | null;
}

/** A Link Worker's list of services for one client: no client identity, a hashed link token. */
export interface ShortlistsTable extends Timestamps {
  id: Generated<string>;
  tokenHash: string;
  language: string;
  serviceIds: Json<string[]>;
  createdBy: string | null;
  expiresAt: Moment;
}

export interface ProposalsTable extends Timestamps {
  id: Generated<string>;
  title: string;
  description: Generated<string>;
  tags: Json<string[]>;
  lat: number;
  lng: number;
  cell: string;
  stage: Generated<ProposalStage>;
  gapCheck: Json<unknown>;
  schedule: JsonDefault<{ day: number; start: string; end: string }[]>;
  venueLocationId: string | null;
  hurdles: JsonDefault<string[]>;
  interestCount: Generated<number>;
  /** Sum of the interest marks' random record keys mod 256: interestCount's cell key. */
  interestKeySum: Generated<number>;
  createdBy: string;
  organisationId: string | null;
  serviceId: string | null;
  version: Generated<number>;
}

/** Today's HMAC marks that stop a Link Worker counting twice a day; never who (see 0500). */
export interface ProposalInterestMarksTable {
  proposalId: string;
  marker: string;
  day: DateOnly;
}

export interface ProposalStageEventsTable {
  id: Generated<string>;
  proposalId: string;
  stage: ProposalStage;
  byUserId: string | null;
  at: MomentDefault;
}

export interface ProposalMembersTable extends Timestamps {
  proposalId: string;
  userId: string;
  commitment: (typeof COMMITMENTS)[number];
  hoursPerMonth: number | null;
}

export interface ProposalCommentsTable extends Timestamps {
  id: Generated<string>;
  proposalId: string;
  userId: string;
  body: string;
}

export interface ProposalPartnersTable extends Timestamps {
  id: Generated<string>;
  proposalId: string;
  organisationId: string;
  suggestedBy: string;
  note: string | null;
}

export interface BackingsTable extends Timestamps {
  id: Generated<string>;
  proposalId: string;
  funderId: string;
  amountPence: number;
  period: string;
}

export interface EventsTable extends Timestamps {
  id: Generated<string>;
  title: string;
  description: Generated<string>;
  organisationId: string | null;
  createdBy: string;
  startsAt: Moment;
  endsAt: Moment;
  place: string;
  locationId: string | null;
}

/** "I'll come": who said they will come to a network event. */
export interface EventAttendanceTable {
  eventId: string;
  userId: string;
  createdAt: MomentDefault;
}

/** An ORUK feed harvested on a schedule (server/oruk/harvest.ts). */
export interface OrukFeedsTable extends Timestamps {
  id: Generated<string>;
  url: string;
  name: string;
  intervalMinutes: Generated<number>;
  enabled: Generated<boolean>;
  createdBy: string;
  nextRunAt: MomentDefault;
  /** Set while a process harvests the feed (a claim; a stale one is taken over after an hour). */
  runningSince: NullableMoment;
  /** The start of the last complete run: the next run asks for `modified_after` this. */
  harvestedThrough: NullableMoment;
  /** An interrupted run: the page to resume at, with the window and start it had. */
  resumePage: number | null;
  resumeModifiedAfter: NullableMoment;
  resumeStartedAt: NullableMoment;
  placeholderOrganisationId: string | null;
}

export interface OrukHarvestRunsTable {
  id: Generated<string>;
  feedId: string;
  startedAt: MomentDefault;
  finishedAt: NullableMoment;
  status: Generated<'running' | 'succeeded' | 'failed'>;
  modifiedAfter: NullableMoment;
  firstPage: Generated<number>;
  pages: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: JsonDefault<{ id: string | null; page: number; errors: Record<string, string> }[]>;
  error: string | null;
}

export interface DB {
  taxonomy: TaxonomyTable;
  users: UsersTable;
  organisations: OrganisationsTable;
  services: ServicesTable;
  serviceTags: ServiceTagsTable;
  locations: LocationsTable;
  serviceLocations: ServiceLocationsTable;
  schedules: SchedulesTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  auditLog: AuditLogTable;
  settings: SettingsTable;
  needFlags: NeedFlagsTable;
  needRollupQueue: NeedRollupQueueTable;
  needCounts: NeedCountsTable;
  needBarrierCounts: NeedBarrierCountsTable;
  needCellCounts: NeedCellCountsTable;
  publishedNeedTotals: PublishedNeedTotalsTable;
  publishedCellTotals: PublishedCellTotalsTable;
  linkWorkerActivity: LinkWorkerActivityTable;
  linkWorkerCounts: LinkWorkerCountsTable;
  needReleases: NeedReleasesTable;
  interestMarkSecrets: InterestMarkSecretsTable;
  postcodes: PostcodesTable;
  areas: AreasTable;
  areaCells: AreaCellsTable;
  referrals: ReferralsTable;
  referralEvents: ReferralEventsTable;
  referralLinks: ReferralLinksTable;
  serviceTranslations: ServiceTranslationsTable;
  shortlists: ShortlistsTable;
  referralNotices: ReferralNoticesTable;
  proposals: ProposalsTable;
  proposalStageEvents: ProposalStageEventsTable;
  proposalInterestMarks: ProposalInterestMarksTable;
  proposalMembers: ProposalMembersTable;
  proposalComments: ProposalCommentsTable;
  proposalPartners: ProposalPartnersTable;
  backings: BackingsTable;
  events: EventsTable;
  eventAttendance: EventAttendanceTable;
  orukFeeds: OrukFeedsTable;
  orukHarvestRuns: OrukHarvestRunsTable;
  mailQueue: MailQueueTable;
  rateLimits: RateLimitsTable;
  searchMissCounts: SearchMissCountsTable;
  searchMissSecrets: SearchMissSecretsTable;
  searchMissMarks: SearchMissMarksTable;
  needIdempotencyKeys: NeedIdempotencyKeysTable;
  serviceCheckLinks: ServiceCheckLinksTable;
  serviceClaims: ServiceClaimsTable;
}

/**
 * The database as every query takes it. A `Transaction<DB>` is a `Kysely<DB>`, so the same
 * function runs on the connection or inside `db.transaction().execute(...)`.
 */
export type Db = Kysely<DB>;

/** Signed single-use links of a check reminder ("Still right" / "Needs changes" / "Has ended"). */
export interface ServiceCheckLinksTable extends Timestamps {
  id: Generated<string>;
  serviceId: string;
  tokenHash: string;
  expiresAt: Moment;
  usedAt: NullableMoment;
}

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** An organisation asks to take over a listing made by someone else; an admin decides. */
export interface ServiceClaimsTable extends Timestamps {
  id: Generated<string>;
  serviceId: string;
  organisationId: string;
  requestedBy: string | null;
  status: Generated<ClaimStatus>;
  decidedBy: string | null;
  decidedAt: NullableMoment;
}

/** Outgoing mail until the relay has taken it (server/mail/queue.ts). */
export interface MailQueueTable {
  id: Generated<string>;
  kind: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  attempts: Generated<number>;
  nextAttemptAt: MomentDefault;
  lockedUntil: NullableMoment;
  lastError: string | null;
  sentAt: NullableMoment;
  failedAt: NullableMoment;
  createdAt: MomentDefault;
}

/** One fixed window per (limiter, key), in epoch milliseconds (server/http/rate-limit.ts). */
export interface RateLimitsTable {
  name: string;
  key: string;
  windowStart: number;
  windowEnd: number;
  hits: number;
}

export type User = Selectable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Service = Selectable<ServicesTable>;
export type NewService = Insertable<ServicesTable>;
export type ServiceUpdate = Updateable<ServicesTable>;
export type Location = Selectable<LocationsTable>;
export type Schedule = Selectable<SchedulesTable>;
export type Taxonomy = Selectable<TaxonomyTable>;

/** Searches that found nothing (tag, res-7 cell, week) with a cell key: demand beside need_counts. */
export interface SearchMissCountsTable {
  tagSlug: string;
  cell7: string;
  cell6: string;
  week: DateOnly;
  count: number;
  keySum: number;
}

/** The secret of one week's search-miss marks; deleted with them when the week is published. */
export interface SearchMissSecretsTable {
  week: DateOnly;
  secret: string;
}

/** One search miss per user per tag per week, as an HMAC under the week's secret (no user id). */
export interface SearchMissMarksTable {
  marker: string;
  week: DateOnly;
}

/** The first answer to an Idempotency-Key of POST /needs or /needs/batch, kept 7 days. */
export interface NeedIdempotencyKeysTable {
  keyHash: string;
  userId: string | null;
  week: DateOnly | null;
  status: number;
  response: ColumnType<unknown, string, string>;
  createdAt: MomentDefault;
}
