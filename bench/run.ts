/**
 * `npm run bench [-- --duration 10 --connections 20]` over the data from `npm run bench:data`.
 *
 * 1. In this process, before any server opens the database (PGlite allows one process): the
 *    map aggregate by GROUP BY over need_flags vs through need_counts.
 * 2. A bare Hono hello-world child process: the GET /api/health baseline. Stopped.
 * 3. The real server (server/main.ts, compiled as `npm start` runs it) as a child process over
 *    the bench data — autocannon runs here, so client and server never share an event loop —
 *    and each route in turn.
 * 4. On PostgreSQL: the server again with WORKERS=1 and WORKERS=2 (bench/scaling.ts).
 * 5. `npm start` itself on a fresh embedded database, then three more starts, timed to the first
 *    answer (bench/restart.ts).
 * Prints a table and writes bench/results.json. Ingest writes real flags into the bench data.
 * `--scaling-only` runs step 4 alone (and writes bench/scaling.json).
 */
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  BENCH_ADMIN_EMAIL,
  BENCH_PASSWORD,
  benchServerEnv,
  benchLinkWorkerEmail,
  describeBenchDatabase,
  openBenchDatabase,
} from './bench-db.js';
import { compareAggregates, type AggregateComparison } from './compare.js';
import { measure, type BenchRequest, type Measurement } from './measure.js';
import { formatTable, judge, type Row, type ScaleFigures } from './report.js';
import { measureRestarts } from './restart.js';
import { memoryAfterViews, rssMb, singleRequestSeries } from './series.js';
import { formatScaling, measureScaling } from './scaling.js';
import {
  freshProcessWarmup,
  warmupPerRoute,
  signIn,
  startGapmapServer,
  startHelloServer,
  untilStartJobsBegan,
} from './server.js';
import { BOROUGH_BBOX, flagGenerator } from './world.js';
import { createRng } from '../fixtures/demo/random.js';
import { TAG_SLUGS } from '../fixtures/demo/taxonomy.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '20' },
    out: { type: 'string' },
    'scaling-only': { type: 'boolean', default: false },
    views: { type: 'string', default: '500' },
    'single-runs': { type: 'string', default: '20' },
  },
});
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);

if (args['scaling-only']) {
  if (!process.env.DATABASE_URL)
    throw new Error('--scaling-only needs DATABASE_URL (WORKERS=2 runs on PostgreSQL only)');
  const scaling = await measureScaling({ connections, duration, warmup, settle });
  console.log(formatScaling(scaling));
  const out = args.out ?? 'bench/scaling.json';
  await writeFile(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version }, settings: { duration, connections }, scaling }, null, 2)}\n`,
  );
  console.error(`wrote ${out}`);
  process.exit(0);
}

// 1. Data size and the roll-up comparison, with the database to ourselves.
const database = await openBenchDatabase(2);
let comparison: AggregateComparison;
let data: { needFlags: number; needCounts: number; services: number; locations: number };
try {
  const count = async (table: 'needFlags' | 'needCounts' | 'services' | 'locations') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  data = {
    needFlags: await count('needFlags'),
    needCounts: await count('needCounts'),
    services: await count('services'),
    locations: await count('locations'),
  };
  if (!data.needFlags)
    throw new Error(`no bench data in ${describeBenchDatabase()}: run npm run bench:data first`);
  console.error(`bench over ${describeBenchDatabase()}: ${JSON.stringify(data)}`);
  comparison = await compareAggregates(database.db);
} finally {
  await database.close();
}
const dbKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

// 2. Baseline.
const results: Record<string, Measurement> = {};
/** The server's resident MB after each measurement, in order. */
const rssAfter: Record<string, number> = {};
const scale: ScaleFigures = { series: {}, memory: null };
const hello = await startHelloServer();
try {
  // On an idle machine, as every later measurement is: one run's baseline came out at 6,677
  // req/s against 11,362 in the run before on the same VM, which made the ratio 1.53.
  await settle(hello.url, hello.pid);
  results.helloHealth = await measure({
    url: hello.url,
    request: { method: 'GET', path: '/api/health' },
    connections,
    duration,
    warmup: freshProcessWarmup(warmup),
  });
} finally {
  await hello.stop();
}

// 3. The real server.
const server = await startGapmapServer(benchServerEnv());
try {
  await untilStartJobsBegan(server);
  const login = (email: string) => signIn(server.url, email, BENCH_PASSWORD);
  const admin = await login(BENCH_ADMIN_EMAIL);
  const linkWorkers = [
    await login(benchLinkWorkerEmail(0)),
    await login(benchLinkWorkerEmail(1)),
    await login(benchLinkWorkerEmail(2)),
  ];
  const rng = createRng(99);
  const nextFlag = flagGenerator(rng, new Date());
  const flagBody = () => {
    const f = nextFlag();
    return { tags: f.tags, lat: f.lat, lng: f.lng, barriers: f.barriers, ageBand: f.ageBand };
  };
  // As a browser asks: it takes gzip.
  const get = (path: string, headers = admin): BenchRequest => ({
    method: 'GET',
    path,
    headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' },
  });
  const warmupFor = warmupPerRoute(warmup);
  const run = async (name: string, request: BenchRequest | (() => BenchRequest)) => {
    // autocannon stops sending at the deadline, but requests already sent are still being
    // served: wait for the server to drain them so they do not slow the next measurement.
    await settle(server.url, server.pid);
    console.error(`measuring ${name}…`);
    results[name] = await measure({
      url: server.url,
      request,
      connections,
      duration,
      warmup: warmupFor(request),
    });
    // Which load grows the server's memory (V8 keeps the heap it grew to).
    rssAfter[name] = rssMb(server.pid);
  };
  const bbox = BOROUGH_BBOX.join(',');
  const point = () => {
    const f = nextFlag();
    return { lat: f.lat, lng: f.lng };
  };

  // A window no earlier request asked for (about 900 combinations): nothing cached can answer it.
  const freshWindow = () => {
    const weeks = 4 + Math.floor(rng.next() * 23);
    const end = new Date(Date.now() - Math.floor(rng.next() * 40) * 7 * 86_400_000);
    const start = new Date(end.getTime() - (weeks - 1) * 7 * 86_400_000);
    return `from=${start.toISOString().slice(0, 10)}&to=${end.toISOString().slice(0, 10)}`;
  };

  // The first measurement of this process (and of each route: warmupPerRoute): a longer warm-up,
  // as the baseline's.
  await run('health', get('/api/health', {} as typeof admin));
  // Warm: the same view again (many people on the same area; a pan inside the same cover).
  await run('mapNeedsRes8', get(`/api/v1/map/needs?bbox=${bbox}&res=8`));
  await run('mapNeedsRes7', get(`/api/v1/map/needs?bbox=${bbox}&res=7`));
  // The same warm view while Link Workers write about 200 flags a second: published answers are
  // cached per release, so flag writes must not slow them (compared with mapNeedsRes8 above).
  {
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const started = Date.now();
        await (
          await fetch(`${server.url}/api/v1/needs/batch`, {
            method: 'POST',
            headers: { ...rng.pick(linkWorkers), 'content-type': 'application/json' },
            body: JSON.stringify({ items: Array.from({ length: 20 }, flagBody) }),
          })
        ).arrayBuffer();
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))));
      }
    })();
    try {
      await run('mapNeedsRes8UnderWrites', get(`/api/v1/map/needs?bbox=${bbox}&res=8`));
    } finally {
      writing = false;
      await writer;
    }
  }
  // Warm means every tag's ranking was asked for once before (the first asker pays the cold cost).
  for (const tag of TAG_SLUGS)
    await (
      await fetch(`${server.url}/api/v1/gaps?by=cell&tag=${tag}&limit=50`, { headers: admin })
    ).arrayBuffer();
  await run('gaps', () => get(`/api/v1/gaps?by=cell&tag=${rng.pick(TAG_SLUGS)}&limit=50`));
  // Cold: every request computed from the roll-ups.
  await run('mapNeedsRes8Cold', () => get(`/api/v1/map/needs?bbox=${bbox}&res=8&${freshWindow()}`));
  await run('gapsCold', () =>
    get(`/api/v1/gaps?by=cell&tag=${rng.pick(TAG_SLUGS)}&limit=50&${freshWindow()}`),
  );
  await run('gapCheck', () => ({
    method: 'POST',
    path: '/api/v1/gap-check',
    headers: admin,
    body: JSON.stringify({ tags: [rng.pick(TAG_SLUGS)], ...point() }),
  }));
  await run('servicesNear', () => {
    const p = point();
    return get(`/api/v1/services?tag=${rng.pick(TAG_SLUGS)}&near=${p.lat},${p.lng}&radiusKm=2`);
  });
  // Issue 23: single uncached requests one at a time, the 50th run against the 1st, then memory
  // after many different views (caches bounded by bytes).
  await settle(server.url, server.pid);
  console.error('measuring single requests…');
  scale.series = await singleRequestSeries(server.url, admin, bbox, Number(args['single-runs']));
  rssAfter.singleRequests = rssMb(server.pid);
  console.error(`measuring memory after ${args.views} views…`);
  scale.memory = await memoryAfterViews(
    server.url,
    admin,
    server.pid,
    BOROUGH_BBOX,
    Number(args.views),
  );
  await run('ingestSingle', () => ({
    method: 'POST',
    path: '/api/v1/needs',
    headers: rng.pick(linkWorkers),
    body: JSON.stringify(flagBody()),
  }));
  await run('ingestBatch', () => ({
    method: 'POST',
    path: '/api/v1/needs/batch',
    headers: rng.pick(linkWorkers),
    body: JSON.stringify({ items: Array.from({ length: 500 }, flagBody) }),
  }));
} catch (err) {
  console.error(server.stderr());
  throw err;
} finally {
  await server.stop();
}

// 4. One process against two, on PostgreSQL (PGlite is one process).
const scaling =
  dbKind === 'postgres' ? await measureScaling({ connections, duration, warmup, settle }) : null;
if (scaling) scale.twoWorkers = scaling['2'];
// 5. A second `npm start` on the embedded database (the README's first command), nothing changed.
console.error('measuring a second npm start…');
scale.restarts = await measureRestarts(3);
const rows: Row[] = judge(results, comparison, dbKind, scale);

/**
 * Waits (up to a minute) until the server has drained: a lone health check answers quickly and,
 * when its process id is known, the process has stopped working (under a tenth of a core over half
 * a second). autocannon stops sending at its deadline, but requests already sent are still served
 * (queued rankings run on for seconds between quick health answers), and they must not slow the
 * next measurement.
 */
async function settle(url: string, pid?: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  while (Date.now() < deadline) {
    const started = performance.now();
    await (await fetch(`${url}/api/health`)).arrayBuffer();
    if (performance.now() - started >= 50) {
      await pause(250);
      continue;
    }
    if (pid === undefined) return;
    // The server idle, and the machine too: work the server started in the background (the
    // publication jobs warming the gap check's index at start) keeps PostgreSQL busy while the
    // server itself waits, and would be measured as the next route's slowness.
    const before = { server: cpuSeconds(pid), machine: machineBusySeconds() };
    await pause(500);
    if (cpuSeconds(pid) - before.server < 0.05 && machineBusySeconds() - before.machine < 0.1)
      return;
  }
}

/** CPU seconds a process has used so far (user and system), from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds every core has spent busy so far (all but idle and iowait), from /proc/stat. */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  return (n.reduce((a, b) => a + b, 0) - n[3]! - n[4]!) / 100;
}
console.log(formatTable(rows));
if (scaling) console.log(`\n${formatScaling(scaling)}`);
const report = {
  at: new Date().toISOString(),
  database: dbKind,
  data,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
  settings: {
    duration,
    connections,
    note: 'server and baseline as child processes on 127.0.0.1; LOG_LEVEL=error',
  },
  aggregateComparison: comparison,
  measurements: results,
  singleRequests: scale.series,
  restarts: scale.restarts,
  memory: scale.memory,
  rssAfterMb: rssAfter,
  rows,
  scaling,
};
await writeFile(args.out ?? 'bench/results.json', `${JSON.stringify(report, null, 2)}\n`);
console.error(`wrote ${args.out ?? 'bench/results.json'}`);
const failed = rows.filter((r) => r.status === 'fail');
if (failed.length)
  console.error(`${failed.length} goal(s) missed: ${failed.map((r) => r.name).join(', ')}`);
