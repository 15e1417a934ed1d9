import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer, CLIENT, SERVER, staleReason } from './start.mjs';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A project folder whose files were all written before builds that started at `startedAt`. */
function project(startedAt: number): string {
  root = mkdtempSync(join(tmpdir(), 'gapmap-build-'));
  for (const dir of ['client', 'server', 'scripts', 'dist/client', 'dist/server'])
    mkdirSync(join(root, dir), { recursive: true });
  const old = new Date(startedAt - 60_000);
  for (const file of [
    'vite.config.ts',
    'package-lock.json',
    'tsconfig.json',
    'client/index.html',
    'client/App.tsx',
    'scripts/start.mjs',
    'server/main.ts',
  ]) {
    writeFileSync(join(root, file), 'x');
    utimesSync(join(root, file), old, old);
  }
  writeFileSync(
    join(root, CLIENT.record),
    JSON.stringify({ startedAt, inputs: ['client/App.tsx'] }),
  );
  writeFileSync(
    join(root, SERVER.record),
    JSON.stringify({ startedAt, inputs: ['server/main.ts'] }),
  );
  return root;
}

describe('npm start skips an unchanged build', () => {
  it('is current when nothing changed since the builds started', () => {
    project(Date.now());
    expect(staleReason(CLIENT, root)).toBeNull();
    expect(staleReason(SERVER, root)).toBeNull();
  });

  it('rebuilds the client without a record, after a change to a source, the lockfile or the config, or when a source is gone', () => {
    const started = Date.now() - 10_000;
    expect(staleReason(CLIENT, join(tmpdir(), 'gapmap-nowhere'))).toBe('no previous build');
    for (const file of ['client/App.tsx', 'package-lock.json', 'vite.config.ts']) {
      project(started);
      writeFileSync(join(root, file), 'changed');
      expect(staleReason(CLIENT, root)).toBe(`${file} changed`);
      expect(staleReason(SERVER, root)).toBe(
        file === 'package-lock.json' ? `${file} changed` : null,
      );
      rmSync(root, { recursive: true, force: true });
    }
    project(started);
    rmSync(join(root, 'client/App.tsx'));
    expect(staleReason(CLIENT, root)).toBe('client/App.tsx is gone');
  });

  it('rebuilds the server after a change to one of its sources or to the build script, and only the server', () => {
    const started = Date.now() - 10_000;
    for (const file of ['server/main.ts', 'scripts/start.mjs']) {
      project(started);
      writeFileSync(join(root, file), 'changed');
      expect(staleReason(SERVER, root)).toBe(`${file} changed`);
      expect(staleReason(CLIENT, root)).toBeNull();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the built server', () => {
  it('records every source file it was built from, and serves like the sources do', async () => {
    // Inside the project, so that its packages resolve from node_modules as dist/server's do.
    const out = `dist/server-test-${process.pid}`;
    root = resolve(out);
    const { inputs } = await buildServer({ outFile: `${out}/main.mjs` });
    expect(inputs).toEqual(
      expect.arrayContaining(['server/main.ts', 'server/needs/flag-writer.ts', 'db/connect.ts']),
    );
    expect(inputs.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(staleReason({ ...SERVER, record: `${out}/.build-inputs.json` })).toBeNull();

    const server = spawn(process.execPath, [`${out}/main.mjs`], {
      env: { ...process.env, PORT: '0', PGLITE_DIR: 'memory://', DEMO: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const port = await new Promise<string>((done, fail) => {
        let log = '';
        server.stdout.on('data', (chunk: Buffer) => {
          log += String(chunk);
          const listening = /listening on http:\/\/localhost:(\d+)/.exec(log);
          if (listening) done(listening[1]!);
        });
        server.on('exit', (code) => fail(new Error(`the built server exited (${code}): ${log}`)));
      });
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', db: 'pglite' });
    } finally {
      const exited = new Promise((done) => server.on('exit', done));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);
});
