import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';

/** Weekly totals per tag from the roll-up (never raw flags), optionally within an area's cells. */
export function weeklyTagTotals(
  db: Db,
  window: { from: string; to: string },
  options: { tags?: string[]; areaId?: string },
) {
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
    q = q
      .innerJoin('areaCells', 'areaCells.cell', 'needCounts.cell')
      .where('areaCells.areaId', '=', options.areaId);
  }
  return q.execute();
}

export interface AreaRef {
  id: string;
  code: string;
  name: string;
  geometry: unknown;
}

/** The order in which a default area kind is chosen: the most local that has been imported. */
export const AREA_KIND_PREFERENCE = ['ward', 'neighbourhood', 'msoa', 'lsoa', 'lad'] as const;

/** Areas of one kind (default: the most local imported) and, per res-8 cell, the areas holding it. */
export async function areaMembers(db: Db, kind: string | undefined) {
  const kinds = new Set(
    (await db.selectFrom('areas').select('kind').distinct().execute()).map((r) => r.kind as string),
  );
  const chosen = kind ?? AREA_KIND_PREFERENCE.find((k) => kinds.has(k)) ?? null;
  const areas = new Map<string, AreaRef>();
  const cells = new Map<string, string[]>();
  if (!chosen) return { kind: null, areas, cells };
  const shapes = await db
    .selectFrom('areas')
    .select(['id', 'code', 'name', 'geometry'])
    .where('kind', '=', chosen as never)
    .execute();
  for (const a of shapes) areas.set(a.id, a);
  const members = await db
    .selectFrom('areaCells')
    .innerJoin('areas', 'areas.id', 'areaCells.areaId')
    .select(['areaCells.cell', 'areaCells.areaId'])
    .where('areas.kind', '=', chosen as never)
    .execute();
  for (const m of members) cells.set(m.cell, [...(cells.get(m.cell) ?? []), m.areaId]);
  return { kind: chosen, areas, cells };
}
