/**
 * Harvesting registered ORUK feeds: how a council's directory reaches Gapmap. A run asks the
 * feed's `/services` for what changed since the last complete run (`modified_after`), page by
 * page, reads each service whole from `/services/{id}` when the page gives only summaries, and
 * imports it (import.ts: unchanged records are not written, so a run is idempotent). Each
 * request is retried with backoff. After every page the feed remembers where the run is, so a
 * run that fails mid-way resumes at the failed page with the same window. Every run leaves a
 * report: created, updated, unchanged and rejected (with the feed id and the reasons).
 * One process harvests a feed at a time (a claim on the feed row).
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, Db, OrukFeedsTable } from '../../db/schema.js';
import type { SessionUser } from '../http/env.js';
import type { Logger } from '../http/logger.js';
import { conflict, notFound } from '../http/errors.js';
import { servicesInJson } from './feed.js';
import { importServices } from './import.js';

export interface HarvestOptions {
  /** Attempts per request (first try included). */
  attempts?: number;
  /** Backoff before the second attempt; doubled for each further one. */
  retryDelayMs?: number;
  perPage?: number;
  requestTimeoutMs?: number;
}

const DEFAULTS: Required<HarvestOptions> = {
  attempts: 4,
  retryDelayMs: 2000,
  perPage: 100,
  requestTimeoutMs: 30_000,
};
/** A claim older than this is a process that died mid-run: another may take the feed over. */
const STALE_CLAIM_MS = 60 * 60 * 1000;
/** After a failed run, try again this soon (the schedule's interval resumes after a success). */
const RETRY_FAILED_RUN_MS = 15 * 60 * 1000;
/** Pages per run at most: a feed that never says it is on its last page still ends. */
const MAX_PAGES = 10_000;

export interface HarvestReport {
  id: string;
  feedId: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  modifiedAfter: string | null;
  firstPage: number;
  pages: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { id: string | null; page: number; errors: Record<string, string> }[];
  error: string | null;
}

class FeedError extends Error {}

/** The feed's API base: the URL as registered, without a trailing `/services` or slash. */
export function feedBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/services$/, '');
}

async function getJson(url: string, o: Required<HarvestOptions>): Promise<unknown> {
  let lastError = '';
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, o.retryDelayMs * 2 ** (attempt - 2)));
    try {
      const res = await fetch(url, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(o.requestTimeoutMs),
        redirect: 'follow',
      });
      if (res.ok) return await res.json();
      lastError = `HTTP ${res.status}`;
      // A client error other than rate limiting will not change on a retry.
      if (res.status < 500 && res.status !== 429 && res.status !== 408) break;
    } catch (err) {
      lastError =
        err instanceof SyntaxError
          ? 'the answer is not JSON'
          : err instanceof Error && err.name === 'TimeoutError'
            ? 'no answer in time'
            : 'the feed could not be reached';
    }
  }
  // The path only: a query string may carry a key the council gave us.
  throw new FeedError(
    `${new URL(url).pathname}: ${lastError} (after ${o.attempts} attempt${o.attempts === 1 ? '' : 's'})`,
  );
}

/** A service from a page is complete when it carries its nested parts; otherwise it is read whole. */
const isWhole = (s: Record<string, unknown>) =>
  Array.isArray(s.schedules) || Array.isArray(s.service_at_locations);

/** Harvests a feed now and answers with the run's report when it ends. */
export async function harvestFeed(
  db: Kysely<DB>,
  feedId: string,
  options: HarvestOptions = {},
): Promise<HarvestReport> {
  return (await startHarvest(db, feedId, options)).done;
}

/**
 * Claims the feed and starts a run: `run` is its report as it begins (status running), `done`
 * settles with the final report. A harvest outlasts any request, so the API answers with `run`.
 */
export async function startHarvest(
  db: Kysely<DB>,
  feedId: string,
  options: HarvestOptions = {},
): Promise<{ run: HarvestReport; done: Promise<HarvestReport> }> {
  const o = { ...DEFAULTS, ...options };
  const exists = await db
    .selectFrom('orukFeeds')
    .select('id')
    .where('id', '=', feedId)
    .executeTakeFirst();
  if (!exists) throw notFound('Feed');
  const feed = await db
    .updateTable('orukFeeds')
    .set({ runningSince: new Date() })
    .where('id', '=', feedId)
    .where((eb) =>
      eb.or([
        eb('runningSince', 'is', null),
        eb('runningSince', '<', new Date(Date.now() - STALE_CLAIM_MS)),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
  if (!feed) throw conflict('This feed is being harvested already.');

  const resuming = feed.resumePage !== null;
  const startedAt = resuming && feed.resumeStartedAt ? feed.resumeStartedAt : new Date();
  const modifiedAfter = resuming ? feed.resumeModifiedAfter : feed.harvestedThrough;
  const page = feed.resumePage ?? 1;
  // A fresh run's start is the next run's window (`harvestedThrough`): the report shows that same moment.
  const run = await db
    .insertInto('orukHarvestRuns')
    .values({ feedId, modifiedAfter, firstPage: page, ...(resuming ? {} : { startedAt }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const done = runHarvest(db, feed, run.id, { startedAt, modifiedAfter, page }, o);
  return { run: (await harvestRuns(db, feedId, 1, run.id))[0]!, done };
}

async function runHarvest(
  db: Kysely<DB>,
  feed: Selectable<OrukFeedsTable>,
  runId: string,
  window: { startedAt: Date; modifiedAfter: Date | null; page: number },
  o: Required<HarvestOptions>,
): Promise<HarvestReport> {
  const feedId = feed.id;
  const { startedAt, modifiedAfter } = window;
  let page = window.page;
  const totals = {
    pages: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [] as HarvestReport['rejected'],
  };
  const saveRun = (
    extra: { status?: 'succeeded' | 'failed'; error?: string | null } = {},
    on: Db = db,
  ) =>
    on
      .updateTable('orukHarvestRuns')
      .set({
        pages: totals.pages,
        created: totals.created,
        updated: totals.updated,
        unchanged: totals.unchanged,
        rejected: JSON.stringify(totals.rejected),
        ...extra,
        ...(extra.status ? { finishedAt: new Date() } : {}),
      })
      .where('id', '=', runId)
      .execute();

  try {
    const user = await feedUser(db, feed.createdBy);
    const placeholder = {
      sourceId: `gapmap:placeholder:feed:${feed.id}`,
      name: `Organisation not given (${feed.name})`,
    };
    const base = feedBase(feed.url);
    for (let n = 0; n < MAX_PAGES; n++) {
      const query = new URLSearchParams({ page: String(page), per_page: String(o.perPage) });
      if (modifiedAfter) query.set('modified_after', modifiedAfter.toISOString());
      const body = await getJson(`${base}/services?${query}`, o);
      const items = servicesInJson(body);
      if (!items) throw new FeedError(`/services page ${page}: not an ORUK page of services`);
      const whole: Record<string, unknown>[] = [];
      for (const item of items) {
        const id = typeof item.id === 'string' ? item.id : null;
        whole.push(
          isWhole(item) || !id
            ? item
            : ((await getJson(`${base}/services/${encodeURIComponent(id)}`, o)) as Record<
                string,
                unknown
              >),
        );
      }
      const result = await importServices(db, user, whole, { placeholder });
      totals.pages += 1;
      totals.created += result.created;
      totals.updated += result.updated;
      totals.unchanged += result.unchanged;
      for (const r of result.rejected) {
        const source = whole[r.row - 1];
        totals.rejected.push({
          id: typeof source?.id === 'string' ? source.id : null,
          page,
          errors: r.errors,
        });
      }
      const meta = body as { last_page?: unknown; total_pages?: unknown };
      const last =
        items.length === 0 ||
        meta.last_page === true ||
        (typeof meta.total_pages === 'number' && page >= meta.total_pages) ||
        Array.isArray(body);
      page += 1;
      // Where to resume if a later page fails: this page is done.
      await db
        .updateTable('orukFeeds')
        .set({
          resumePage: last ? null : page,
          resumeModifiedAfter: modifiedAfter,
          resumeStartedAt: startedAt,
        })
        .where('id', '=', feedId)
        .execute();
      await saveRun();
      if (last) break;
    }
    // The run ends and the feed is released together: whoever sees the report may start the next.
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('orukFeeds')
        .set({
          harvestedThrough: startedAt,
          resumePage: null,
          resumeModifiedAfter: null,
          resumeStartedAt: null,
          runningSince: null,
          nextRunAt: new Date(Date.now() + feed.intervalMinutes * 60_000),
        })
        .where('id', '=', feedId)
        .execute();
      await saveRun({ status: 'succeeded' }, trx);
    });
  } catch (err) {
    // The resume point stays as the last finished page left it.
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('orukFeeds')
        .set({
          runningSince: null,
          nextRunAt: new Date(
            Date.now() + Math.min(RETRY_FAILED_RUN_MS, feed.intervalMinutes * 60_000),
          ),
        })
        .where('id', '=', feedId)
        .execute();
      await saveRun(
        {
          status: 'failed',
          error:
            err instanceof FeedError ? err.message : 'The harvest stopped on an internal error.',
        },
        trx,
      );
    });
    if (!(err instanceof FeedError)) throw err;
  }
  return (await harvestRuns(db, feedId, 1, runId))[0]!;
}

/** Imports run as the admin who registered the feed (the audit log names them). */
async function feedUser(db: Kysely<DB>, userId: string): Promise<SessionUser> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'organisationId'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return u;
}

export async function harvestRuns(
  db: Kysely<DB>,
  feedId: string,
  limit: number,
  runId?: string,
): Promise<HarvestReport[]> {
  let q = db.selectFrom('orukHarvestRuns').selectAll().where('feedId', '=', feedId);
  if (runId) q = q.where('id', '=', runId);
  const rows = await q.orderBy('startedAt', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    feedId: r.feedId,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    modifiedAfter: r.modifiedAfter?.toISOString() ?? null,
    firstPage: r.firstPage,
    pages: r.pages,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    error: r.error,
  }));
}

/** Every minute, the feeds that are due are harvested one after another (main.ts starts this). */
export function startHarvestScheduler(
  db: Kysely<DB>,
  logger: Logger,
  everyMs = 60_000,
): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const due = await db
        .selectFrom('orukFeeds')
        .select('id')
        .where('enabled', '=', true)
        .where('nextRunAt', '<=', new Date())
        .where((eb) =>
          eb.or([
            eb('runningSince', 'is', null),
            eb('runningSince', '<', new Date(Date.now() - STALE_CLAIM_MS)),
          ]),
        )
        .orderBy('nextRunAt')
        .execute();
      for (const { id } of due) {
        try {
          const report = await harvestFeed(db, id);
          logger({
            level: report.status === 'failed' ? 'error' : 'info',
            msg: 'oruk feed harvested',
            feedId: id,
            status: report.status,
            created: report.created,
            updated: report.updated,
            rejected: report.rejected.length,
          });
        } catch (err) {
          // Another process took it (409), or a fault: the next tick tries again.
          logger({
            level: 'info',
            msg: 'oruk feed harvest did not run',
            feedId: id,
            reason: err instanceof Error ? err.message : 'unknown',
          });
        }
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
