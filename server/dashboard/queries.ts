import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Weekly totals per tag from the roll-up (never raw flags), optionally within an area's cells. */
export function weeklyTagTotals(db: Db, window: { from: string; to: string }, options: { tags?: string[]; areaId?: string }) {
  let q = db
    .selectFrom('needCounts')
    .select([
      'needCounts.tagSlug',
      'needCounts.week',
      sql<number>`sum(need_counts.count)::int`.as('count'),
      sql<number>`(sum(need_counts.key_sum) % 256)::int`.as('keySum'),
    ])
    .where('needCounts.week', '>=', window.from)
    .where('needCounts.week', '<=', window.to)
    .groupBy(['needCounts.tagSlug', 'needCounts.week']);
  if (options.tags?.length) q = q.where('needCounts.tagSlug', 'in', options.tags);
  if (options.areaId) {
    q = q.innerJoin('areaCells', 'areaCells.cell', 'needCounts.cell').where('areaCells.areaId', '=', options.areaId);
  }
  return q.execute();
}
