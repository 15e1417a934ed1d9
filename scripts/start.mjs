// @ts-check
/**
 * `npm start`'s first step: builds the client (Vite) and the server (esbuild, one ES module file)
 * only when something each is built from changed since its last build; `npm start` then runs
 * `node dist/server/main.mjs`. `npm run build` (`--force`) always builds both.
 *
 * Plain JavaScript, checked by tsc through `@ts-check`: it runs before anything is compiled, and a
 * TypeScript loader costs ~0.4 s of every start (the server itself is precompiled for the same
 * reason: tsx's hooks took ~1 s of each start, transpiling or not).
 *
 * Each build records what it read and when it started (`.build-inputs.json` beside its output):
 * the client's every file of the bundle's module graph, node_modules included (vite.config.ts,
 * plugin `clientBuildInputs`); the server's every source file esbuild bundled (its packages stay
 * imports of node_modules, resolved when it runs). A build is stale when that record is missing,
 * when a recorded file is gone or was modified after the build started, or when one of the files
 * the build reads besides (config, lockfile, tsconfig.json, this script) did. A new file cannot
 * enter a build without an import in a recorded file, whose change is seen.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/**
 * @typedef {object} BuildInputs
 * @property {number} startedAt Epoch ms when the build started: a file modified after this may not be in the build.
 * @property {string[]} inputs Files the build was made from, relative to the project root.
 */

/**
 * @typedef {object} Build
 * @property {string} record Its record of inputs, relative to the project root.
 * @property {string[]} always Files the build reads that are not in its record.
 */

/** @type {Build} */
export const CLIENT = {
  record: 'dist/client/.build-inputs.json',
  always: ['vite.config.ts', 'package-lock.json', 'tsconfig.json', 'client/index.html'],
};

/** @type {Build} */
export const SERVER = {
  record: 'dist/server/.build-inputs.json',
  always: ['package-lock.json', 'tsconfig.json', 'scripts/start.mjs'],
};

/** The server's entry and its built file. */
export const SERVER_ENTRY = 'server/main.ts';
export const SERVER_OUT = 'dist/server/main.mjs';

/**
 * Why `build` must run again, or null when its last build is current.
 * @param {Build} build
 * @param {string} [root]
 * @returns {string | null}
 */
export function staleReason(build, root = process.cwd()) {
  /** @type {BuildInputs} */
  let record;
  try {
    record = JSON.parse(readFileSync(resolve(root, build.record), 'utf8'));
  } catch {
    return 'no previous build';
  }
  for (const file of [...build.always, ...record.inputs]) {
    let mtime;
    try {
      mtime = statSync(resolve(root, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (mtime >= record.startedAt) return `${file} changed`;
  }
  return null;
}

/**
 * Bundles the server's own code into one ES module (`outFile`), its packages left as imports, and
 * records the source files it read.
 * @param {{ root?: string, outFile?: string }} [options]
 * @returns {Promise<BuildInputs>}
 */
export async function buildServer({ root = process.cwd(), outFile = SERVER_OUT } = {}) {
  const esbuild = await import('esbuild');
  const startedAt = Date.now();
  const out = resolve(root, outFile);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [SERVER_ENTRY],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages are imported from node_modules as they are under tsx (native addons, PGlite's wasm).
    packages: 'external',
    // Stack traces name dist/server/main.mjs; NODE_OPTIONS=--enable-source-maps maps them to the sources.
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).map((file) =>
    relative(root, resolve(root, file)),
  );
  /** @type {BuildInputs} */
  const record = { startedAt, inputs };
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(resolve(out, '../.build-inputs.json'), JSON.stringify(record));
  return record;
}

/**
 * Builds the server when its last build is stale (or `force`); says what it did on stderr.
 * @param {{ force?: boolean }} [options]
 * @returns {Promise<string>} the built file, relative to the project root
 */
export async function ensureServerBuilt({ force = false } = {}) {
  const reason = force ? 'npm run build' : staleReason(SERVER);
  if (reason) {
    const t0 = Date.now();
    const { inputs } = await buildServer();
    console.error(
      `built the server (${reason}): ${SERVER_OUT}, ${inputs.length} files in ${Date.now() - t0} ms`,
    );
  }
  return SERVER_OUT;
}

/** @param {string[]} args */
async function main(args) {
  const force = args.includes('--force');
  const clientReason = force ? 'npm run build' : staleReason(CLIENT);
  if (!clientReason) {
    console.error(
      'client unchanged since the last build: not rebuilding (npm run build forces it)',
    );
  } else {
    console.error(`building the client (${clientReason})`);
    const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  await ensureServerBuilt({ force });
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
