/**
 * Starts servers for the benchmarks and the load test as child processes on free loopback
 * ports. A child process measures honestly: autocannon's client work runs in this process and
 * never competes with the server for the same event loop, just as a real client would not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt } from '../scripts/start.mjs';
import { FIRST_JOBS_AFTER_MS } from '../server/releases/jobs.js';
import type { BenchRequest } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  /** The child's process id (its memory is read from /proc). */
  pid: number;
  /** When it first answered health (Date.now()). */
  answeredAt: number;
  /** The last lines the child wrote to stderr (for failure reports; request logs are not kept). */
  stderr(): string;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface (the OS picks; we release it for the child). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server with the given environment, on 127.0.0.1 only, run as `npm start` runs it: the
 * compiled dist/server/main.mjs, built first if a source changed (scripts/start.mjs).
 * Resolves once GET /api/health answers 200 (start migrates and may seed, so allow time).
 */
export async function startGapmapServer(
  env: Record<string, string>,
  startTimeoutMs = 180_000,
): Promise<RunningServer> {
  return startChild(await ensureServerBuilt(), env, startTimeoutMs, [
    ...SERVER_NODE_FLAGS,
    // Extra flags to study a run (README "Benchmarks"), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ]);
}

/**
 * Waits until the server's first run of its publication jobs has begun (FIRST_JOBS_AFTER_MS after
 * it listens). That run builds the gap check's index and reads the service views ahead, seconds
 * of work at 10M flags; begun, it keeps the server (or PostgreSQL) busy, so a measurement that
 * waits for an idle machine afterwards (run.ts `settle`) starts after it. Without this, the first
 * measurement (health) began before the jobs and measured them with it.
 */
export async function untilStartJobsBegan(server: RunningServer): Promise<void> {
  const wait = server.answeredAt + FIRST_JOBS_AFTER_MS + 500 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/**
 * Seconds of load before the first measurement of a new server process (or of the baseline), and
 * before the first measurement of each route on it: V8 is still compiling that route's hot paths
 * and growing its young generation. On a slow VM, with the start-up jobs done and the process
 * idle for 3 s, health took 209 µs of server CPU a request in its first 4 s and 119 µs by its
 * fifth (4 Dec 2026); on a fast one, single flags on a new WORKERS=2 server took 312–335 µs of
 * server CPU a flag over seconds 2–12 and 218–229 µs after 15 s of flagging (5 Dec 2026).
 */
const FRESH_PROCESS_WARMUP_S = 15;

/** The warm-up for the first measurement of a new process: `warmup`, but at least FRESH_PROCESS_WARMUP_S. */
export const freshProcessWarmup = (warmup: number) => Math.max(warmup, FRESH_PROCESS_WARMUP_S);

/**
 * Warm-ups for the measurements of one server process: the first on each route (method and path,
 * whatever the query) warms as a new process does (freshProcessWarmup), later ones `warmup`.
 */
export function warmupPerRoute(
  warmup: number,
): (request: BenchRequest | (() => BenchRequest)) => number {
  const measured = new Set<string>();
  return (request) => {
    const { method, path } = typeof request === 'function' ? request() : request;
    const route = `${method} ${path.split('?')[0]}`;
    if (measured.has(route)) return warmup;
    measured.add(route);
    return freshProcessWarmup(warmup);
  };
}

/** The Node flags `npm start` and deploy/gapmap.service run the server with (heap-limit.test.ts). */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=384', '--max-semi-space-size=64'];

/** Signs in through the API, as a browser would; the bench's requests carry the bearer header. */
export async function signIn(
  url: string,
  email: string,
  password: string,
): Promise<{ authorization: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${email} answered ${res.status}`);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

/** The baseline: a bare Hono hello-world on @hono/node-server, same machine, same runtime. */
export async function startHelloServer(): Promise<RunningServer> {
  // The same runtime flags as the server's: the ratio compares the stacks, not V8's settings.
  return startChild('bench/hello.ts', {}, 30_000, SERVER_NODE_FLAGS);
}

async function startChild(
  entry: string,
  env: Record<string, string>,
  startTimeoutMs: number,
  nodeFlags: string[] = [],
): Promise<RunningServer> {
  const logFile = process.env.BENCH_SERVER_LOG;
  const port = await freePort();
  // TypeScript entries (the hello baseline) through tsx; the compiled server as it is.
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: logFile ? 'info' : 'error',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    // Request logs go nowhere unless BENCH_SERVER_LOG names a file for them (to study a tail:
    // each line has the path, status and milliseconds, never a query string); errors are kept
    // for the report.
    stdio: ['ignore', logFile ? openSync(logFile, 'a') : 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-8_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, startTimeoutMs);
  } catch (err) {
    await stopChild(child);
    throw new Error(
      `${entry} did not start: ${err instanceof Error ? err.message : String(err)}\n${errors}`,
      { cause: err },
    );
  }
  return {
    url,
    port,
    pid: child.pid ?? 0,
    answeredAt: Date.now(),
    stderr: () => errors,
    stop: () => stopChild(child),
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no healthy answer within ${Math.round(timeoutMs / 1000)} s`);
}

/** SIGTERM (the server shuts down gracefully and closes its database), SIGKILL after 15 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
