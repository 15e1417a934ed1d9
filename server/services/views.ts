/** Loading finished service views: the list and one service share the same assembly. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../http/errors.js';
import { findServiceById, loadServiceChildren } from './queries.js';
import { toServiceViews, type ServiceView } from './services.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function loadServiceView(db: Db, id: string): Promise<ServiceView> {
  const row = await findServiceById(db, id);
  if (!row) throw notFound('Service');
  const [view] = toServiceViews([row], await loadServiceChildren(db, [id]));
  return view as ServiceView;
}
