/**
 * Issue 23: "a second `npm start` (nothing changed) answers its first request within 3 s". Runs
 * the README's `npm start` as a user would, on the embedded database in a folder of its own and a
 * free port: once to build what is stale, migrate and seed, then `runs` more times, each timed
 * from the command to the first 200 from /api/health, and stopped with SIGTERM as Ctrl-C would.
 * Also alone: `npx tsx bench/restart.ts [runs]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';

export interface RestartFigures {
  /** The first start (may build, migrates, seeds the demo world). */
  firstMs: number;
  /** Each later start, nothing changed. */
  laterMs: number[];
}

async function timedStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGLITE_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
  };
  // The default `npm start`: the embedded database, whatever the bench itself runs on.
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn('npm', ['start'], { env, stdio: 'ignore', detached: true });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 600_000) throw new Error('npm start: no answer in 10 min');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        await res.arrayBuffer();
        if (res.status === 200) return Math.round(performance.now() - started);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    // npm, the build check and the server share a process group: stop them all, as Ctrl-C does.
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
    // npm exits before the server has closed its database: wait for the whole group, or the next
    // start (or removing the folder) meets a PGlite still writing its files.
    if (child.pid) await groupExited(child.pid);
  }
}

/** Resolves once no process of the group is left (signal 0 probes without signalling). */
async function groupExited(pgid: number): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`npm start: its processes were still running 30 s after SIGTERM`);
}

export async function measureRestarts(runs = 3): Promise<RestartFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'gapmap-restart-'));
  try {
    const dataDir = join(dir, 'data');
    const firstMs = await timedStart(dataDir);
    const laterMs: number[] = [];
    for (let i = 0; i < runs; i++) laterMs.push(await timedStart(dataDir));
    return { firstMs, laterMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureRestarts(Number(process.argv[2] ?? 3));
  console.log(`first start ${figures.firstMs} ms; later starts ${figures.laterMs.join(', ')} ms`);
}
