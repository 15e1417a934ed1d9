/**
 * Loading finished service views: the list, one service, a shortlist, the gap check's similar
 * services and the ORUK feed share the same assembly.
 *
 * Views are cached per service and data version: every table a view reads moves `data_version`
 * (migrations 0600 and 0840), so a held view is the one the database would give now. The cache is
 * bounded by bytes (a share of CACHE_MAX_MB) and read again after a few minutes. Views hold
 * only public directory data; confidential locations are already stripped (toServiceViews).
 * Inside a transaction they are read directly.
 */
import { sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.js';
import type { Db } from '../../db/schema.js';
import { notFound } from '../http/errors.js';
import { batchedRead } from '../perf/coalesce.js';
import { createDataCache } from '../perf/data-cache.js';
import { loadServiceChildren } from './queries.js';
import { isStale, toServiceViews, type ServiceView } from './services.js';
import { serviceRows } from './rows.js';

/**
 * Views are held as their JSON text: a one-byte string (Latin-1 text) takes its length in V8's
 * heap, where the object took about 1.3× that, and the collector never walks inside it. Each
 * caller parses its own copy (a 1.5 kB view in microseconds), so nothing shares a mutable object.
 */
const textBytes = (json: string) => (/[\u0100-\uffff]/.test(json) ? 2 : 1) * json.length + 64;

/** How long a held view is served before it is read again (in the background). */
export const VIEW_MAX_AGE_MS = 4 * 60_000;

/**
 * Every service may be asked for (the gap check's similar services come from anywhere, so all
 * 20k bench services should fit): entries are bounded by bytes, not by a count below the
 * directory's size. An aged view of an unchanged data version is served while it is read again
 * in the background (the age still bounds the race data-cache.ts describes: a read that saw a
 * writer's new data version before that writer committed is served at most this long).
 */
const views = createDataCache<string>({
  share: 0.4,
  sizeOf: textBytes,
  maxEntries: 1_000_000,
  // Under the publication jobs' interval: each run's read-ahead refreshes aged views, so requests
  // between two runs seldom meet one (`stale` is worked out again as each is served).
  maxAgeMs: VIEW_MAX_AGE_MS,
  refreshInBackground: true,
});

/** The services' rows; the ids as one array, so the statement is compiled once. */
const rowsOf = compiledOnce((db: Db, ids: string[]) =>
  serviceRows(db).where('services.id', '=', sql<string>`any(${ids}::uuid[])`),
);

async function readViews(db: Db, ids: string[]): Promise<Map<string, ServiceView>> {
  // Two statements side by side (an id with no service simply has no children either).
  const [rows, children] = await Promise.all([rowsOf(db, ids), loadServiceChildren(db, ids)]);
  return new Map(toServiceViews(rows, children).map((v) => [v.id, v]));
}

const asTexts = (found: Map<string, ServiceView>) =>
  new Map([...found].map(([id, view]) => [id, JSON.stringify(view)]));

/**
 * The views of concurrent requests' missing ids are read together (batchedRead: one pair of
 * statements for every check that arrived meanwhile, never a read begun before the caller).
 */
const viewTextOf = batchedRead(async (db: Db, ids: string[]) => asTexts(await readViews(db, ids)));

async function readViewTexts(db: Db, ids: string[]): Promise<Map<string, string>> {
  const found = await Promise.all(ids.map((id) => viewTextOf(db, id)));
  return new Map(ids.flatMap((id, i) => (found[i] ? [[id, found[i]] as const] : [])));
}

export async function loadServiceView(db: Db, id: string): Promise<ServiceView> {
  const [view] = await loadServiceViews(db, [id]);
  if (!view) throw notFound('Service');
  return view;
}

/** Views for these ids, in the order given (an id with no service is left out). */
export async function loadServiceViews(db: Db, ids: string[]): Promise<ServiceView[]> {
  if (!ids.length) return [];
  if (db.isTransaction) {
    const byId = await readViews(db, ids);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
  const texts = await views.many(db, ids, (missing) => readViewTexts(db, missing));
  return ids.flatMap((id) => {
    const text = texts.get(id);
    if (text === undefined) return [];
    const view = JSON.parse(text) as ServiceView;
    // Held for minutes: whether it is stale follows the clock, not the moment it was read.
    view.stale = isStale(view.lastVerifiedAt === null ? null : new Date(view.lastVerifiedAt));
    return [view];
  });
}

/** Services read per statement pair while warming. */
const WARM_BATCH = 500;

/**
 * Reads the views of active services into the cache, a batch at a time, until its share of
 * CACHE_MAX_MB is nearly full (the publication jobs run it in every process: at start and every
 * few minutes), so the first gap checks and lists after a start or a directory change do not
 * each wait for their views. Views already held cost nothing; aged ones are read again. Returns
 * how many views the cache holds afterwards.
 */
export async function warmServiceViews(db: Db): Promise<number> {
  const active = await db
    .selectFrom('services')
    .select('id')
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  for (let i = 0; i < active.length; i += WARM_BATCH) {
    const { bytes, limit } = views.usage(db);
    if (bytes >= 0.9 * limit) break;
    // One batch at a time, its aged views' background read included: the jobs never put
    // dozens of reads on the database at once.
    const reads: Promise<unknown>[] = [];
    await views.many(
      db,
      active.slice(i, i + WARM_BATCH).map((s) => s.id),
      (missing) => {
        const read = readViews(db, missing).then(asTexts);
        reads.push(read);
        return read;
      },
    );
    await Promise.allSettled(reads);
  }
  return views.usage(db).entries;
}
