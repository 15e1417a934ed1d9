/**
 * Importing an ORUK feed. Each row is all-or-nothing in its own transaction (its organisation,
 * the service, its venues, tags and schedules); a bad row is reported and the rest go on.
 * Re-importing matches organisations, services and locations by the feed's ids (`source_id`);
 * a record identical to the one last imported is not written again, so running the same feed
 * twice changes nothing. A feed's UUIDs become our ids when they are free, so what the ORUK API
 * publishes back carries the same ids; fields Gapmap does not model are kept in the typed
 * extension (extension.ts). A service without an organisation is filed under a placeholder
 * organisation of the import (the profile does not require one).
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SessionUser } from '../http/env.js';
import { isConnectionError } from '../../db/resilient-pool.js';
import { controlCharacterPaths } from '../http/control-characters.js';
import { isWebUrl } from '../http/web-url.js';
import { AppError, zodDetails } from '../http/errors.js';
import { ServiceCreate } from '../services/schemas.js';
import { createServiceIn, updateServiceIn } from '../services/writes.js';
import { listTaxonomy } from '../taxonomy/queries.js';
import type { OrukLocationExtension } from './extension.js';
import { readFeedService, withScheduleKeys, type FeedService, type TermRef } from './feed.js';
import { isUuid, termId } from './ids.js';

export interface ImportResult {
  created: number;
  updated: number;
  /** Records identical to the ones last imported: nothing written. */
  unchanged: number;
  /** `row` counts from 1 in the feed's order. */
  rejected: { row: number; errors: Record<string, string> }[];
}

/** A row that cannot be stored, with the reasons by field. */
class RowRejected extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('row rejected');
  }
}

/** How an import reports a fault it turned into one row's rejection (never the row's contents). */
export type ImportFaultLog = (fault: { row: number; error: string }) => void;

/** Where services without an organisation go: one placeholder per import source. */
export interface PlaceholderOrganisation {
  /** Its source id, e.g. `gapmap:placeholder:import` or one per harvested feed. */
  sourceId: string;
  name: string;
}

export const IMPORT_PLACEHOLDER: PlaceholderOrganisation = {
  sourceId: 'gapmap:placeholder:import',
  name: 'Organisation not given (ORUK import)',
};

export async function importServices(
  db: Kysely<DB>,
  user: SessionUser,
  services: Record<string, unknown>[],
  options: { placeholder?: PlaceholderOrganisation; logFault?: ImportFaultLog } = {},
): Promise<ImportResult> {
  const placeholder = options.placeholder ?? IMPORT_PLACEHOLDER;
  const logFault = options.logFault ?? (() => {});
  const resolveTerm = await termResolver(db);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  for (const [i, raw] of services.entries()) {
    try {
      // A CSV row has not met the API's edge check: its text fields are checked here.
      const controls = controlCharacterPaths(raw);
      if (controls.length)
        throw new RowRejected(
          Object.fromEntries(controls.map((f) => [f, 'must not contain control characters'])),
        );
      const feed = readFeedService(raw, resolveTerm);
      // The record without its modification time: a feed re-published elsewhere is the same record.
      const { last_modified: _modified, ...record } = raw;
      const hash = createHash('sha256').update(canonicalJson(record)).digest('base64url');
      const outcome = await db
        .transaction()
        .execute((trx) => importRow(trx, user, feed, hash, placeholder));
      result[outcome] += 1;
    } catch (err) {
      if (err instanceof RowRejected) result.rejected.push({ row: i + 1, errors: err.errors });
      else if (err instanceof AppError)
        result.rejected.push({ row: i + 1, errors: detailsOf(err) });
      // A lost database fails every later row too: stop, and let the client retry the feed.
      else if (err instanceof Error && isConnectionError(err)) throw err;
      else {
        // Anything unexpected in one row (its transaction rolled back) is that row's rejection:
        // the rows before it stay imported and the rows after it are still tried.
        logFault({
          row: i + 1,
          error:
            err instanceof Error
              ? `${err.name} ${String((err as { code?: unknown }).code ?? '')}`.trim()
              : 'unknown',
        });
        result.rejected.push({
          row: i + 1,
          errors: { _: 'could not be stored; check this row’s values' },
        });
      }
    }
  }
  return result;
}

/** JSON with object keys sorted: the same record in another key order is the same record. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function detailsOf(err: AppError): Record<string, string> {
  return err.details && typeof err.details === 'object' && err.status === 422
    ? (err.details as Record<string, string>)
    : { _: err.message };
}

/** Matches a feed's term by our slug, by the UUID our ORUK API gives it, or by its name. */
async function termResolver(db: Kysely<DB>): Promise<(t: TermRef) => string | null> {
  const rows = await listTaxonomy(db);
  const bySlug = new Set(rows.map((r) => r.slug));
  const byId = new Map(rows.map((r) => [termId(r.slug), r.slug]));
  const byName = new Map(rows.map((r) => [r.name.toLowerCase(), r.slug]));
  return (t) =>
    (t.term && bySlug.has(t.term) ? t.term : null) ??
    (t.id ? (byId.get(t.id) ?? null) : null) ??
    (t.name ? (byName.get(t.name.toLowerCase()) ?? (bySlug.has(t.name) ? t.name : null)) : null);
}

async function importRow(
  trx: Transaction<DB>,
  user: SessionUser,
  feed: FeedService,
  hash: string,
  placeholder: PlaceholderOrganisation,
): Promise<'created' | 'updated' | 'unchanged'> {
  if (!feed.sourceId) throw new RowRejected({ id: 'is required (the feed’s service id)' });
  const existing = await trx
    .selectFrom('services')
    .select(['id', 'version', 'organisationId', 'orukSourceHash'])
    .where('sourceId', '=', feed.sourceId)
    .executeTakeFirst();
  if (existing?.orukSourceHash === hash) return 'unchanged';
  if (!existing && isUuid(feed.sourceId)) {
    // Our own record coming back (our feed re-published, or exported and imported here again).
    const own = await trx
      .selectFrom('services')
      .select('id')
      .where('id', '=', feed.sourceId)
      .where('sourceId', 'is', null)
      .executeTakeFirst();
    if (own)
      throw new RowRejected({
        id: 'is a service of this directory: its record here is the original and is not overwritten by a copy',
      });
  }
  const organisationId = await upsertOrganisation(trx, feed, placeholder);
  const parsed = ServiceCreate.safeParse({ ...feed.input, organisationId });
  if (!parsed.success) throw new RowRejected(zodDetails(parsed.error));
  const input = parsed.data;
  await attachLocationIds(trx, organisationId, input, feed.locationSourceIds);

  let id: string;
  if (!existing) {
    const keepId =
      isUuid(feed.sourceId) &&
      !(await trx
        .selectFrom('services')
        .select('id')
        .where('id', '=', feed.sourceId)
        .executeTakeFirst());
    id = await createServiceIn(trx, user, input, {
      sourceId: feed.sourceId,
      ...(keepId ? { id: feed.sourceId } : {}),
    });
  } else {
    if (existing.organisationId !== organisationId)
      throw new RowRejected({
        organization: 'differs from the organisation this service was first imported under',
      });
    const { organisationId: _org, ...fields } = input;
    // A feed row is the whole record: lists absent from it are emptied, not kept.
    await updateServiceIn(trx, user, existing.id, {
      tags: [],
      locations: [],
      schedules: [],
      ...fields,
      version: existing.version,
    });
    id = existing.id;
  }
  const extension = withScheduleKeys(feed, input.schedules ?? []);
  await trx
    .updateTable('services')
    .set({ orukExtension: extension && JSON.stringify(extension), orukSourceHash: hash })
    .where('id', '=', id)
    .execute();
  await storeLocationExtensions(trx, organisationId, feed, input);
  return existing ? 'updated' : 'created';
}

/** Each venue's unmodelled fields, with the address and postcode as Gapmap stored them (normalised). */
async function storeLocationExtensions(
  trx: Transaction<DB>,
  organisationId: string,
  feed: FeedService,
  input: ServiceCreate,
) {
  for (const [i, sourceId] of feed.locationSourceIds.entries()) {
    if (!sourceId) continue;
    const ext: OrukLocationExtension | null = feed.locationExtensions[i] ?? null;
    const stored = input.locations?.[i];
    if (ext?.address && stored)
      ext.address = {
        ...ext.address,
        address: stored.address ?? null,
        postcode: stored.postcode ?? null,
      };
    await trx
      .updateTable('locations')
      .set({ orukExtension: ext && JSON.stringify(ext) })
      .where('sourceId', '=', sourceId)
      .where('organisationId', '=', organisationId)
      .execute();
  }
}

async function upsertOrganisation(
  trx: Transaction<DB>,
  feed: FeedService,
  placeholder: PlaceholderOrganisation,
): Promise<string> {
  const ref = feed.organisation?.sourceId ?? feed.organisationRef;
  if (!ref) return placeholderOrganisation(trx, placeholder);
  const found = await trx
    .selectFrom('organisations')
    .select('id')
    .where((eb) =>
      isUuid(ref)
        ? eb.or([eb('sourceId', '=', ref), eb('id', '=', ref)])
        : eb('sourceId', '=', ref),
    )
    .executeTakeFirst();
  const o = feed.organisation;
  if (!o) {
    if (!found)
      throw new RowRejected({
        organization_id: 'is not an organisation in this directory or an earlier import',
      });
    return found.id;
  }
  if (o.website && !isWebUrl(o.website))
    throw new RowRejected({ 'organization.website': 'must be an http(s) or mailto address' });
  const values = {
    name: o.name,
    description: o.description,
    email: o.email,
    website: o.website,
    ...(o.charityNumber ? { charityNumber: o.charityNumber } : {}),
    orukExtension: o.extension && JSON.stringify(o.extension),
  };
  if (found) {
    await trx
      .updateTable('organisations')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', found.id)
      .execute();
    return found.id;
  }
  return (
    await trx
      .insertInto('organisations')
      .values({
        ...values,
        sourceId: o.sourceId,
        ...(isUuid(o.sourceId) ? { id: o.sourceId } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

async function placeholderOrganisation(
  trx: Transaction<DB>,
  p: PlaceholderOrganisation,
): Promise<string> {
  const found = await trx
    .selectFrom('organisations')
    .select('id')
    .where('sourceId', '=', p.sourceId)
    .executeTakeFirst();
  if (found) return found.id;
  const row = await trx
    .insertInto('organisations')
    .values({
      name: p.name,
      sourceId: p.sourceId,
      description: 'Services an ORUK feed published without an organisation are filed here.',
      orukExtension: JSON.stringify({ placeholder: true }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Venues seen in an earlier import are updated in place (by their feed id), not duplicated. */
async function attachLocationIds(
  trx: Transaction<DB>,
  organisationId: string,
  input: ServiceCreate,
  sourceIds: (string | null)[],
) {
  const ids = sourceIds.filter((s): s is string => !!s);
  const known = ids.length
    ? await trx
        .selectFrom('locations')
        .select(['id', 'sourceId', 'organisationId'])
        .where('sourceId', 'in', ids)
        .execute()
    : [];
  const bySource = new Map(known.map((k) => [k.sourceId, k]));
  const uuids = ids.filter(isUuid);
  const taken = new Set(
    uuids.length
      ? (await trx.selectFrom('locations').select('id').where('id', 'in', uuids).execute()).map(
          (r) => r.id,
        )
      : [],
  );
  input.locations?.forEach((l, i) => {
    const sourceId = sourceIds[i];
    if (!sourceId) return;
    const match = bySource.get(sourceId);
    if (match && match.organisationId !== organisationId)
      throw new RowRejected({ [`locations.${i}.id`]: 'belongs to another organisation' });
    if (match) l.id = match.id;
    // Carried to the insert of a new venue (see replaceLocations); a feed UUID becomes its id.
    else
      Object.assign(l, {
        sourceId,
        ...(isUuid(sourceId) && !taken.has(sourceId) ? { newId: sourceId } : {}),
      });
  });
}
