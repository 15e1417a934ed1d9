/**
 * `npm start`'s first step: builds the client only when something it is built from changed since
 * the last build. The build records what it read (vite.config.ts, plugin `clientBuildInputs`:
 * every file of the bundle's module graph, node_modules included, and when the build started) in
 * dist/client/.build-inputs.json; the client is rebuilt when that record is missing, when a
 * recorded file is gone or was modified after the build started, or when the config, the
 * lockfile, tsconfig.json or the client's index.html did. A new file cannot enter the bundle
 * without an import in a recorded file, whose change is seen. `npm run build` always builds.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const BUILD_INPUTS_FILE = 'dist/client/.build-inputs.json';
/** Read by the build itself (not part of the module graph). */
const ALWAYS = ['vite.config.ts', 'package-lock.json', 'tsconfig.json', 'client/index.html'];

export interface BuildInputs {
  /** Epoch ms when the build started: a file modified after this may not be in the build. */
  startedAt: number;
  /** Files the bundle was built from, relative to the project root. */
  inputs: string[];
}

/** Why the client must be built again, or null when the last build is current. */
export function staleReason(root = process.cwd()): string | null {
  let record: BuildInputs;
  try {
    record = JSON.parse(readFileSync(resolve(root, BUILD_INPUTS_FILE), 'utf8')) as BuildInputs;
  } catch {
    return 'no previous build';
  }
  for (const file of [...ALWAYS, ...record.inputs]) {
    let mtime: number;
    try {
      mtime = statSync(resolve(root, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (mtime >= record.startedAt) return `${file} changed`;
  }
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const reason = staleReason();
  if (!reason) {
    console.error(
      'client unchanged since the last build: not rebuilding (npm run build forces it)',
    );
  } else {
    console.error(`building the client (${reason})`);
    const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
}
