/** Area queries. Area figures are equi-joins of area_cells on the roll-ups' cell column. */
import { sql, type Transaction } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import type { CursorKey } from '../http/pagination.js';
import type { WeekWindow } from '../gaps/window.js';
import type { AreaKind, ParsedArea } from './geojson.js';

type Bbox = [number, number, number, number];

const CELL_BATCH = 2000;

/**
 * Inserts or replaces areas by code, with their cells. Call inside a transaction: an area and
 * its cells change together or not at all.
 */
export async function replaceAreas(
  trx: Transaction<DB>,
  kind: AreaKind,
  areas: (ParsedArea & { cells: string[] })[],
  onBatch: (done: number) => void = () => {},
): Promise<number> {
  for (let start = 0; start < areas.length; start += 200) {
    onBatch(start);
    const batch = areas.slice(start, start + 200);
    const rows = await trx
      .insertInto('areas')
      .values(
        batch.map((a) => ({
          code: a.code,
          name: a.name,
          kind,
          geometry: JSON.stringify(a.geometry),
          bbox: JSON.stringify(a.bbox),
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          geometry: eb.ref('excluded.geometry'),
          bbox: eb.ref('excluded.bbox'),
        })),
      )
      .returning(['id', 'code'])
      .execute();
    const idByCode = new Map(rows.map((r) => [r.code, r.id]));
    const ids = rows.map((r) => r.id);
    await trx.deleteFrom('areaCells').where('areaId', 'in', ids).execute();
    const cells = batch.flatMap((a) =>
      a.cells.map((cell) => ({ areaId: idByCode.get(a.code)!, cell })),
    );
    for (let c = 0; c < cells.length; c += CELL_BATCH) {
      await trx
        .insertInto('areaCells')
        .values(cells.slice(c, c + CELL_BATCH))
        .execute();
    }
  }
  return areas.length;
}

export function listAreas(
  db: Db,
  f: { kind?: string | undefined; limit: number; after?: CursorKey | undefined },
) {
  let q = db.selectFrom('areas').select(['id', 'code', 'name', 'kind']);
  if (f.kind) q = q.where('kind', '=', f.kind as AreaKind);
  if (f.after) {
    const [name, id] = f.after as [string, string];
    q = q.where((eb) =>
      eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
    );
  }
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

export function findArea(db: Db, id: string) {
  return db
    .selectFrom('areas')
    .select(['id', 'code', 'name', 'kind', 'geometry', 'bbox'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function areaCells(db: Db, areaId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('areaCells')
    .select('cell')
    .where('areaId', '=', areaId)
    .execute();
  return rows.map((r) => r.cell);
}

/** Areas whose bbox meets the given one (or all of a kind), for the boundary layer. */
export function areaShapes(
  db: Db,
  f: { kind?: string | undefined; bbox?: Bbox | undefined; limit: number },
) {
  let q = db.selectFrom('areas').select(['id', 'code', 'name', 'kind', 'geometry']);
  if (f.kind) q = q.where('kind', '=', f.kind as AreaKind);
  if (f.bbox) {
    const [minLng, minLat, maxLng, maxLat] = f.bbox;
    q = q
      .where(sql<boolean>`(bbox->>0)::float8 <= ${maxLng}`)
      .where(sql<boolean>`(bbox->>2)::float8 >= ${minLng}`)
      .where(sql<boolean>`(bbox->>1)::float8 <= ${maxLat}`)
      .where(sql<boolean>`(bbox->>3)::float8 >= ${minLat}`);
  }
  return q.orderBy('kind').orderBy('name').limit(f.limit).execute();
}

/** Raw need counts per tag over an area's cells in a window (summed, keys mod 256 by combine()). */
export function areaNeedRows(db: Db, areaId: string, window: WeekWindow) {
  return db
    .selectFrom('needCounts')
    .innerJoin('areaCells', 'areaCells.cell', 'needCounts.cell')
    .select(['needCounts.tagSlug', 'needCounts.count', 'needCounts.keySum'])
    .where('areaCells.areaId', '=', areaId)
    .where('needCounts.week', '>=', window.from)
    .where('needCounts.week', '<=', window.to)
    .execute();
}

/**
 * Active services with a location in the area's cells. Confidential locations count: they are
 * supply, and a count reveals no point.
 */
export async function areaServiceCount(db: Db, areaId: string): Promise<number> {
  const row = await db
    .selectFrom('serviceLocations')
    .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
    .innerJoin('services', 'services.id', 'serviceLocations.serviceId')
    .innerJoin('areaCells', 'areaCells.cell', 'locations.cell')
    .select((eb) => eb.fn.count<number>('services.id').distinct().as('n'))
    .where('areaCells.areaId', '=', areaId)
    .where('services.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
