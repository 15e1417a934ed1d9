/**
 * Builders for gap-engine tests: roll-up rows and services written straight into their tables
 * (the need-flag write path and the directory forms are other features' code and tests).
 */
import { cellToParent, latLngToCell } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isoWeekStart } from './window.js';
import { rebuildTotals } from '../releases/totals.js';

export const thisWeek = (now = new Date()) => isoWeekStart(now);

/** Adds `count` flags for a tag in the cell of a point, this week (or `week`), with the given barrier counts. */
export async function addDemand(
  db: Kysely<DB>,
  at: { lat: number; lng: number },
  tag: string,
  count: number,
  barriers: Record<string, number> = {},
  keySum = 17,
  week = thisWeek(),
) {
  const cell = latLngToCell(at.lat, at.lng, 8);
  await db
    .insertInto('needCounts')
    .values({
      tagSlug: tag,
      cell,
      cell7: cellToParent(cell, 7),
      cell6: cellToParent(cell, 6),
      week,
      count,
      keySum,
    })
    .onConflict((oc) =>
      oc
        .columns(['tagSlug', 'cell', 'week'])
        .doUpdateSet((eb) => ({ count: eb('needCounts.count', '+', count) })),
    )
    .execute();
  for (const [barrier, n] of Object.entries(barriers)) {
    await db
      .insertInto('needBarrierCounts')
      .values({
        tagSlug: tag,
        cell,
        cell7: cellToParent(cell, 7),
        week,
        barrier,
        count: n,
        keySum: (keySum * 7) % 256,
      })
      .execute();
  }
  // Roll-up rows written straight in stand for a new release: published answers are read from the
  // running totals and cached per release (flag writes no longer move the data version), so
  // recompute the totals and move the version as a release would.
  await rebuildTotals(db);
  // A statement on need_releases moves the data version whether or not it changes a row, and as a
  // committed write it is announced to a process that follows the database's writes (PGlite).
  await sql`delete from need_releases where week = '1999-01-04'`.execute(db);
  return cell;
}

export interface ServiceSpec {
  name: string;
  tags: string[];
  lat: number;
  lng: number;
  cost?: 'free' | 'low_cost' | 'paid';
  accepting?: 'open' | 'waitlist' | 'full';
  status?: 'active' | 'paused' | 'ended';
  capacity?: number | null;
  confidential?: boolean;
  bookable?: boolean;
  accessibility?: string[];
  sessions?: { day: number; start: string; end: string }[];
}

export async function addService(db: Kysely<DB>, spec: ServiceSpec) {
  const org = await db
    .insertInto('organisations')
    .values({ name: `${spec.name} organisation` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const service = await db
    .insertInto('services')
    .values({
      organisationId: org.id,
      name: spec.name,
      summary: `${spec.name} summary`,
      status: spec.status ?? 'active',
      costKind: spec.cost ?? 'free',
      accepting: spec.accepting ?? 'open',
      capacity: spec.capacity === undefined ? 12 : spec.capacity,
      accessibility: JSON.stringify(spec.accessibility ?? []),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const location = await db
    .insertInto('locations')
    .values({
      organisationId: org.id,
      name: `${spec.name} venue`,
      address: '1 Test Street',
      postcode: 'E2 0AA',
      lat: spec.lat,
      lng: spec.lng,
      cell: latLngToCell(spec.lat, spec.lng, 8),
      confidential: spec.confidential ?? false,
      bookable: spec.bookable ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('serviceLocations')
    .values({ serviceId: service.id, locationId: location.id })
    .execute();
  if (spec.tags.length)
    await db
      .insertInto('serviceTags')
      .values(spec.tags.map((tagSlug) => ({ serviceId: service.id, tagSlug })))
      .execute();
  for (const s of spec.sessions ?? []) {
    await db
      .insertInto('schedules')
      .values({
        serviceId: service.id,
        locationId: location.id,
        day: s.day,
        startTime: s.start,
        endTime: s.end,
      })
      .execute();
  }
  return { serviceId: service.id, locationId: location.id, organisationId: org.id };
}

/** Every SuppressedCount anywhere in a JSON value (objects with value + display). */
export function suppressedCounts(
  value: unknown,
  found: { value: number | null; display: string }[] = [],
) {
  if (Array.isArray(value)) value.forEach((v) => suppressedCounts(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('display' in o && 'value' in o && Object.keys(o).length === 2)
      found.push(o as { value: number | null; display: string });
    else Object.values(o).forEach((v) => suppressedCounts(v, found));
  }
  return found;
}

/** No published count may show 1..7: null with "<8", 0, or a multiple of 5 of at least 8. */
export function isSafeCount(c: { value: number | null; display: string }, threshold = 8): boolean {
  if (c.value === null) return c.display === `<${threshold}`;
  return c.value === 0
    ? c.display === '0'
    : c.value >= threshold && c.value % 5 === 0 && c.display === String(c.value);
}
