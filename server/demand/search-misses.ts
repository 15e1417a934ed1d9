/**
 * Searches that found nothing are demand (issue 22). When a signed-in search for a tag near a place
 * finds no active service within its radius, one is added to the roll-up (tag, res-7 cell, ISO
 * week) with a random record key, like a need flag: no user, no query text, no point finer than a
 * res-7 hexagon. Published only with the need releases (published weeks, suppressCount), and shown
 * beside flag demand, never added into it.
 *
 * One per user per tag per week, without storing the user: the mark is an HMAC of (user, tag, week)
 * under a secret drawn for that week alone. Marks and their week's secret are deleted when the week
 * is published (`forgetSearchMissMarks`, run by publication's retention), so afterwards nobody, not
 * even someone holding every secret of the deployment, can tell who searched for what.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { cellToParent, latLngToCell } from 'h3-js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { londonWeek } from '../releases/calendar.js';
import { isPublished } from '../releases/releases.js';
import type { WeekWindow } from '../gaps/window.js';
import { inWeekWindow } from '../needs/queries.js';
import { group } from '../group.js';
import { createDataCache } from '../perf/data-cache.js';
import { findServices } from '../services/queries.js';
import { expandTags } from '../taxonomy/queries.js';
import {
  byPublishedValue,
  combine,
  suppressCount,
  type PublishedCount,
  type SuppressionOptions,
} from '../privacy/suppression.js';

export const SEARCH_MISS_RESOLUTION = 7;
/** A search names at most this many tags that can count as missed. */
const MAX_TAGS = 5;

export interface SearchMiss {
  userId: string;
  /** The tag slugs the person searched for (as asked, not expanded). */
  tags: string[];
  lat: number;
  lng: number;
  now?: Date;
}

/**
 * Records a search that found nothing: one per user per tag per week. Returns the tags counted now
 * (those not already counted for this person this week).
 */
export async function recordSearchMiss(db: Kysely<DB>, miss: SearchMiss): Promise<string[]> {
  const now = miss.now ?? new Date();
  const week = londonWeek(now);
  const cell7 = latLngToCell(miss.lat, miss.lng, SEARCH_MISS_RESOLUTION);
  const cell6 = cellToParent(cell7, 6);
  const tags = [...new Set(miss.tags)].slice(0, MAX_TAGS);
  if (!tags.length) return [];
  return db.transaction().execute(async (trx) => {
    // Ordered with publication (which inserts into need_releases): a week cannot be published
    // between this check and the write, so a published week's figure never moves.
    await sql`lock table need_releases in share mode`.execute(trx);
    if (await isPublished(trx, week)) return [];
    await trx
      .insertInto('searchMissSecrets')
      .values({ week, secret: randomBytes(32).toString('hex') })
      .onConflict((oc) => oc.column('week').doNothing())
      .execute();
    const { secret } = await trx
      .selectFrom('searchMissSecrets')
      .select('secret')
      .where('week', '=', week)
      .executeTakeFirstOrThrow();
    const counted: string[] = [];
    for (const tag of tags) {
      const marker = createHmac('sha256', secret)
        .update(`search-miss:${miss.userId}:${tag}:${week}`)
        .digest('hex');
      const marked = await trx
        .insertInto('searchMissMarks')
        .values({ marker, week })
        .onConflict((oc) => oc.doNothing())
        .returning('marker')
        .executeTakeFirst();
      if (!marked) continue;
      await trx
        .insertInto('searchMissCounts')
        .values({ tagSlug: tag, cell7, cell6, week, count: 1, keySum: randomInt(0, 256) })
        .onConflict((oc) =>
          oc.columns(['tagSlug', 'cell7', 'week']).doUpdateSet((eb) => ({
            count: sql`${eb.ref('searchMissCounts.count')} + 1`,
            keySum: sql`(${eb.ref('searchMissCounts.keySum')} + excluded.key_sum) % 256`,
          })),
        )
        .execute();
      counted.push(tag);
    }
    return counted;
  });
}

/** Retention at publication: the marks (and the secret) of published weeks are deleted. */
export async function forgetSearchMissMarks(trx: Transaction<DB>, weeks: string[]): Promise<void> {
  if (!weeks.length) return;
  const last = weeks.reduce((a, b) => (a > b ? a : b));
  await trx.deleteFrom('searchMissMarks').where('week', '<=', last).execute();
  await trx.deleteFrom('searchMissSecrets').where('week', '<=', last).execute();
}

/** The res-7 cells search misses are counted in that cover these (res-8) cells. */
export function searchMissCells(cells: string[]): string[] {
  return [...new Set(cells.map((c) => cellToParent(c, SEARCH_MISS_RESOLUTION)))];
}

/** Raw (tag, cell7) totals of a window, for the gap layer: every unit with at least one miss. */
export function searchMissUnits(db: Db, window: WeekWindow, tags?: string[]) {
  if (window.to < window.from) return Promise.resolve([]);
  let q = db
    .selectFrom('searchMissCounts')
    .select(['tagSlug', 'cell7', 'count', 'keySum'])
    .$call(inWeekWindow(window));
  if (tags) q = q.where('tagSlug', 'in', tags);
  return q.execute();
}

/** One place where searches found nothing, as published (the gap layer's second signal). */
export interface PublishedSearchMissUnit {
  cell: string;
  res: 7;
  tag: string;
  count: PublishedCount;
}

/**
 * Published search misses per (res-7 cell, tag) of a window: numbered units first (largest
 * first), then every "<8" unit, ties by cell and tag (never by a raw count). `areaId` keeps the
 * res-7 cells that hold part of that imported area.
 */
export async function publishedSearchMissUnits(
  db: Db,
  q: {
    window: WeekWindow;
    tags?: string[] | undefined;
    areaId?: string | undefined;
    limit: number;
  },
  publish: SuppressionOptions,
): Promise<PublishedSearchMissUnit[]> {
  // Raw reads may reach unpublished weeks, which change with every search: never kept.
  if (publish.raw) return searchMissUnitsNow(db, q, publish);
  const key = JSON.stringify([
    q.window.from,
    q.window.to,
    q.tags ?? null,
    q.areaId ?? null,
    q.limit,
    publish.threshold,
  ]);
  return publishedLists(db, key, () => searchMissUnitsNow(db, q, publish));
}

/**
 * Published search-miss lists as served (already through suppressCount), kept until the data
 * version moves: they read published weeks only, which change with a release (and an area's
 * cells with an area write), never with a search.
 */
const publishedLists = createDataCache<PublishedSearchMissUnit[]>({ share: 0.05 });

async function searchMissUnitsNow(
  db: Db,
  q: Parameters<typeof publishedSearchMissUnits>[1],
  publish: SuppressionOptions,
): Promise<PublishedSearchMissUnit[]> {
  let rows = await searchMissUnits(db, q.window, q.tags);
  if (q.areaId) {
    const cells = await db
      .selectFrom('areaCells')
      .select('cell')
      .where('areaId', '=', q.areaId)
      .execute();
    const parents = new Set(searchMissCells(cells.map((c) => c.cell)));
    rows = rows.filter((r) => parents.has(r.cell7));
  }
  const units = [...group(rows, (r) => `${r.cell7}|${r.tagSlug}`).values()].map((unit) => ({
    cell: unit[0]!.cell7,
    res: 7 as const,
    tag: unit[0]!.tagSlug,
    count: suppressCount(combine(unit), publish),
  }));
  units.sort((a, b) =>
    byPublishedValue<PublishedSearchMissUnit>(
      (u) => u.count,
      (u) => `${u.cell}|${u.tag}`,
    )(a, b),
  );
  return units.slice(0, q.limit);
}

/**
 * A directory search for tags near a place came back empty: counted as missed only when no active
 * service with those tags is within the radius at all (its other filters — day, cost, text — may
 * be what emptied it, and that is not missing provision).
 */
export async function countSearchMiss(
  db: Kysely<DB>,
  userId: string,
  tags: string[],
  near: { lat: number; lng: number; radiusKm: number },
): Promise<void> {
  const known = (
    await db.selectFrom('taxonomy').select('slug').where('slug', 'in', tags).execute()
  ).map((t) => t.slug);
  if (!known.length) return;
  const any = await findServices(db, {
    tags: await expandTags(db, known),
    near,
    status: 'active',
    limit: 1,
  });
  if (any.length) return;
  await recordSearchMiss(db, { userId, tags: known, lat: near.lat, lng: near.lng });
}
