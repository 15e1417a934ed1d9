/** Loading finished service views: the list and one service share the same assembly. */
import type { Db } from '../../db/schema.js';
import { notFound } from '../http/errors.js';
import { findServiceById, loadServiceChildren } from './queries.js';
import { toServiceViews, type ServiceView } from './services.js';
import { serviceRows } from './rows.js';

export async function loadServiceView(db: Db, id: string): Promise<ServiceView> {
  const row = await findServiceById(db, id);
  if (!row) throw notFound('Service');
  const [view] = toServiceViews([row], await loadServiceChildren(db, [id]));
  return view as ServiceView;
}

/** Views for these ids, in the order given. */
export async function loadServiceViews(db: Db, ids: string[]): Promise<ServiceView[]> {
  if (!ids.length) return [];
  const rows = await serviceRows(db).where('services.id', 'in', ids).execute();
  const byId = new Map(
    toServiceViews(rows, await loadServiceChildren(db, ids)).map((v) => [v.id, v]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
