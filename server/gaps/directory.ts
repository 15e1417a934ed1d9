/**
 * The directory as supply, read once per directory version: every active service location with
 * its service's tags and schedules, indexed by tag. The gap ranking and the gap check filter it in
 * memory instead of reading 20k services, their locations and schedules per request.
 *
 * It does not depend on any need flag or release: only on services, locations, tags, schedules and
 * the taxonomy, whose writes all move `data_version` (migration 0600), so a snapshot is reused
 * until the directory changes and then read again (concurrent requests share that one read). One
 * snapshot is held per database (the latest); its size follows the directory's (31 MB of heap
 * for the bench data's 20,000 services), not the number of views asked for. Confidential
 * locations are in it (they are supply); callers measure distances to `publicPoint` and never return their points.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';
import { group } from '../group.js';
import { createDataCache } from '../perf/data-cache.js';
import type { SupplyLocation } from './engine.js';
import type { ScheduleRow, SupplyRow } from './queries.js';
import { isSupply, toSupplyLocation } from './supply.js';

export interface DirectorySupply {
  /** Active service locations carrying any of `tags`, within `cells` when given, by service name then location. */
  matching(tags: Iterable<string>, cells?: ReadonlySet<string>): SupplyRow[];
  /** The service's sessions (all its locations), by day then start time. */
  schedulesOf(serviceId: string): ScheduleRow[];
  /** The row as the engine's supply (capacity split over the service's locations, barriers answered). */
  location(row: SupplyRow): SupplyLocation;
  /**
   * The engine's supply for these tags anywhere: every matching location of a service taking
   * people (`isSupply`), as `location` gives it. Kept with the snapshot per tag list (a ranking asks
   * for each tag of the taxonomy with its parent), frozen, so the engine indexes it once.
   */
  supplyOf(tags: readonly string[]): readonly SupplyLocation[];
}

/** One snapshot per database: only the latest directory version is kept; a minute-old one is served while it is read again. */
const snapshots = createDataCache<DirectorySupply>({
  maxEntries: 1,
  budget: 'own',
  refreshInBackground: true,
});

export function directorySupply(db: Db): Promise<DirectorySupply> {
  return snapshots(db, 'directory', () => readDirectory(db));
}

async function readDirectory(db: Db): Promise<DirectorySupply> {
  const [rows, schedules] = await Promise.all([
    db
      .selectFrom('serviceLocations')
      .innerJoin('services', 'services.id', 'serviceLocations.serviceId')
      .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
      .select([
        'services.id as serviceId',
        'services.name',
        'services.organisationId',
        'services.costKind',
        'services.accepting',
        'services.capacity',
        'services.languages',
        'services.accessibility as serviceAccessibility',
        'services.lastVerifiedAt',
        'locations.id as locationId',
        'locations.name as locationName',
        'locations.lat',
        'locations.lng',
        'locations.cell',
        'locations.confidential',
        'locations.accessibility as locationAccessibility',
        sql<number>`(select count(*)::int from service_locations sl where sl.service_id = services.id)`.as(
          'locationCount',
        ),
        sql<
          string[]
        >`coalesce((select json_agg(st.tag_slug order by st.tag_slug) from service_tags st where st.service_id = services.id), '[]')`.as(
          'tags',
        ),
      ])
      .where('services.status', '=', 'active')
      .orderBy('services.name')
      .orderBy('locations.id')
      .execute(),
    db
      .selectFrom('schedules')
      .innerJoin('services', 'services.id', 'schedules.serviceId')
      .select([
        'schedules.serviceId',
        'schedules.locationId',
        'schedules.day',
        'schedules.startTime',
        'schedules.endTime',
      ])
      .where('services.status', '=', 'active')
      .orderBy('schedules.day')
      .orderBy('schedules.startTime')
      .execute(),
  ]);

  const schedulesByService = group(schedules, (s) => s.serviceId);
  const schedulesOf = (serviceId: string) => schedulesByService.get(serviceId) ?? [];

  // Row positions per tag and per (cell, tag), ascending (rows are already in their served order).
  const positionsByTag = new Map<string, number[]>();
  const positionsByCellTag = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, i: number) => {
    const list = index.get(key);
    if (list) list.push(i);
    else index.set(key, [i]);
  };
  rows.forEach((row, i) => {
    for (const tag of row.tags) {
      add(positionsByTag, tag, i);
      add(positionsByCellTag, `${row.cell}|${tag}`, i);
    }
  });

  const locations = new WeakMap<SupplyRow, SupplyLocation>();
  const location = (row: SupplyRow) => {
    let found = locations.get(row);
    if (!found) locations.set(row, (found = toSupplyLocation(row, schedulesOf(row.serviceId))));
    return found;
  };
  const supplyByTags = new Map<string, readonly SupplyLocation[]>();
  const directory: DirectorySupply = {
    matching(tags, cells) {
      const wanted = [...new Set(tags)];
      const byTag = wanted.map((tag) => positionsByTag.get(tag) ?? []);
      // A gap check asks about a few dozen cells: one exact list per (cell, tag), nothing to
      // filter. A city-wide ranking asks about most cells: the tags' lists, filtered by cell.
      if (cells && cells.size * wanted.length < byTag.reduce((n, l) => n + l.length, 0)) {
        const lists: number[][] = [];
        for (const cell of cells)
          for (const tag of wanted) {
            const list = positionsByCellTag.get(`${cell}|${tag}`);
            if (list) lists.push(list);
          }
        return Array.from(unionOfAscending(lists), (i) => rows[i]!);
      }
      const found: SupplyRow[] = [];
      for (const i of unionOfAscending(byTag)) {
        const row = rows[i]!;
        if (!cells || cells.has(row.cell)) found.push(row);
      }
      return found;
    },
    schedulesOf,
    location,
    supplyOf(tags) {
      const key = tags.join('|');
      let supply = supplyByTags.get(key);
      if (!supply)
        supplyByTags.set(
          key,
          (supply = Object.freeze(directory.matching(tags).filter(isSupply).map(location))),
        );
      return supply;
    },
  };
  return directory;
}

/** The distinct values of ascending lists, ascending (one list is returned as it is). */
function unionOfAscending(lists: number[][]): Iterable<number> {
  const nonEmpty = lists.filter((l) => l.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const all = Int32Array.from(nonEmpty.flat()).sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}
