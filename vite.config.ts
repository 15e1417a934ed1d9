import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Plugin } from 'vite';

const postgresUrl = process.env.TEST_DATABASE_URL;
const serverTest = {
  root: '.',
  environment: 'node' as const,
  include: [
    'server/**/*.test.ts',
    'db/**/*.test.ts',
    'fixtures/**/*.test.ts',
    'scripts/**/*.test.ts',
    'i18n/**/*.test.ts',
  ],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

/**
 * One config for the client build (root: client/, output: dist/client) and for vitest.
 * Tests run on the embedded PGlite database; when TEST_DATABASE_URL is set the same files run
 * a second time against real PostgreSQL (project "postgres").
 */
/** Records what the client bundle was built from, so `npm start` can skip an unchanged build (scripts/start.mjs). */
function clientBuildInputs(): Plugin {
  let startedAt = 0;
  return {
    name: 'gapmap-client-build-inputs',
    apply: 'build',
    buildStart() {
      startedAt = Date.now();
    },
    generateBundle() {
      const root = resolve('.');
      const files = [...this.getModuleIds()]
        .filter((id) => !id.startsWith('\0'))
        .map((id) => id.replace(/\?.*$/, ''));
      const inputs = [...new Set(files)]
        .filter((file) => existsSync(file))
        .map((file) => relative(root, file));
      this.emitFile({
        type: 'asset',
        fileName: '.build-inputs.json',
        source: JSON.stringify({ startedAt, inputs }),
      });
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [solid(), clientBuildInputs()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/digest': 'http://localhost:3000',
      '/catalogue': 'http://localhost:3000',
      '/r/': 'http://localhost:3000',
      '/s/': 'http://localhost:3000',
      '/basemap/': 'http://localhost:3000',
    },
  },
  test: {
    root: '.',
    // Without this the Solid plugin defaults the root to jsdom (not installed), and vitest exits 1.
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Server projects do not extend the client config: no Solid plugin, plain Node.
      {
        // Pure client logic (client/**/*.test.ts) runs here too, once.
        test: {
          ...serverTest,
          name: 'pglite',
          include: [...serverTest.include, 'client/**/*.test.ts'],
          env: { GAPMAP_TEST_DB: 'pglite' },
        },
      },
      ...(postgresUrl
        ? [
            {
              test: {
                ...serverTest,
                name: 'postgres',
                env: { GAPMAP_TEST_DB: 'postgres' },
                globalSetup: ['db/testing/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
