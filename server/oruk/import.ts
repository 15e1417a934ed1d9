/**
 * Importing an ORUK feed. Each row is all-or-nothing in its own transaction (its organisation,
 * the service, its venues, tags and schedules); a bad row is reported and the rest go on.
 * Re-importing matches organisations, services and locations by the feed's ids (`source_id`),
 * so running the same feed twice changes nothing but the versions.
 */
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
import { readFeedService, type FeedService, type TermRef } from './feed.js';
import { termId } from './ids.js';

export interface ImportResult {
  created: number;
  updated: number;
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

export async function importServices(db: Kysely<DB>, user: SessionUser, services: Record<string, unknown>[], logFault: ImportFaultLog = () => {}): Promise<ImportResult> {
  const resolveTerm = await termResolver(db);
  const result: ImportResult = { created: 0, updated: 0, rejected: [] };
  for (const [i, raw] of services.entries()) {
    try {
      // A CSV row has not met the API's edge check: its text fields are checked here.
      const controls = controlCharacterPaths(raw);
      if (controls.length) throw new RowRejected(Object.fromEntries(controls.map((f) => [f, 'must not contain control characters'])));
      const feed = readFeedService(raw, resolveTerm);
      const outcome = await db.transaction().execute((trx) => importRow(trx, user, feed));
      result[outcome] += 1;
    } catch (err) {
      if (err instanceof RowRejected) result.rejected.push({ row: i + 1, errors: err.errors });
      else if (err instanceof AppError) result.rejected.push({ row: i + 1, errors: detailsOf(err) });
      // A lost database fails every later row too: stop, and let the client retry the feed.
      else if (err instanceof Error && isConnectionError(err)) throw err;
      else {
        // Anything unexpected in one row (its transaction rolled back) is that row's rejection:
        // the rows before it stay imported and the rows after it are still tried.
        logFault({ row: i + 1, error: err instanceof Error ? `${err.name} ${String((err as { code?: unknown }).code ?? '')}`.trim() : 'unknown' });
        result.rejected.push({ row: i + 1, errors: { _: 'could not be stored; check this row’s values' } });
      }
    }
  }
  return result;
}

function detailsOf(err: AppError): Record<string, string> {
  return err.details && typeof err.details === 'object' && err.status === 422 ? (err.details as Record<string, string>) : { _: err.message };
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

async function importRow(trx: Transaction<DB>, user: SessionUser, feed: FeedService): Promise<'created' | 'updated'> {
  if (!feed.sourceId) throw new RowRejected({ id: 'is required (the feed’s service id)' });
  const organisationId = await upsertOrganisation(trx, feed);
  const parsed = ServiceCreate.safeParse({ ...feed.input, organisationId });
  if (!parsed.success) throw new RowRejected(zodDetails(parsed.error));
  const input = parsed.data;
  await attachLocationIds(trx, organisationId, input, feed.locationSourceIds);

  const existing = await trx.selectFrom('services').select(['id', 'version', 'organisationId']).where('sourceId', '=', feed.sourceId).executeTakeFirst();
  if (!existing) {
    await createServiceIn(trx, user, input, { sourceId: feed.sourceId });
    return 'created';
  }
  if (existing.organisationId !== organisationId) throw new RowRejected({ organization: 'differs from the organisation this service was first imported under' });
  const { organisationId: _org, ...fields } = input;
  // A feed row is the whole record: lists absent from it are emptied, not kept.
  await updateServiceIn(trx, user, existing.id, { tags: [], locations: [], schedules: [], ...fields, version: existing.version });
  return 'updated';
}

async function upsertOrganisation(trx: Transaction<DB>, feed: FeedService): Promise<string> {
  const ref = feed.organisation?.sourceId ?? feed.organisationRef;
  if (!ref) throw new RowRejected({ organization: 'is required (a nested organization or an organization_id)' });
  const found = await trx
    .selectFrom('organisations')
    .select('id')
    .where((eb) => (isUuid(ref) ? eb.or([eb('sourceId', '=', ref), eb('id', '=', ref)]) : eb('sourceId', '=', ref)))
    .executeTakeFirst();
  const o = feed.organisation;
  if (!o) {
    if (!found) throw new RowRejected({ organization_id: 'is not an organisation in this directory or an earlier import' });
    return found.id;
  }
  if (o.website && !isWebUrl(o.website)) throw new RowRejected({ 'organization.website': 'must be an http(s) or mailto address' });
  const values = { name: o.name, description: o.description, email: o.email, website: o.website };
  if (found) {
    await trx.updateTable('organisations').set((eb) => ({ ...values, version: eb('version', '+', 1) })).where('id', '=', found.id).execute();
    return found.id;
  }
  return (await trx.insertInto('organisations').values({ ...values, sourceId: o.sourceId }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Venues seen in an earlier import are updated in place (by their feed id), not duplicated. */
async function attachLocationIds(trx: Transaction<DB>, organisationId: string, input: ServiceCreate, sourceIds: (string | null)[]) {
  const ids = sourceIds.filter((s): s is string => !!s);
  const known = ids.length ? await trx.selectFrom('locations').select(['id', 'sourceId', 'organisationId']).where('sourceId', 'in', ids).execute() : [];
  const bySource = new Map(known.map((k) => [k.sourceId, k]));
  input.locations?.forEach((l, i) => {
    const sourceId = sourceIds[i];
    if (!sourceId) return;
    const match = bySource.get(sourceId);
    if (match && match.organisationId !== organisationId) throw new RowRejected({ [`locations.${i}.id`]: 'belongs to another organisation' });
    if (match) l.id = match.id;
    // Carried to the insert of a new venue (see replaceLocations).
    else Object.assign(l, { sourceId });
  });
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
