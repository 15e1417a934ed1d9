/**
 * The directory's request and response shapes. Field-level rules live here (zod, at the edge);
 * rules that span fields or need the database (age range, schedule order, known tags, location
 * points) live in `rules.ts`, because a PATCH is checked against the merged record.
 */
import { z } from '@hono/zod-openapi';
import { WebUrl } from '../http/web-url.js';
import {
  ACCEPTING,
  COST_KINDS,
  FREQUENCIES,
  REFERRAL_ROUTES,
  SERVICE_FORMATS,
  SERVICE_STATUSES,
} from '../../db/schema.js';
import { featureCollection, PointSchema } from '../geo/geojson.js';
import { BboxParam, NearParam, TagsParam } from '../geo/params.js';
import { invalid } from '../http/errors.js';
import { PageQuery } from '../http/pagination.js';

/** UK postcode, any spacing or case: outward code, then inward code (digit + two letters). */
const UK_POSTCODE =
  /^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$/i;

/** 'e27dg' / 'E2  7DG' → 'E2 7DG'. */
export function normalisePostcode(raw: string): string {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const Postcode = z
  .string()
  .trim()
  .regex(UK_POSTCODE, 'must be a valid UK postcode')
  .transform(normalisePostcode);

const Time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time "HH:MM"');
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"');
const Text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const OptionalText = (max: number) => Text(max).nullable().optional();
const Labels = z.array(Text(80).min(1)).max(30);

export const LocationInput = z.strictObject({
  /** An existing venue of the same organisation, to reuse (and update) it. */
  id: z.string().uuid().optional(),
  name: Text(200).min(1, 'is required'),
  address: OptionalText(500),
  postcode: Postcode.nullable().optional(),
  district: OptionalText(120),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  bookable: z.boolean().optional(),
  bookingInfo: OptionalText(1000),
  accessibility: Labels.optional(),
  confidential: z.boolean().optional(),
});
export type LocationInput = z.infer<typeof LocationInput>;

export const ScheduleInput = z.strictObject({
  day: z
    .number()
    .int()
    .min(1, 'must be 1 (Monday) to 7 (Sunday)')
    .max(7, 'must be 1 (Monday) to 7 (Sunday)'),
  start: Time,
  end: Time,
  frequency: z.enum(FREQUENCIES).default('weekly'),
  /** A location of this service by id … */
  locationId: z.string().uuid().nullable().optional(),
  /** … or by its position in this request's `locations`. */
  locationIndex: z.number().int().min(0).optional(),
  validFrom: DateOnly.nullable().optional(),
  validTo: DateOnly.nullable().optional(),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

const LanguageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language code such as "en" or "bn"');

/** The card summary and "how to join" in one other language, written by the organiser. */
export const TranslationInput = z.strictObject({
  language: LanguageCode.refine(
    (l) => l !== 'en' && !l.startsWith('en-'),
    'must be a language other than English (English is the service itself)',
  ),
  summary: Text(280).min(1, 'is required'),
  howToJoin: OptionalText(1000),
});
export type TranslationInput = z.infer<typeof TranslationInput>;

/** Each language at most once. */
const Translations = z
  .array(TranslationInput)
  .max(30)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      if (seen.has(t.language))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [i, 'language'],
          message: 'is given twice',
        });
      seen.add(t.language);
    });
  });

const serviceFields = {
  name: Text(200).min(1, 'is required'),
  summary: Text(280).min(1, 'is required'),
  description: Text(10_000),
  status: z.enum(SERVICE_STATUSES),
  cost: z.strictObject({ kind: z.enum(COST_KINDS), text: OptionalText(200) }),
  ageMin: z.number().int().min(0).max(120).nullable(),
  ageMax: z.number().int().min(0).max(120).nullable(),
  gender: OptionalText(40),
  asylumSeekersWelcome: z.boolean(),
  noIdNeeded: z.boolean(),
  nrpfOk: z.boolean(),
  format: z.enum(SERVICE_FORMATS),
  courseWeeks: z.number().int().min(1).max(104).nullable(),
  noExperienceNeeded: z.boolean(),
  bringFriend: z.boolean(),
  languages: z.array(LanguageCode).max(30),
  accessibility: Labels,
  referralRoute: z.enum(REFERRAL_ROUTES),
  referralUrl: WebUrl.nullable(),
  referralEmail: z.string().email('must be an email address').max(254).nullable(),
  capacity: z.number().int().min(0).max(100_000).nullable(),
  accepting: z.enum(ACCEPTING),
  tags: z.array(z.string().min(1).max(80)).max(20),
  locations: z.array(LocationInput).max(50),
  schedules: z.array(ScheduleInput).max(200),
  /** Replaces the stored translations when given. */
  translations: Translations,
};

/** POST: name and summary are required; everything else has the table's default. */
export const ServiceCreate = z
  .strictObject({
    organisationId: z.string().uuid().optional(),
    ...serviceFields,
  })
  .partial()
  .required({ name: true, summary: true })
  .openapi('ServiceCreate');
export type ServiceCreate = z.infer<typeof ServiceCreate>;

/** PATCH: any subset, plus the version the client last read (a stale one is a 409). */
export const ServicePatch = z
  .strictObject({ ...serviceFields })
  .partial()
  .extend({ version: z.number().int().min(1) })
  .openapi('ServicePatch');
export type ServicePatch = z.infer<typeof ServicePatch>;

const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const listParam = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

export const ServiceListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'Words in the name, summary or description' }),
  tag: TagsParam.optional(),
  near: NearParam.optional(),
  radiusKm: z.coerce.number().positive().max(100).default(2),
  bbox: BboxParam.optional(),
  status: z.enum(SERVICE_STATUSES).optional(),
  day: z.coerce
    .number()
    .int()
    .min(1)
    .max(7)
    .optional()
    .openapi({ description: 'Runs on this ISO day (Mon=1)' }),
  from: Time.optional().openapi({
    description: 'With day: a session that day ending after this time ("HH:MM")',
  }),
  to: Time.optional().openapi({
    description: 'With day: a session that day starting before this time ("HH:MM")',
  }),
  organisationId: z.string().uuid().optional(),
  age: z.coerce
    .number()
    .int()
    .min(0)
    .max(120)
    .optional()
    .openapi({ description: 'Open to someone of this age' }),
  asylumSeekersWelcome: boolParam.optional(),
  noIdNeeded: boolParam.optional(),
  nrpfOk: boolParam.optional(),
  noExperienceNeeded: boolParam.optional(),
  bringFriend: boolParam.optional(),
  format: listParam(SERVICE_FORMATS).optional(),
  cost: listParam(COST_KINDS).optional(),
  accepting: listParam(ACCEPTING).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
    .optional(),
});
export type ServiceListQuery = z.infer<typeof ServiceListQuery>;

/** `from`/`to` of a list query as the filters' session window; they narrow a chosen day only. */
export function sessionTimes(
  day: number | undefined,
  from: string | undefined,
  to: string | undefined,
): { timeFrom?: string; timeTo?: string } {
  if ((from || to) && day === undefined)
    throw invalid({ day: 'is required with from/to (a part of the day narrows a chosen day)' });
  if (from && to && from >= to) throw invalid({ to: 'must be after from' });
  return { timeFrom: from, timeTo: to };
}

export const LocationView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  district: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  bookable: z.boolean(),
  bookingInfo: z.string().nullable(),
  accessibility: z.array(z.string()),
  confidential: z.boolean(),
});
export const ScheduleView = z.object({
  day: z.number().int().min(1).max(7),
  start: z.string(),
  end: z.string(),
  frequency: z.enum(FREQUENCIES),
  locationId: z.string().uuid().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export const ServiceViewSchema = z
  .object({
    id: z.string().uuid(),
    organisationId: z.string().uuid(),
    organisationName: z.string(),
    name: z.string(),
    summary: z.string(),
    description: z.string(),
    status: z.enum(SERVICE_STATUSES),
    tags: z.array(z.string()),
    cost: z.object({ kind: z.enum(COST_KINDS), text: z.string().nullable() }),
    languages: z.array(z.string()),
    accessibility: z.array(z.string()),
    ageMin: z.number().nullable(),
    ageMax: z.number().nullable(),
    gender: z.string().nullable(),
    asylumSeekersWelcome: z.boolean(),
    noIdNeeded: z.boolean(),
    nrpfOk: z.boolean(),
    format: z.enum(SERVICE_FORMATS),
    courseWeeks: z.number().nullable(),
    noExperienceNeeded: z.boolean(),
    bringFriend: z.boolean(),
    referralRoute: z.enum(REFERRAL_ROUTES),
    referralUrl: z.string().nullable(),
    referralEmail: z.string().nullable(),
    capacity: z.number().nullable(),
    accepting: z.enum(ACCEPTING),
    lastVerifiedAt: z.string().nullable(),
    stale: z.boolean(),
    updatedAt: z.string(),
    changesRequestedAt: z.string().nullable().openapi({
      description: 'Its key contact said it needs changes (cleared by an edit or "Still right")',
    }),
    locations: z.array(LocationView),
    schedules: z.array(ScheduleView),
    translations: z
      .array(
        z.object({ language: z.string(), summary: z.string(), howToJoin: z.string().nullable() }),
      )
      .openapi({
        description:
          'The card summary and "how to join" in other languages; English is the service itself',
      }),
    distanceKm: z.number().optional(),
    version: z.number().int(),
  })
  .openapi('Service');
/** A service as the API shows it (GET /services/{id}, list items, a gap check's similar services). */
export type Service = z.infer<typeof ServiceViewSchema>;
export type ServiceLocation = z.infer<typeof LocationView>;
export type ServiceSchedule = z.infer<typeof ScheduleView>;
export type ServiceTranslation = Service['translations'][number];

/** One mapped location of a service (GET /services.geojson). */
export const ServicePointPropertiesSchema = z.object({
  serviceId: z.string().uuid(),
  locationId: z.string().uuid(),
  name: z.string(),
  summary: z.string(),
  status: z.enum(SERVICE_STATUSES),
  cost: z.enum(COST_KINDS),
  accepting: z.enum(ACCEPTING),
  locationName: z.string(),
  bookable: z.boolean(),
  tags: z.array(z.string()),
});
export type ServicePointProperties = z.infer<typeof ServicePointPropertiesSchema>;
export const ServicePointsSchema = featureCollection(
  PointSchema,
  ServicePointPropertiesSchema,
).openapi('ServicePoints', {
  description:
    'Service locations; id is "serviceId:locationId"; confidential locations are never included',
});
