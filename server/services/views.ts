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
 * Views are held as their JSON in UTF-8 bytes, outside V8's heap (the collector never walks them).
 * Each caller that wants an object parses its own copy (a 1.5 kB view in microseconds), so nothing
 * shares a mutable object; a list is composed from the bytes without parsing or encoding anything
 * (serviceViewsJson): joining the views as strings and encoding the result took ~1.4 ms for a page
 * of 50, joining their bytes ~0.1 ms.
 *
 * The JSON is held open: without `stale`, which follows the clock rather than the moment the view
 * was read, and without its closing brace, so `stale` (and a search's distance) are appended as
 * each view is served.
 */
interface HeldView {
  id: string;
  /** The view's JSON less `stale` and the closing `}`, UTF-8. */
  open: Uint8Array;
  /** When the listing was last confirmed (ms since the epoch), or null: decides `stale`. */
  verifiedAt: number | null;
}

const heldBytes = (held: HeldView) => held.open.length + 160;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** How long a held view is served before it is read again (in the background). */
export const VIEW_MAX_AGE_MS = 4 * 60_000;

/**
 * Every service may be asked for (the gap check's similar services come from anywhere, so all
 * 20k bench services should fit): entries are bounded by bytes, not by a count below the
 * directory's size. An aged view of an unchanged data version is served while it is read again
 * in the background (the age still bounds the race data-cache.ts describes: a read that saw a
 * writer's new data version before that writer committed is served at most this long).
 */
const views = createDataCache<HeldView>({
  share: 0.4,
  sizeOf: heldBytes,
  maxEntries: 1_000_000,
  // Under the publication jobs' interval: each run's read-ahead refreshes aged views, so requests
  // between two runs seldom meet one.
  maxAgeMs: VIEW_MAX_AGE_MS,
  refreshInBackground: true,
});

/** The services' rows; the ids as one array, so the statement is compiled once. */
const rowsOf = compiledOnce((db: Db, ids: string[]) =>
  serviceRows(db).where('services.id', '=', sql<string>`any(${ids}::uuid[])`),
);

async function readViews(db: Db, ids: string[]): Promise<Map<string, HeldView>> {
  // Two statements side by side (an id with no service simply has no children either).
  const [rows, children] = await Promise.all([rowsOf(db, ids), loadServiceChildren(db, ids)]);
  return new Map(
    toServiceViews(rows, children).map(({ stale: _, ...view }) => [
      view.id,
      {
        id: view.id,
        open: utf8.encode(JSON.stringify(view).slice(0, -1)),
        verifiedAt: view.lastVerifiedAt === null ? null : Date.parse(view.lastVerifiedAt),
      },
    ]),
  );
}

/** The view's closing members: `stale` as of now, and any members a caller adds (`,"k":v`). */
function viewClose(held: HeldView, now: Date, more = ''): string {
  const stale = isStale(held.verifiedAt === null ? null : new Date(held.verifiedAt), now);
  return `,"stale":${stale}${more}}`;
}

/**
 * The views of concurrent requests' missing ids are read together (batchedRead: one pair of
 * statements for every check that arrived meanwhile, never a read begun before the caller).
 */
const heldViewOf = batchedRead(readViews);

async function readHeldViews(db: Db, ids: string[]): Promise<Map<string, HeldView>> {
  const found = await Promise.all(ids.map((id) => heldViewOf(db, id)));
  return new Map(ids.flatMap((id, i) => (found[i] ? [[id, found[i]] as const] : [])));
}

/** The held views of these ids, in the order given (an id with no service is left out). */
async function heldViews(db: Db, ids: string[]): Promise<HeldView[]> {
  if (!ids.length) return [];
  // Inside a transaction: read directly, as the transaction sees them.
  const byId = db.isTransaction
    ? await readViews(db, ids)
    : await views.many(db, ids, (missing) => readHeldViews(db, missing));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function loadServiceView(db: Db, id: string): Promise<ServiceView> {
  const [view] = await loadServiceViews(db, [id]);
  if (!view) throw notFound('Service');
  return view;
}

/** Views for these ids, in the order given (an id with no service is left out). */
export async function loadServiceViews(db: Db, ids: string[]): Promise<ServiceView[]> {
  const now = new Date();
  return (await heldViews(db, ids)).map(
    (held) => JSON.parse(fromUtf8.decode(held.open) + viewClose(held, now)) as ServiceView,
  );
}

/**
 * The views' JSON as one UTF-8 array (`[view,view]`), in the order given (an id with no service is
 * left out), composed from the held bytes without parsing or encoding a view; `more(id)` adds
 * members to a view (`,"distanceKm":1.2`).
 */
export async function serviceViewsJson(
  db: Db,
  ids: string[],
  more: (id: string) => string = () => '',
): Promise<Buffer> {
  const now = new Date();
  const parts: Uint8Array[] = [];
  for (const held of await heldViews(db, ids)) {
    parts.push(parts.length ? COMMA : OPEN_ARRAY, held.open);
    parts.push(Buffer.from(viewClose(held, now, more(held.id))));
  }
  parts.push(parts.length ? CLOSE_ARRAY : EMPTY_ARRAY);
  return Buffer.concat(parts);
}

const OPEN_ARRAY = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE_ARRAY = Buffer.from(']');
const EMPTY_ARRAY = Buffer.from('[]');

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
        const read = readViews(db, missing);
        reads.push(read);
        return read;
      },
    );
    await Promise.allSettled(reads);
  }
  return views.usage(db).entries;
}
