/**
 * The gap check an organiser runs before launching a group (DESIGN.md "Gap check"), and that a
 * proposal stores when it is opened: `runGapCheck(db, config, input)`.
 *
 * Verdict rule (README "Gap engine"):
 * - likely_gap: no active service with a similar tag has a location within the radius;
 * - already_served: one does within 500 m, is open to referrals, runs on an overlapping day and
 *   time (when a schedule is proposed) and answers every barrier recorded by ≥ 20 % of the flags;
 * - partly_served: similar services exist nearby but each misses something (farther than 500 m,
 *   paid when flags say cost, daytime only when they say timing, not step-free when they say
 *   access, English only when they say language, full or a waiting list, no overlapping session).
 */
import { gridDisk, latLngToCell } from 'h3-js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.js';
import { insideUk } from '../geo/params.js';
import { invalid } from '../http/errors.js';
import {
  byPublishedValue,
  publishOptions,
  suppressCount,
  type PublishedCount,
} from '../privacy/suppression.js';
import { publishedWindow } from '../releases/releases.js';
import { loadServiceViews } from '../services/views.js';
import { taxonomyNames, unknownTags, withChildren } from '../taxonomy/queries.js';
import { ringsForRadius } from './engine.js';
import { notableBarriers } from './gaps.js';
import { directorySupply } from './directory.js';
import { warmDemandIndex } from './demand-index.js';
import { demandNear, type ScheduleRow } from './queries.js';
import { distanceKm, publicPoint, round1, serviceShortfalls } from './supply.js';
import { bookableVenuesNear } from '../proposals/venues.js';

export const DEFAULT_RADIUS_KM = 1.5;
/** "Same place": a similar group this close already serves the people a new one would. */
export const SAME_PLACE_KM = 0.5;
const MAX_SIMILAR = 20;
const MAX_VENUES = 10;

export interface ProposedSession {
  day: number;
  start: string;
  end: string;
}

export interface GapCheckInput {
  tags: string[];
  /** A point; callers with a postcode resolve it first (see the route). */
  lat: number;
  lng: number;
  radiusKm?: number | undefined;
  schedule?: ProposedSession[] | undefined;
}

export type Verdict = 'likely_gap' | 'partly_served' | 'already_served';

export interface GapCheckOptions {
  /** Admins' raw=1. */
  raw?: boolean;
  now?: Date;
}

export async function runGapCheck(
  db: Kysely<DB>,
  config: Config,
  input: GapCheckInput,
  options: GapCheckOptions = {},
) {
  if (!insideUk(input.lat, input.lng)) throw invalid({ lat: 'the place must be inside the UK' });
  const radiusKm = input.radiusKm ?? DEFAULT_RADIUS_KM;
  const point: [number, number] = [input.lng, input.lat];
  const cell = latLngToCell(input.lat, input.lng, 8);
  const rings = ringsForRadius(radiusKm);
  const catchment = gridDisk(cell, rings);
  const nearby = gridDisk(cell, rings + 1);
  // Reads that do not depend on each other run together: under load each round trip waits its
  // turn at the database, so a check costs about three of them, not seven.
  const [unknown, taxonomy, windowRead] = await Promise.all([
    unknownTags(db, input.tags),
    taxonomyNames(db),
    // The last 12 published weeks: every figure below is published, and derived from published values.
    publishedWindow(
      db,
      {},
      { raw: options.raw ?? false, ...(options.now ? { now: options.now } : {}) },
    ),
  ]);
  if (unknown.length)
    throw invalid({ tags: `unknown tag${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` });
  const { publishedThrough, ...window } = windowRead;
  const demandTags = withChildren(taxonomy, input.tags);
  const parents = taxonomy
    .filter((t) => input.tags.includes(t.slug) && t.parentSlug)
    .map((t) => t.parentSlug as string);
  const similarTags = [...new Set([...demandTags, ...parents])];
  const publish = publishOptions(config, options.raw ?? false);

  // The nearest similar services depend only on the directory, not on demand: their views are
  // read alongside the demand.
  const similarRead = directorySupply(db).then(async (directory) => {
    const supplyRows = directory.matching(similarTags, new Set(nearby));
    const nearest = nearestPerService(
      supplyRows
        .map((row) => ({ row, km: distanceKm(point, publicPoint(row)) }))
        .filter((s) => s.km <= radiusKm),
    ).slice(0, MAX_SIMILAR);
    const views = await loadServiceViews(
      db,
      nearest.map((s) => s.row.serviceId),
    );
    return { directory, nearest, views: new Map(views.map((v) => [v.id, v])) };
  });
  similarRead.catch(() => undefined);
  const [demand, { directory, nearest, views }, venueRows] = await Promise.all([
    demandNear(db, catchment, demandTags, window),
    similarRead,
    bookableVenuesNear(db, input, radiusKm, MAX_VENUES),
  ]);

  const published = suppressCount(demand.flags, publish);
  // The second demand signal, published like flags but never added into them.
  const searchMisses = suppressCount(demand.searchMisses, publish);
  const barrierTotals = demand.barriers.map((b) => ({
    barrier: b.barrier,
    count: suppressCount(b, publish),
  }));
  // Ordered by published values ("<8" after numbers, then by name); a "<8" demand shows no barriers.
  barrierTotals.sort(
    byPublishedValue(
      (b) => b.count,
      (b) => b.barrier,
    ),
  );
  const notable = notableBarriers(
    published,
    new Map(barrierTotals.map((b) => [b.barrier, b.count])),
  );

  const assessed = nearest.map(({ row, km }) => {
    const own = directory.schedulesOf(row.serviceId);
    const overlap = !!input.schedule?.length && overlaps(input.schedule, own);
    const misses = [
      ...(km > SAME_PLACE_KM ? [`${kmText(km)} away`] : []),
      ...serviceShortfalls(row, own, notable).filter(
        (w) => w !== 'daytime only' || notable.has('timing'),
      ),
      ...(input.schedule?.length && !overlap
        ? [own.length ? 'runs at other times' : 'no published sessions']
        : []),
    ];
    return { row, km, overlap, misses };
  });

  const partner = assessed.find((a) => a.misses.length === 0);
  const verdict: Verdict =
    assessed.length === 0 ? 'likely_gap' : partner ? 'already_served' : 'partly_served';
  const tagNames = input.tags
    .map((t) => (taxonomy.find((x) => x.slug === t)?.name ?? t).toLowerCase())
    .join(' / ');

  const venues = venueRows.map(({ distanceKm, ...location }) => ({ location, distanceKm }));

  return {
    verdict,
    similar: assessed.map((a) => ({
      service: views.get(a.row.serviceId)!,
      distanceKm: round1(a.km),
      scheduleOverlap: a.overlap,
      misses: a.misses,
    })),
    demand: published,
    topBarriers:
      published.value === null
        ? []
        : barrierTotals.slice(0, 5).map((b) => ({ barrier: b.barrier, count: b.count })),
    venues,
    activeLinkWorkers: suppressCount(demand.linkWorkers, publish),
    explanation:
      explain(verdict, {
        scheduled: !!input.schedule?.length,
        tagNames,
        radiusKm,
        demand: published,
        weeks: window.weeks,
        partner,
        nearest: assessed[0],
        notable,
      }) + missesText(searchMisses, tagNames),
    searchMisses,
    cell,
    radiusKm,
    window,
    publishedThrough,
  };
}

export type GapCheckResult = Awaited<ReturnType<typeof runGapCheck>>;

/**
 * Builds the demand index of the checks' window (the last published weeks) for every tag, one
 * after another, so the first organisers after a release do not wait for it: the publication
 * jobs run it in every process after publishing (a no-op while the index is current).
 */
export async function warmGapCheck(db: Kysely<DB>): Promise<void> {
  const { publishedThrough, ...window } = await publishedWindow(db, {});
  if (!publishedThrough || window.weeks === 0) return;
  const taxonomy = await taxonomyNames(db);
  await warmDemandIndex(
    db,
    taxonomy.map((t) => t.slug),
    window,
  );
}

/** One entry per service: its nearest location. */
function nearestPerService<T extends { row: { serviceId: string }; km: number }>(rows: T[]): T[] {
  const best = new Map<string, T>();
  for (const r of rows) {
    const seen = best.get(r.row.serviceId);
    if (!seen || r.km < seen.km) best.set(r.row.serviceId, r);
  }
  return [...best.values()].sort((a, b) => a.km - b.km);
}

/** Same day and overlapping hours ('HH:MM' strings compare in time order). */
export function overlaps(
  proposed: ProposedSession[],
  existing: Pick<ScheduleRow, 'day' | 'startTime' | 'endTime'>[],
): boolean {
  return proposed.some((p) =>
    existing.some((e) => e.day === p.day && p.start < e.endTime && e.startTime < p.end),
  );
}

const kmText = (d: number) => (d < 0.1 ? 'under 0.1 km' : `${round1(d)} km`);

type Assessed = { row: { name: string }; km: number; misses: string[] };

function explain(
  verdict: Verdict,
  c: {
    scheduled: boolean;
    tagNames: string;
    radiusKm: number;
    demand: PublishedCount;
    weeks: number;
    partner?: Assessed | undefined;
    nearest?: Assessed | undefined;
    notable: Set<string>;
  },
): string {
  const need = `${c.demand.display} flags for ${c.tagNames} within ${c.radiusKm} km in the last ${c.weeks} published week${c.weeks === 1 ? '' : 's'}`;
  const barriers = c.notable.size ? ` Barriers most recorded: ${[...c.notable].join(', ')}.` : '';
  if (verdict === 'already_served' && c.partner) {
    return `Already served: ${c.partner.row.name} runs ${kmText(c.partner.km)} away${c.scheduled ? ' at an overlapping time' : ''}, is open to referrals and answers the recorded barriers — consider partnering with ${c.partner.row.name} rather than starting a new group. ${need}.`;
  }
  if (verdict === 'partly_served' && c.nearest) {
    return `Partly served: the nearest similar service, ${c.nearest.row.name} (${kmText(c.nearest.km)}), is ${c.nearest.misses.join(', ')}. A new group could fill that gap, or talk to ${c.nearest.row.name} about it. ${need}.${barriers}`;
  }
  return `Likely gap: no active service for ${c.tagNames} within ${c.radiusKm} km. ${need}.${barriers}`;
}

/** Searches that found nothing, said apart from the flags (empty when there were none). */
function missesText(misses: PublishedCount, tagNames: string): string {
  if (misses.value === 0) return '';
  return ` Separately, ${misses.display} directory searches for ${tagNames} near here found nothing (one per person per week).`;
}
