/**
 * Loading finished service views: the list, one service, a shortlist, the gap check's similar
 * services and the ORUK feed share the same assembly.
 *
 * Views are cached per service and data version: every table a view reads moves `data_version`
 * (migrations 0600 and 0840), so a held view is the one the database would give now. The cache is
 * bounded by bytes (a share of CACHE_MAX_MB) and by age (`stale` follows the clock). Views hold
 * only public directory data; confidential locations are already stripped (toServiceViews).
 * Inside a transaction they are read directly.
 */
import { sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.js';
import type { Db } from '../../db/schema.js';
import { notFound } from '../http/errors.js';
import { createDataCache } from '../perf/data-cache.js';
import { loadServiceChildren } from './queries.js';
import { toServiceViews, type ServiceView } from './services.js';
import { serviceRows } from './rows.js';

/**
 * A view's bytes for the budget. Measured on the bench data (3,000 views kept, heap before and
 * after a full GC): about 1.3× its JSON length in V8's heap. Counted as 2× (+64) — a margin over
 * that, where the generic estimate's 3× would hold less than half the views the share can.
 */
const viewBytes = (view: ServiceView) => 2 * JSON.stringify(view).length + 64;

const views = createDataCache<ServiceView>({ share: 0.15, sizeOf: viewBytes });

/** The services' rows; the ids as one array, so the statement is compiled once. */
const rowsOf = compiledOnce((db: Db, ids: string[]) =>
  serviceRows(db).where('services.id', '=', sql<string>`any(${ids}::uuid[])`),
);

async function readViews(db: Db, ids: string[]): Promise<Map<string, ServiceView>> {
  // Two statements side by side (an id with no service simply has no children either).
  const [rows, children] = await Promise.all([rowsOf(db, ids), loadServiceChildren(db, ids)]);
  return new Map(toServiceViews(rows, children).map((v) => [v.id, v]));
}

export async function loadServiceView(db: Db, id: string): Promise<ServiceView> {
  const [view] = await loadServiceViews(db, [id]);
  if (!view) throw notFound('Service');
  return view;
}

/** Views for these ids, in the order given (an id with no service is left out). */
export async function loadServiceViews(db: Db, ids: string[]): Promise<ServiceView[]> {
  if (!ids.length) return [];
  const byId = db.isTransaction
    ? await readViews(db, ids)
    : await views.many(db, ids, (missing) => readViews(db, missing));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
