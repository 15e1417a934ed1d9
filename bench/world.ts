/**
 * The synthetic region the benchmarks run over: every H3 res-8 cell of a box around east London
 * (Hackney, Tower Hamlets, Newham, Islington, the City and parts of their neighbours: about
 * 300 km², 457 cells), demand concentrated around a few hotspots, and a directory of services.
 * Everything is drawn from a seeded PRNG, so two runs with the same sizes write the same world.
 *
 * Directory rows go in through batched Kysely inserts (one statement per table per batch);
 * need flags go through the need-flags feature's own bulk write path (see bench/data.ts).
 */
import { cellToLatLng, latLngToCell, polygonToCells } from 'h3-js';
import type { Insertable } from 'kysely';
import {
  AGE_BANDS,
  BARRIERS,
  type Barrier,
  type Db,
  type LocationsTable,
  type SchedulesTable,
  type ServicesTable,
} from '../db/schema.js';
import { TAG_SLUGS } from '../fixtures/demo/taxonomy.js';
import type { Rng } from '../fixtures/demo/random.js';

/** [minLng, minLat, maxLng, maxLat] of the whole region. */
export const REGION_BBOX = [-0.16, 51.47, 0.12, 51.61] as const;
/** Roughly Tower Hamlets: the "one borough" viewport the map benchmarks ask for. */
export const BOROUGH_BBOX = [-0.08, 51.485, 0.01, 51.545] as const;
/** Demand hotspots [lat, lng] (Whitechapel, Hackney Central, Stratford, Poplar): flags cluster here. */
const HOTSPOTS: readonly [number, number][] = [
  [51.5166, -0.0604],
  [51.5466, -0.0553],
  [51.5413, -0.0035],
  [51.5077, -0.0172],
];

export function regionCells(): string[] {
  const [minLng, minLat, maxLng, maxLat] = REGION_BBOX;
  return polygonToCells(
    [
      [minLat, minLng],
      [minLat, maxLng],
      [maxLat, maxLng],
      [maxLat, minLng],
    ],
    8,
  ).sort();
}

/**
 * A weighted picker over the region's cells: each cell's weight falls off with its distance to
 * the nearest hotspot, plus a floor so every cell sees some flags (a realistic long tail).
 */
export function cellPicker(rng: Rng, cells: string[]): () => string {
  const weights = cells.map((cell) => {
    const [lat, lng] = cellToLatLng(cell);
    const nearestKm = Math.min(
      ...HOTSPOTS.map(([hLat, hLng]) => Math.hypot((lat - hLat) * 111, (lng - hLng) * 69)),
    );
    return 0.15 + Math.exp(-(nearestKm * nearestKm) / 4);
  });
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return () => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return cells[lo]!;
  };
}

/** Monday (UTC) of the ISO week `weeksAgo` weeks before `now`'s week, as YYYY-MM-DD. */
export function isoWeekStart(now: Date, weeksAgo: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) - 7 * weeksAgo);
  return d.toISOString().slice(0, 10);
}

/** One synthetic need flag: its cell, and a point inside it for requests in the API's input shape. */
export interface SyntheticFlag {
  cell: string;
  tags: string[];
  lat: number;
  lng: number;
  week: string;
  barriers: Barrier[];
  ageBand: string;
}

/**
 * Draws synthetic flags. Each call draws a week among the last `weeks` unless given `weeksAgo`
 * (bench:data writes week by week, so that one batch's roll-up rows are each written once).
 */
export function flagGenerator(
  rng: Rng,
  now: Date,
  weeks = 52,
): (weeksAgo?: number) => SyntheticFlag {
  const pickCell = cellPicker(rng, regionCells());
  const weekStarts = Array.from({ length: weeks }, (_, i) => isoWeekStart(now, i));
  return (weeksAgo?: number) => {
    const cell = pickCell();
    const [lat, lng] = cellToLatLng(cell);
    return {
      cell,
      tags: rng.sample(TAG_SLUGS, rng.chance(0.8) ? 1 : 2),
      lat: round6(lat),
      lng: round6(lng),
      week: weekStarts[weeksAgo ?? rng.int(0, weeks - 1)]!,
      barriers: rng.sample(BARRIERS, rng.int(0, 3)),
      ageBand: rng.pick(AGE_BANDS),
    };
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Writes `count` services (one organisation per ten services, one location each, every fifth
 * location shared by a second service, one or two weekly sessions each) in batches of `batch`.
 * Calls `progress(written)` after each batch.
 */
export async function insertSyntheticServices(
  db: Db,
  rng: Rng,
  count: number,
  options: { batch?: number; progress?: (written: number) => void } = {},
): Promise<number> {
  const batch = options.batch ?? 1_000;
  const [minLng, minLat, maxLng, maxLat] = REGION_BBOX;
  let written = 0;
  while (written < count) {
    const size = Math.min(batch, count - written);
    const orgs = await db
      .insertInto('organisations')
      .values(
        Array.from({ length: Math.ceil(size / 10) }, (_, i) => ({
          name: `Bench organisation ${written + i * 10}`,
        })),
      )
      .returning('id')
      .execute();
    const services: Insertable<ServicesTable>[] = Array.from({ length: size }, (_, i) => ({
      organisationId: orgs[Math.floor(i / 10)]!.id,
      name: `Bench service ${String(written + i).padStart(7, '0')}`,
      summary: 'A synthetic group for load measurements.',
      status: rng.chance(0.9) ? 'active' : rng.pick(['paused', 'ended'] as const),
      costKind: rng.pick(['free', 'free', 'low_cost', 'paid'] as const),
      capacity: rng.int(5, 40),
      accepting: rng.pick(['open', 'open', 'open', 'waitlist', 'full'] as const),
      lastVerifiedAt: new Date(Date.UTC(2026, 0, 1) - rng.int(0, 400) * 86_400_000),
    }));
    const serviceIds = (
      await db.insertInto('services').values(services).returning('id').execute()
    ).map((s) => s.id);
    const locations: Insertable<LocationsTable>[] = serviceIds.map((_, i) => {
      const lat = round6(rng.between(minLat, maxLat));
      const lng = round6(rng.between(minLng, maxLng));
      return {
        organisationId: orgs[Math.floor(i / 10)]!.id,
        name: `Bench venue ${written + i}`,
        address: `${rng.int(1, 200)} Bench Street`,
        lat,
        lng,
        cell: latLngToCell(lat, lng, 8),
        bookable: rng.chance(0.3),
        confidential: rng.chance(0.02),
      };
    });
    const locationIds = (
      await db.insertInto('locations').values(locations).returning('id').execute()
    ).map((l) => l.id);
    const links = serviceIds.map((serviceId, i) => ({ serviceId, locationId: locationIds[i]! }));
    // Every fifth venue also hosts the next service: shared venues are common (hubs).
    for (let i = 0; i + 1 < serviceIds.length; i += 5)
      links.push({ serviceId: serviceIds[i + 1]!, locationId: locationIds[i]! });
    await db.insertInto('serviceLocations').values(links).execute();
    await db
      .insertInto('serviceTags')
      .values(
        serviceIds.flatMap((serviceId) =>
          rng.sample(TAG_SLUGS, rng.int(1, 3)).map((tagSlug) => ({ serviceId, tagSlug })),
        ),
      )
      .execute();
    const schedules: Insertable<SchedulesTable>[] = serviceIds.flatMap((serviceId, i) =>
      Array.from({ length: rng.int(1, 2) }, () => {
        const start = rng.int(9, 19);
        return {
          serviceId,
          locationId: locationIds[i]!,
          day: rng.int(1, 7),
          startTime: `${pad(start)}:00`,
          endTime: `${pad(start + 2)}:00`,
        };
      }),
    );
    await db.insertInto('schedules').values(schedules).execute();
    written += size;
    options.progress?.(written);
  }
  return written;
}

const pad = (n: number) => String(n).padStart(2, '0');
