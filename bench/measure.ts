/**
 * One autocannon run → the figures the bench reports. autocannon's own summary has no p95, so
 * every response time is collected here and the percentiles are computed from the full list.
 */
import autocannon from 'autocannon';

export interface BenchRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface MeasureOptions {
  url: string;
  /** One request, or a function called per request (a mix, or bodies that must differ). */
  request: BenchRequest | (() => BenchRequest);
  connections: number;
  /** Seconds. */
  duration: number;
  /** A cheap request every connection is answered before the mix begins (see `openings` below). */
  opening?: BenchRequest;
  /** Stop after this many requests instead of a duration. */
  amount?: number;
  /**
   * Seconds of the same load first, not counted: the server's JIT and heap settle (a fresh
   * process answered health 40% faster in its second 10 s than in its first), as the baseline's do.
   */
  warmup?: number;
}

export interface Measurement {
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Socket errors and timeouts (no HTTP answer at all). */
  errors: number;
  /** Those errors by kind (error code or message), to say what went wrong. */
  errorKinds: Record<string, number>;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Requests sent as `opening` before the mix began: in `statuses`, not in the latencies or `requests`. */
  openings: number;
  /** Connections that got at least one answer. */
  connectionsAnswered: number;
}

/** The q-quantile (0..1) of sorted values, by the nearest-rank method. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export async function measure(options: MeasureOptions): Promise<Measurement> {
  if (options.warmup) await measure({ ...options, duration: options.warmup, warmup: 0 });
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  const next =
    typeof options.request === 'function' ? options.request : () => options.request as BenchRequest;
  const first = next();
  const started = performance.now();
  // Openings. autocannon builds every connection's first request up front into one shared request
  // object, so all connections would open with whichever was built last: a burst of identical
  // requests no real client mix sends. And Node stops accepting new connections while its event
  // loop is saturated (seen with a bare Hono app whose handler yields with setImmediate: 140 of 200
  // connections left in the kernel's accept queue for the whole run), so connections that are
  // still being accepted when heavy requests start can wait past the client's timeout. With
  // `opening`, every connection is answered that request at least once before the mix begins on
  // any of them — the load then runs over 200 established keep-alive connections, as behind a
  // proxy's connection pool. Without it (the bench's single-route runs) the first request opens.
  const opening = options.opening;
  const answered = new Set<unknown>();
  let openings = 0;
  const requests: autocannon.Request[] = [
    {
      method: first.method,
      path: first.path,
      // A fresh request each time, so mixes interleave and write bodies can differ.
      setupRequest: (req) => {
        const r = opening && answered.size < options.connections ? (openings++, opening) : next();
        const headers = {
          ...(r.headers ?? {}),
          ...(r.body ? { 'content-type': 'application/json' } : {}),
        };
        return { ...req, method: r.method, path: r.path, headers, body: r.body ?? '' };
      },
    },
  ];
  const opts: autocannon.Options = {
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    ...(options.amount ? { amount: options.amount } : {}),
    timeout: 30,
    requests,
  };
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
  // Latencies are the mix's only: once every connection has been answered, each connection's
  // next answer is still an opening (sent before the switch) and is left out too.
  const inMix = new Set<unknown>();
  instance.on(
    'response',
    (client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (!opening || answered.size >= options.connections) {
        if (!opening || inMix.has(client)) times.push(responseTime);
        else inMix.add(client);
      }
      answered.add(client);
    },
  );
  instance.on('reqError', (err: Error & { code?: string }) => {
    const kind = err.code ?? err.message;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  });
  const result = await done;
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(times).sort();
  return {
    requests: times.length,
    reqPerSec: Math.round((times.length / Math.max(seconds, 0.001)) * 10) / 10,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    // autocannon's `errors` already includes its timeouts.
    errors: result.errors,
    errorKinds,
    statuses,
    openings,
    connectionsAnswered: answered.size,
  };
}

/** Responses with a status outside 2xx. */
export function failures(m: Measurement): number {
  return Object.entries(m.statuses).reduce(
    (n, [status, count]) => (status.startsWith('2') ? n : n + count),
    0,
  );
}

const round = (ms: number) => Math.round(ms * 100) / 100;
