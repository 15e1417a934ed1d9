import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_INPUTS_FILE, staleReason } from './client-build.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A project folder whose files were all written before a build that started at `startedAt`. */
function project(startedAt: number): string {
  root = mkdtempSync(join(tmpdir(), 'gapmap-build-'));
  mkdirSync(join(root, 'client'), { recursive: true });
  mkdirSync(join(root, 'dist/client'), { recursive: true });
  const old = new Date(startedAt - 60_000);
  for (const file of [
    'vite.config.ts',
    'package-lock.json',
    'tsconfig.json',
    'client/index.html',
    'client/App.tsx',
  ]) {
    writeFileSync(join(root, file), 'x');
    utimesSync(join(root, file), old, old);
  }
  writeFileSync(
    join(root, BUILD_INPUTS_FILE),
    JSON.stringify({ startedAt, inputs: ['client/App.tsx'] }),
  );
  return root;
}

describe('npm start skips an unchanged client build', () => {
  it('is current when nothing changed since the build started', () => {
    expect(staleReason(project(Date.now()))).toBeNull();
  });

  it('rebuilds without a record, after a change to a source, the lockfile or the config, or when a source is gone', () => {
    const started = Date.now() - 10_000;
    expect(staleReason(project(started).replace(/$/, '-nowhere'))).toBe('no previous build');
    rmSync(root, { recursive: true, force: true });
    for (const file of ['client/App.tsx', 'package-lock.json', 'vite.config.ts']) {
      project(started);
      writeFileSync(join(root, file), 'changed');
      expect(staleReason(root)).toBe(`${file} changed`);
      rmSync(root, { recursive: true, force: true });
    }
    project(started);
    rmSync(join(root, 'client/App.tsx'));
    expect(staleReason(root)).toBe('client/App.tsx is gone');
  });
});
