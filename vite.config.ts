import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

const postgresUrl = process.env.TEST_DATABASE_URL;

/**
 * One config for the client build (root: client/, output: dist/client) and for vitest.
 * Tests run on the embedded PGlite database; when TEST_DATABASE_URL is set the same files run
 * a second time against real PostgreSQL (project "postgres").
 */
export default defineConfig({
  root: 'client',
  plugins: [solid()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://localhost:3000', '/digest': 'http://localhost:3000', '/catalogue': 'http://localhost:3000' } },
  test: {
    root: '.',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true as const,
        test: { name: 'pglite', include: ['server/**/*.test.ts', 'db/**/*.test.ts', 'fixtures/**/*.test.ts'], env: { GAPMAP_TEST_DB: 'pglite' } },
      },
      ...(postgresUrl
        ? [{
            extends: true as const,
            test: {
              name: 'postgres',
              include: ['server/**/*.test.ts', 'db/**/*.test.ts', 'fixtures/**/*.test.ts'],
              env: { GAPMAP_TEST_DB: 'postgres' },
              globalSetup: ['db/testing/postgres-global-setup.ts'],
            },
          }]
        : []),
      {
        extends: true as const,
        test: { name: 'client', include: ['client/**/*.test.{ts,tsx}'], environment: 'node' },
      },
    ],
  },
});
