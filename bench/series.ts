/**
 * Requests one at a time (no concurrency): what one person waits for an answer nobody asked for
 * before, whether the 50th run of the same statement is as fast as the 1st (no plan flip), and
 * how much memory the server holds after many different views. Used by `npm run bench` and, alone,
 * by `npx tsx bench/series.ts [runs] [repeats] [views]` over the bench data (before/after
 * figures for one change).
 */
import { readFileSync } from 'node:fs';
import { TAG_SLUGS } from '../fixtures/demo/taxonomy.js';
import { percentile } from './measure.js';

export interface Series {
  runs: number;
  p50: number;
  p95: number;
  first: number;
  last: number;
  /** Median of the last five runs over the median of the first five (1 = no slower). */
  lateOverEarly: number;
  errors: number;
}

const round = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** Times `runs` GETs one after another; `path(i)` may differ per run. */
export async function sequential(
  url: string,
  headers: Record<string, string>,
  path: (i: number) => string,
  runs: number,
): Promise<Series> {
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${url}${path(i)}`, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) errors++;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const early = median(times.slice(0, 5));
  return {
    runs,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    first: round(times[0] ?? 0),
    last: round(times.at(-1) ?? 0),
    lateOverEarly: Math.round((median(times.slice(-5)) / Math.max(early, 0.1)) * 100) / 100,
    errors,
  };
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
}

const DAY_MS = 86_400_000;
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A 12-week window ending `ago` weeks before last week: every one holds published data of the same size. */
export function windowEndingWeeksAgo(ago: number, weeks = 12, now = Date.now()): string {
  const end = now - (ago + 1) * 7 * DAY_MS;
  return `from=${ymd(end - (weeks - 1) * 7 * DAY_MS)}&to=${ymd(end)}`;
}

/**
 * The single-request series of issue 23 against a running server: no-tag /gaps by cell and by
 * area, each on a window nobody asked for before; the same raw (never cached) no-tag ranking 50
 * times; the map at res 8 and 7 uncached.
 */
export async function singleRequestSeries(
  url: string,
  admin: Record<string, string>,
  bbox: string,
  runs = 20,
  repeats = 50,
) {
  // Windows 0..runs-1 weeks back; each series starts further back so none answers from another's cache.
  const fresh = (offset: number) => (i: number) => windowEndingWeeksAgo(offset + i);
  return {
    gapsNoTagCell: await sequential(
      url,
      admin,
      (i) => `/api/v1/gaps?by=cell&limit=50&${fresh(0)(i)}`,
      runs,
    ),
    gapsNoTagArea: await sequential(
      url,
      admin,
      (i) => `/api/v1/gaps?by=area&limit=50&${fresh(0)(i)}`,
      runs,
    ),
    gapsNoTag50: await sequential(
      url,
      admin,
      () => `/api/v1/gaps?by=cell&limit=50&raw=1&${windowEndingWeeksAgo(2)}`,
      repeats,
    ),
    mapRes8: await sequential(
      url,
      admin,
      (i) => `/api/v1/map/needs?bbox=${bbox}&res=8&${fresh(0)(i)}`,
      runs,
    ),
    mapRes7: await sequential(
      url,
      admin,
      (i) => `/api/v1/map/needs?bbox=${bbox}&res=7&${fresh(0)(i)}`,
      runs,
    ),
  };
}

/**
 * `views` different published answers (map views of small boxes at res 8 and 7, rankings by tag,
 * unit and window), one at a time, then the server's resident memory: caches must stay bounded.
 */
export async function memoryAfterViews(
  url: string,
  admin: Record<string, string>,
  pid: number,
  bbox: readonly number[],
  views = 500,
) {
  const [minLng, minLat, maxLng, maxLat] = bbox as [number, number, number, number];
  const tags = TAG_SLUGS;
  let errors = 0;
  for (let i = 0; i < views; i++) {
    const w = windowEndingWeeksAgo(i % 30, 4 + (i % 9));
    let path: string;
    if (i % 4 === 3) {
      path = `/api/v1/gaps?by=${['cell', 'area', 'cell7'][i % 3]}&limit=50&${w}${i % 8 === 3 ? '' : `&tag=${tags[i % tags.length]}`}`;
    } else {
      const x = minLng + ((i * 7) % 10) * ((maxLng - minLng) / 10);
      const y = minLat + ((i * 3) % 10) * ((maxLat - minLat) / 10);
      path = `/api/v1/map/needs?bbox=${[x, y, x + (maxLng - minLng) / 3, y + (maxLat - minLat) / 3].map((n) => n.toFixed(4)).join(',')}&res=${i % 2 ? 8 : 7}&${w}`;
    }
    const res = await fetch(`${url}${path}`, { headers: admin });
    await res.arrayBuffer();
    if (res.status !== 200) errors++;
  }
  return { views, rssMb: rssMb(pid), errors };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startGapmapServer } = await import('./server.js');
  const { BENCH_ADMIN_EMAIL, BENCH_PASSWORD, benchServerEnv } = await import('./bench-db.js');
  const { BOROUGH_BBOX } = await import('./world.js');
  const server = await startGapmapServer(benchServerEnv({ LOG_LEVEL: 'error' }));
  try {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: BENCH_ADMIN_EMAIL, password: BENCH_PASSWORD }),
    });
    const admin = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
    console.log(
      JSON.stringify(
        await singleRequestSeries(
          server.url,
          admin,
          BOROUGH_BBOX.join(','),
          Number(process.argv[2] ?? 20),
          Number(process.argv[3] ?? 50),
        ),
        null,
        1,
      ),
    );
    const views = Number(process.argv[4] ?? 0);
    if (views > 0)
      console.log(
        JSON.stringify(await memoryAfterViews(server.url, admin, server.pid, BOROUGH_BBOX, views)),
      );
  } finally {
    await server.stop();
  }
}
