/**
 * WORKERS=1 vs WORKERS=2 on the same PostgreSQL bench data, same run, same machine: health
 * req/s, the warm borough need map (res 8) and flag ingest (single and 500-flag batches). Each
 * server is the compiled `server/main.ts` (dist/server/main.mjs) in a child process, exactly as `npm start` runs it.
 */
import {
  BENCH_ADMIN_EMAIL,
  BENCH_PASSWORD,
  benchServerEnv,
  benchLinkWorkerEmail,
} from './bench-db.js';
import { measure, type BenchRequest, type Measurement } from './measure.js';
import { signIn, startGapmapServer, untilStartJobsBegan, warmupPerRoute } from './server.js';
import { BOROUGH_BBOX, flagGenerator } from './world.js';
import { createRng } from '../fixtures/demo/random.js';

export const SCALING_ROUTES = [
  'health',
  'mapNeedsRes8',
  'ingestSingle',
  'ingestSingleSaturated',
  'ingestBatch',
] as const;

/**
 * Single flags again with this many connections: enough requests in flight to keep both cores
 * busy, so the figure is what the server can take (at 20 the two processes' groups hold ~4 flags
 * and each flag costs about twice the CPU).
 */
export const SATURATING_CONNECTIONS = 200;
export type ScalingResults = Record<
  '1' | '2',
  Record<(typeof SCALING_ROUTES)[number], Measurement>
>;

export async function measureScaling(options: {
  connections: number;
  duration: number;
  /** Seconds of each load before it is measured (measure's `warmup`). */
  warmup: number;
  /**
   * Waits until the server (and the machine) is idle: every worker warms its caches after it
   * starts (~6 CPU-seconds each at 10M flags), which measured WORKERS=2's health at a third of its
   * rate when the runs began as soon as the server answered.
   */
  settle: (url: string, pid?: number) => Promise<void>;
}): Promise<ScalingResults> {
  const results = {} as ScalingResults;
  for (const workers of ['1', '2'] as const) {
    const server = await startGapmapServer(benchServerEnv({ WORKERS: workers }));
    try {
      await untilStartJobsBegan(server);
      const login = (email: string) => signIn(server.url, email, BENCH_PASSWORD);
      const admin = await login(BENCH_ADMIN_EMAIL);
      const linkWorkers = [
        await login(benchLinkWorkerEmail(0)),
        await login(benchLinkWorkerEmail(1)),
        await login(benchLinkWorkerEmail(2)),
      ];
      const rng = createRng(7);
      const nextFlag = flagGenerator(rng, new Date());
      const flagBody = () => {
        const f = nextFlag();
        return { tags: f.tags, lat: f.lat, lng: f.lng, barriers: f.barriers, ageBand: f.ageBand };
      };
      const warmupFor = warmupPerRoute(options.warmup);
      const run = async (
        name: (typeof SCALING_ROUTES)[number],
        request: BenchRequest | (() => BenchRequest),
        connections = options.connections,
      ) => {
        await options.settle(server.url, server.pid);
        console.error(`measuring ${name} with WORKERS=${workers}, ${connections} connections…`);
        return measure({
          url: server.url,
          request,
          connections,
          duration: options.duration,
          // The first measurement of each route on this server: a longer warm-up, as the baseline's.
          warmup: warmupFor(request),
        });
      };
      const map = `/api/v1/map/needs?bbox=${BOROUGH_BBOX.join(',')}&res=8`;
      const health = await run('health', { method: 'GET', path: '/api/health' });
      // Warm in every process: ask a few times first (each process has its own cache).
      for (let i = 0; i < 8; i++)
        await (await fetch(`${server.url}${map}`, { headers: admin })).arrayBuffer();
      const mapNeedsRes8 = await run('mapNeedsRes8', { method: 'GET', path: map, headers: admin });
      const singleFlag = (): BenchRequest => ({
        method: 'POST',
        path: '/api/v1/needs',
        headers: rng.pick(linkWorkers),
        body: JSON.stringify(flagBody()),
      });
      const ingestSingle = await run('ingestSingle', singleFlag);
      const ingestSingleSaturated = await run(
        'ingestSingleSaturated',
        singleFlag,
        SATURATING_CONNECTIONS,
      );
      const ingestBatch = await run('ingestBatch', () => ({
        method: 'POST',
        path: '/api/v1/needs/batch',
        headers: rng.pick(linkWorkers),
        body: JSON.stringify({ items: Array.from({ length: 500 }, flagBody) }),
      }));
      results[workers] = {
        health,
        mapNeedsRes8,
        ingestSingle,
        ingestSingleSaturated,
        ingestBatch,
      };
    } catch (err) {
      console.error(server.stderr());
      throw err;
    } finally {
      await server.stop();
    }
  }
  return results;
}

/** A markdown table: one row per route, WORKERS=1 and 2 side by side, and the ratio. */
export function formatScaling(results: ScalingResults): string {
  const figure = (route: (typeof SCALING_ROUTES)[number], m: Measurement) => {
    const ok = Object.entries(m.statuses)
      .filter(([s]) => s.startsWith('2'))
      .reduce((n, [, c]) => n + c, 0);
    const bad =
      m.errors +
      Object.entries(m.statuses)
        .filter(([s]) => !s.startsWith('2'))
        .reduce((n, [, c]) => n + c, 0);
    const rate =
      route === 'ingestBatch'
        ? `${Math.round(m.reqPerSec * 500)} flags/s`
        : route === 'ingestSingle' || route === 'ingestSingleSaturated'
          ? `${Math.round(m.reqPerSec)} flags/s`
          : `${m.reqPerSec} req/s`;
    return `${rate} (p95 ${m.p95} ms${bad ? `, ${bad} not 2xx of ${ok + bad}` : ''})`;
  };
  const names = {
    health: 'GET /api/health',
    mapNeedsRes8: 'GET /map/needs borough res 8 (warm)',
    ingestSingle: 'POST /needs (single)',
    ingestSingleSaturated: `POST /needs (single), ${SATURATING_CONNECTIONS} connections`,
    ingestBatch: 'POST /needs/batch (500)',
  };
  const lines = ['| route | WORKERS=1 | WORKERS=2 | 2 vs 1 |', '|---|---|---|---|'];
  for (const route of SCALING_ROUTES) {
    const one = results['1'][route];
    const two = results['2'][route];
    lines.push(
      `| ${names[route]} | ${figure(route, one)} | ${figure(route, two)} | ${(two.reqPerSec / Math.max(one.reqPerSec, 0.001)).toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}
