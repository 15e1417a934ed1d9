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
  /** Stop after this many requests instead of a duration. */
  amount?: number;
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
}

/** The q-quantile (0..1) of sorted values, by the nearest-rank method. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export async function measure(options: MeasureOptions): Promise<Measurement> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  const next = typeof options.request === 'function' ? options.request : () => options.request as BenchRequest;
  const first = next();
  const started = performance.now();
  const requests: autocannon.Request[] = [
    {
      method: first.method,
      path: first.path,
      // A fresh request each time, so mixes interleave and write bodies can differ.
      setupRequest: (req) => {
        const r = next();
        const headers = { ...(r.headers ?? {}), ...(r.body ? { 'content-type': 'application/json' } : {}) };
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
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
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
  };
}

/** Responses with a status outside 2xx. */
export function failures(m: Measurement): number {
  return Object.entries(m.statuses).reduce((n, [status, count]) => (status.startsWith('2') ? n : n + count), 0);
}

const round = (ms: number) => Math.round(ms * 100) / 100;
