/**
 * `npm run test:load [-- --connections 200 --duration 30 --postgres <url> --workers 2]`: the real
 * server (compiled, as `npm start` runs it; a child process on a free loopback port, with the demo
 * world in in-memory PGlite, or with --postgres in a fresh database created on that server and
 * dropped after, served by `--workers` processes) under 200 concurrent connections sending a mix
 * of reads and flag writes for 30 s. Passes with no socket errors, no timeouts and no answer outside 2xx; prints the p99. Exits non-zero on failure.
 */
import { parseArgs } from 'node:util';
import { openPostgresJs } from '../db/postgres-url.js';
import { createRng } from '../fixtures/demo/random.js';
import { failures, measure, type BenchRequest } from './measure.js';
import { signIn, startGapmapServer } from './server.js';
import { BOROUGH_BBOX, flagGenerator } from './world.js';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '30' },
    postgres: { type: 'string' },
    workers: { type: 'string', default: '1' },
  },
});
if (args.workers !== '1' && !args.postgres)
  throw new Error('--workers above 1 needs --postgres (PGlite is one process)');
const DEMO_PASSWORD = 'gapmap-demo-2026';
/** Tags the demo world uses, so reads find rows. */
const TAGS = ['befriending', 'mens-groups', 'benefits-advice', 'esol-classes', 'walking-groups'];

const scratch = args.postgres ? await createScratchDatabase(args.postgres) : null;
const server = await startGapmapServer({
  ...(scratch ? { DATABASE_URL: scratch.url } : { PGLITE_DIR: 'memory://' }),
  DEMO: '1',
  CELL_KEY_SECRET: 'gapmap-load-test-cell-key-secret',
  REFERRAL_CONTACT_KEY: 'bG9hZC10ZXN0LXJlZmVycmFsLWNvbnRhY3Qta2V5LTM=',
  FLAG_RATE_LIMIT_PER_HOUR: '100000000',
  WORKERS: args.workers,
}).catch(async (err) => {
  await scratch?.drop();
  throw err;
});
let ok = false;
try {
  const login = (email: string) => signIn(server.url, email, DEMO_PASSWORD);
  const admin = await login('admin@demo.gapmap');
  const linkWorker = await login('linkworker@demo.gapmap');
  const rng = createRng(2026);
  const nextFlag = flagGenerator(rng, new Date());
  const bbox = BOROUGH_BBOX.join(',');
  const near = () =>
    `${rng.between(51.505, 51.535).toFixed(4)},${rng.between(-0.07, -0.02).toFixed(4)}`;

  // Weighted like a working day: mostly reads of the directory and the map, some flagging.
  const mix: [number, () => BenchRequest][] = [
    [1, () => ({ method: 'GET', path: '/api/health' })],
    [1, () => ({ method: 'GET', path: '/api/v1/taxonomy', headers: linkWorker })],
    [
      3,
      () => ({
        method: 'GET',
        path: `/api/v1/services?tag=${rng.pick(TAGS)}&limit=20`,
        headers: linkWorker,
      }),
    ],
    [
      2,
      () => ({
        method: 'GET',
        path: `/api/v1/services?near=${near()}&radiusKm=2`,
        headers: linkWorker,
      }),
    ],
    [
      2,
      () => ({ method: 'GET', path: `/api/v1/services.geojson?bbox=${bbox}`, headers: linkWorker }),
    ],
    [
      3,
      () => ({
        method: 'GET',
        path: `/api/v1/map/needs?bbox=${bbox}&res=${rng.pick([7, 8])}`,
        headers: admin,
      }),
    ],
    [
      1,
      () => ({
        method: 'GET',
        path: `/api/v1/gaps?by=cell&tag=${rng.pick(TAGS)}&limit=20`,
        headers: admin,
      }),
    ],
    [
      1,
      () => {
        const [lat, lng] = near().split(',').map(Number);
        return {
          method: 'POST',
          path: '/api/v1/gap-check',
          headers: admin,
          body: JSON.stringify({ tags: [rng.pick(TAGS)], lat, lng }),
        };
      },
    ],
    [
      2,
      () => {
        const f = nextFlag();
        return {
          method: 'POST',
          path: '/api/v1/needs',
          headers: linkWorker,
          body: JSON.stringify({
            tags: f.tags,
            lat: f.lat,
            lng: f.lng,
            barriers: f.barriers,
            ageBand: f.ageBand,
          }),
        };
      },
    ],
  ];
  const total = mix.reduce((n, [w]) => n + w, 0);
  const pick = (): BenchRequest => {
    let r = rng.next() * total;
    for (const [w, make] of mix) if ((r -= w) < 0) return make();
    return mix[0]![1]();
  };

  // Every request in the mix must work before we load it: a 4xx here is a broken mix, not load.
  for (const [, make] of mix) {
    const r = make();
    const res = await fetch(`${server.url}${r.path}`, {
      method: r.method,
      headers: { ...(r.headers ?? {}), ...(r.body ? { 'content-type': 'application/json' } : {}) },
      body: r.body,
    });
    if (!res.ok)
      throw new Error(
        `${r.method} ${r.path.split('?')[0]} answered ${res.status} before the load started`,
      );
    await res.arrayBuffer();
  }

  const connections = Number(args.connections);
  const duration = Number(args.duration);
  console.error(`load: ${connections} connections for ${duration} s against ${server.url}`);
  const m = await measure({
    url: server.url,
    request: pick,
    opening: { method: 'GET', path: '/api/health' },
    connections,
    duration,
  });
  const bad = failures(m);
  const fiveHundreds = Object.entries(m.statuses)
    .filter(([s]) => s.startsWith('5'))
    .reduce((n, [, c]) => n + c, 0);
  console.log(
    `requests ${m.requests} (${m.reqPerSec} req/s) · p50 ${m.p50} ms · p95 ${m.p95} ms · p99 ${m.p99} ms · max ${m.max} ms`,
  );
  console.log(
    `connections answered ${m.connectionsAnswered}/${connections} · opening health checks ${m.openings}`,
  );
  console.log(
    `statuses ${JSON.stringify(m.statuses)} · socket errors/timeouts ${m.errors} ${JSON.stringify(m.errorKinds)} · 5xx ${fiveHundreds}`,
  );
  ok = m.requests > 0 && m.errors === 0 && bad === 0 && m.connectionsAnswered === connections;
  console.log(
    ok
      ? 'load test passed'
      : 'load test FAILED: every request must answer 2xx with no socket errors',
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  console.error(server.stderr());
} finally {
  await server.stop();
  await scratch?.drop();
}
process.exit(ok ? 0 : 1);

/** A new, empty database on the given PostgreSQL server (the server seeds the demo world into it). */
async function createScratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(serverUrl);
  const name = `gapmap_load_${process.pid}_${Date.now()}`;
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = openPostgresJs(maintenance.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
