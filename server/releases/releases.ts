/**
 * Releases: need figures are published per ISO week from frozen data (DESIGN.md "Publication").
 *
 * - `publishThrough` publishes every unpublished week up to a week that has ended, in one
 *   transaction that also applies retention to those weeks; idempotent, and safe with several
 *   processes (the table lock below orders it with every flag write and undo).
 * - `publishDue` is what the scheduler runs: it publishes what is due, whenever the process
 *   starts; a crash mid-publication rolls the whole week back (never half published).
 * - `publishedWindow` turns a request's window into the window aggregates may read: clamped to
 *   the latest published week (admins' raw=1 excepted).
 */
import { randomInt } from 'node:crypto';
import { cellToParent } from 'h3-js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import { requestedWindow } from '../gaps/window-schemas.js';
import { DEFAULT_WINDOW_WEEKS, isoWeekStart, type WeekWindow } from '../gaps/window.js';
import { invalid } from '../http/errors.js';
import { addWeeks, latestDueWeek, weekEnds } from './calendar.js';
import { forgetKeyOwners } from '../needs/idempotency.js';
import { foldPendingFlags } from '../needs/pending.js';
import { forgetSearchMissMarks } from '../demand/search-misses.js';
import { foldWeekIntoTotals } from './totals.js';
import { latestPublishedWeek } from './latest.js';

type Reason = 'scheduled' | 'early' | 'seed';

/** A window aggregates may read, and the newest published week (`publishedThrough` in answers). */
export interface PublishedWindow extends WeekWindow {
  publishedThrough: string | null;
}

/**
 * The request's window clamped to published weeks. Without `to` it ends at the latest published
 * week; a window entirely after it is empty (weeks 0: every roll-up read returns nothing). Admins'
 * raw reads see the window as asked, unpublished weeks included.
 */
export async function publishedWindow(
  db: Db,
  q: { from?: string | undefined; to?: string | undefined },
  options: { raw?: boolean; defaultWeeks?: number; now?: Date } = {},
): Promise<PublishedWindow> {
  const defaultWeeks = options.defaultWeeks ?? DEFAULT_WINDOW_WEEKS;
  const asked = requestedWindow(q, options.now ?? new Date(), defaultWeeks);
  const publishedThrough = await latestPublishedWeek(db);
  // An admin's exact counts include every flag written so far: what is queued is folded first.
  if (options.raw) {
    await foldPendingFlags(db);
    return { ...asked, publishedThrough };
  }
  if (!publishedThrough)
    return { from: asked.from, to: addWeeks(asked.from, -1), weeks: 0, publishedThrough };
  const to = q.to && asked.to < publishedThrough ? asked.to : publishedThrough;
  const from = q.from ? asked.from : addWeeks(to, -(defaultWeeks - 1));
  const weeks = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / (7 * 86_400_000)) + 1);
  return weeks > 0
    ? { from, to, weeks, publishedThrough }
    : { from, to: addWeeks(from, -1), weeks: 0, publishedThrough };
}

/** Whether flags of this week may still be written or undone. */
export async function isPublished(db: Db, week: string): Promise<boolean> {
  const latest = await latestPublishedWeek(db);
  return latest !== null && week <= latest;
}

export interface PublishOptions {
  /** Any day of the last week to publish. */
  through: string;
  now?: Date;
  /** The admin who published early; null for the scheduler. */
  by?: string | null;
  reason?: Reason;
}

/**
 * Publishes every unpublished week up to and including `through`'s week, which must have ended.
 * Returns the weeks published now (oldest first); [] when they already were.
 */
export function publishThrough(db: Kysely<DB>, options: PublishOptions): Promise<string[]> {
  assertEnded(options);
  return db.transaction().execute((trx) => publishIn(trx, options));
}

function assertEnded(options: PublishOptions): string {
  const through = isoWeekStart(new Date(`${options.through}T00:00:00Z`));
  const ends = weekEnds(through);
  if (ends.getTime() > (options.now ?? new Date()).getTime()) {
    throw invalid({
      through: `the week of ${through} has not ended yet; it can be published from ${ends.toISOString()}`,
    });
  }
  return through;
}

/** publishThrough inside the caller's transaction (the demo seed publishes the weeks it writes). */
export async function publishIn(trx: Transaction<DB>, options: PublishOptions): Promise<string[]> {
  const through = assertEnded(options);
  const now = options.now ?? new Date();
  // Waits for flag writes and undos in flight and holds new ones until this commits; two
  // publications never run at once (the mode conflicts with itself).
  await sql`lock table need_flags in share row exclusive mode`.execute(trx);
  const latest = await latestPublishedWeek(trx);
  if (latest && through <= latest) return [];
  // Every flag written (none can be written now) is in the roll-ups the weeks are frozen from.
  await foldPendingFlags(trx);
  const first = latest ? addWeeks(latest, 1) : await earliestFlagWeek(trx, through);
  const weeks: string[] = [];
  for (let w = first; w <= through; w = addWeeks(w, 1)) weeks.push(w);
  await trx
    .insertInto('needReleases')
    .values(
      weeks.map((week) => ({
        week,
        reason: options.reason ?? (options.by ? 'early' : 'scheduled'),
        publishedBy: options.by ?? null,
        publishedAt: now,
      })),
    )
    .execute();
  // Oldest first: each week's totals start from the week before's.
  for (const [i, week] of weeks.entries())
    await foldWeekIntoTotals(trx, week, { first: latest === null && i === 0 });
  await applyRetention(trx, weeks);
  await recordAudit(trx, {
    userId: options.by ?? null,
    action: 'release.published',
    entity: 'need_release',
    details: { weeks, reason: options.reason ?? (options.by ? 'early' : 'scheduled') },
  });
  return weeks;
}

async function earliestFlagWeek(trx: Transaction<DB>, through: string): Promise<string> {
  const row = await trx
    .selectFrom('needFlags')
    .select((eb) => eb.fn.min('week').as('week'))
    .executeTakeFirst();
  const earliest = row?.week as string | null | undefined;
  return earliest && earliest < through ? earliest : through;
}

/** What the scheduler runs: publishes every week whose time has come (none when up to date). */
export function publishDue(db: Kysely<DB>, now = new Date()): Promise<string[]> {
  return publishThrough(db, { through: latestDueWeek(now), now, reason: 'scheduled' });
}

/**
 * A moderation removal in a published week is published as a new revision of that week, in the
 * caller's transaction (the removal and its release commit together), and audited.
 */
export async function republishWeek(
  trx: Transaction<DB>,
  week: string,
  by: string,
): Promise<number> {
  const row = await trx
    .selectFrom('needReleases')
    .select((eb) => eb.fn.max('revision').as('revision'))
    .where('week', '=', week)
    .executeTakeFirst();
  const revision = Number(row?.revision ?? 0) + 1;
  await trx
    .insertInto('needReleases')
    .values({ week, revision, reason: 'moderation', publishedBy: by })
    .execute();
  await recordAudit(trx, {
    userId: by,
    action: 'release.republished',
    entity: 'need_release',
    details: { week, revision },
  });
  return revision;
}

/** Rows written per statement when retention rewrites a week's roll-ups. */
const CHUNK = 1000;

/**
 * Retention at publication: every flag of these weeks loses its author, its note and its exact
 * time (kept to the week's Monday); per-Link-Worker activity becomes a per-(cell, week) count of
 * distinct Link Workers with a cell key of its own (a random record key per person, frozen here).
 */
export async function applyRetention(trx: Transaction<DB>, weeks: string[]): Promise<void> {
  if (!weeks.length) return;
  await sql`update need_flags set user_id = null, note = null,
      created_at = week::timestamp at time zone 'UTC', updated_at = week::timestamp at time zone 'UTC'
    where week = any(${weeks}::date[])`.execute(trx);
  const activity = await trx
    .selectFrom('linkWorkerActivity')
    .select(['cell', 'week', sql<number>`count(distinct user_id)::int`.as('people')])
    .where('week', 'in', weeks)
    .where('flags', '>', 0)
    .groupBy(['cell', 'week'])
    .execute();
  const rows = activity.map((a) => {
    let keySum = 0;
    for (let i = 0; i < a.people; i++) keySum = (keySum + randomInt(0, 256)) % 256;
    return { cell: a.cell, cell7: cellToParent(a.cell, 7), week: a.week, count: a.people, keySum };
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('linkWorkerCounts')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['cell', 'week']).doUpdateSet((eb) => ({
          count: sql`${eb.ref('linkWorkerCounts.count')} + excluded.count`,
          keySum: sql`(${eb.ref('linkWorkerCounts.keySum')} + excluded.key_sum) % 256`,
        })),
      )
      .execute();
  }
  await trx.deleteFrom('linkWorkerActivity').where('week', 'in', weeks).execute();
  await forgetKeyOwners(trx, weeks);
  await forgetSearchMissMarks(trx, weeks);
}

export interface ReleaseRow {
  week: string;
  revision: number;
  reason: string;
  publishedAt: Date;
}

/** Releases newest first, keyset-paginated on (week, revision). */
export function listReleases(db: Db, limit: number, after?: [string, number]) {
  let q = db.selectFrom('needReleases').select(['week', 'revision', 'reason', 'publishedAt']);
  if (after) {
    const [week, revision] = after;
    q = q.where((eb) =>
      eb.or([
        eb('week', '<', week),
        eb.and([eb('week', '=', week), eb('revision', '<', revision)]),
      ]),
    );
  }
  return q
    .orderBy('week', 'desc')
    .orderBy('revision', 'desc')
    .limit(limit + 1)
    .execute();
}
