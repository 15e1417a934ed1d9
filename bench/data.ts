/**
 * `npm run bench:data -- --flags 1000000 --services 20000 [--link-workers 200] [--writers 2] [--batch N] [--reset]`
 *
 * Generates the benchmark region deterministically (seeded PRNG): bench accounts, ward-sized
 * areas, a directory of services and need flags. Flags go through the need-flags feature's real
 * bulk write path, `insertNeedFlags` — the one the batch route uses — one transaction per batch,
 * and are folded into the roll-ups as in production (`foldPendingFlags`, after each batch); they
 * are written week by week, a whole week a batch unless `--batch` is smaller (at most 250,000 by
 * default), and each fold takes everything queued at once, so it sums its week's roll-up rows and
 * writes each once.
 * Progress (rows/s) goes to stderr.
 */
import { addWeeks, londonWeek } from '../server/releases/calendar.js';
import { publishThrough } from '../server/releases/releases.js';
import { parseArgs } from 'node:util';
import { cellsToMultiPolygon, gridDisk } from 'h3-js';
import { sql } from 'kysely';
import { migrateDownAll, migrateToLatest } from '../db/migrate.js';
import { createRng } from '../fixtures/demo/random.js';
import { seedTaxonomy } from '../fixtures/demo/taxonomy.js';
import { hashPassword } from '../server/auth/passwords.js';
import type { PreparedFlag } from '../server/needs/needs.js';
import { insertNeedFlags } from '../server/needs/queries.js';
import { foldPendingFlags } from '../server/needs/pending.js';
import {
  BENCH_ADMIN_EMAIL,
  BENCH_PASSWORD,
  benchLinkWorkerEmail,
  describeBenchDatabase,
  openBenchDatabase,
  progressLine,
} from './bench-db.js';
import { flagGenerator, insertSyntheticServices, regionCells } from './world.js';

const { values: args } = parseArgs({
  options: {
    flags: { type: 'string', default: '100000' },
    services: { type: 'string', default: '20000' },
    'link-workers': { type: 'string', default: '200' },
    batch: { type: 'string' },
    writers: { type: 'string', default: '2' },
    seed: { type: 'string', default: '20260126' },
    reset: { type: 'boolean', default: false },
  },
});
const count = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const flags = count('flags');
const services = count('services');
const linkWorkers = Math.max(1, count('link-workers'));
/** Flags fall in the 52 weeks before this one. */
const WEEKS = 52;
// A whole week a batch (at most MAX_BATCH by default, to bound memory). A 10M-flag week used to
// be written as two batches, each folded in 50,000-flag chunks, so most of its roll-up rows were
// written four times; folded at once, one such week's fold took 27–29 % less time (the fold is
// what bounds this command: PostgreSQL's folder runs the whole time, one at a time).
const MAX_BATCH = 250_000;
const batch = Math.max(
  1,
  args.batch === undefined ? Math.min(MAX_BATCH, Math.ceil(flags / WEEKS)) : count('batch'),
);
const writers = Math.max(1, count('writers'));
const rng = createRng(count('seed'));

const database = await openBenchDatabase();
const db = database.db;
console.error(
  `bench data → ${describeBenchDatabase()}: ${flags.toLocaleString('en-GB')} flags, ${services.toLocaleString('en-GB')} services`,
);
try {
  if (args.reset) await migrateDownAll(db);
  await migrateToLatest(db);
  const existing = await db.selectFrom('users').select('id').limit(1).execute();
  if (existing.length)
    throw new Error('the bench database already has data; add --reset to start again');

  await db.transaction().execute(async (trx) => {
    await seedTaxonomy(trx);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    await trx
      .insertInto('users')
      .values({ email: BENCH_ADMIN_EMAIL, name: 'Bench admin', role: 'admin', passwordHash })
      .execute();
    await trx
      .insertInto('users')
      .values(
        Array.from({ length: linkWorkers }, (_, i) => ({
          email: benchLinkWorkerEmail(i),
          name: `Bench link worker ${i}`,
          role: 'link_worker' as const,
          passwordHash,
        })),
      )
      .execute();
    await insertWards(trx);
  });

  let started = performance.now();
  await insertSyntheticServices(db, rng, services, {
    batch: 1_000,
    progress: (n) => progressLine('services', n, services, started),
  });

  const userIds = (
    await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'link_worker')
      .orderBy('email')
      .execute()
  ).map((u) => u.id);
  const nextFlag = flagGenerator(rng, new Date(), WEEKS);
  started = performance.now();
  // Week by week, in batches of at most `batch` flags, `writers` batches in flight at once (each
  // its own transaction on its own connection; the next batch is generated while the database
  // writes the previous ones), each folded into the roll-ups once it has committed: a fold sums
  // a batch's roll-up rows before writing them, so a batch that holds a whole week writes each of
  // that week's roll-up rows once, instead of once per few thousand flags: append, then merge.
  let written = 0;
  let b = 0;
  const inFlight = new Set<Promise<void>>();
  for (let weeksAgo = 0; weeksAgo < WEEKS; weeksAgo++) {
    const inWeek = Math.floor(flags / WEEKS) + (weeksAgo < flags % WEEKS ? 1 : 0);
    for (let queued = 0; queued < inWeek; b++) {
      const size = Math.min(batch, inWeek - queued);
      queued += size;
      const prepared: PreparedFlag[] = Array.from({ length: size }, () => {
        const f = nextFlag(weeksAgo);
        return {
          tags: f.tags,
          cell: f.cell,
          week: f.week,
          barriers: f.barriers,
          ageBand: f.ageBand,
          language: null,
          note: null,
        };
      });
      const write: Promise<void> = db
        .transaction()
        .execute((trx) => insertNeedFlags(trx, userIds[b % userIds.length]!, prepared))
        // One chunk for whatever is queued (this batch and any other already in): each roll-up
        // row of its week written once.
        .then(() => foldPendingFlags(db, { chunk: batch * writers }))
        .then(() => {
          inFlight.delete(write);
          written += size;
          progressLine('need flags', written, flags, started);
        });
      inFlight.add(write);
      if (inFlight.size >= writers) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  // Every week before this one is published, as the scheduler would have done: aggregates read published weeks only.
  const published = await publishThrough(db, {
    through: addWeeks(londonWeek(new Date()), -1),
    reason: 'seed',
  });
  console.error(`published ${published.length} weeks`);
  // Planner statistics and the visibility map, as autovacuum (PostgreSQL) or the publication
  // jobs (PGlite, statistics) would keep them: index-only scans of the roll-ups need the latter.
  await sql`vacuum analyze`.execute(db);
  const [flagRows, countRows] = await Promise.all([
    db
      .selectFrom('needFlags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('needCounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  console.error(
    `done: ${Number(flagRows.n).toLocaleString('en-GB')} need_flags rows, ${Number(countRows.n).toLocaleString('en-GB')} need_counts rows`,
  );
} finally {
  await database.close();
}

/** Forty ward-sized areas (7 res-8 cells each, about 5 km²) spread over the region, with real hexagon outlines. */
async function insertWards(trx: Parameters<typeof seedTaxonomy>[0]): Promise<void> {
  const cells = regionCells();
  for (let i = 0; i < 40; i++) {
    const cover = gridDisk(cells[(i * 11) % cells.length]!, 1);
    const outline = cellsToMultiPolygon(cover, true);
    const points = outline.flat(2);
    const lngs = points.map((p) => p[0]!);
    const lats = points.map((p) => p[1]!);
    const area = await trx
      .insertInto('areas')
      .values({
        code: `E0599${String(i).padStart(4, '0')}`,
        name: `Bench ward ${i + 1}`,
        kind: 'ward',
        geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: outline }),
        bbox: JSON.stringify([
          Math.min(...lngs),
          Math.min(...lats),
          Math.max(...lngs),
          Math.max(...lats),
        ]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('areaCells')
      .values(cover.map((cell) => ({ areaId: area.id, cell })))
      .execute();
  }
}
