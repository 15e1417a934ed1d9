/**
 * Writes the OpenAPI documents (the whole API, and the ORUK API's own) to dist/openapi/, for
 * `npm run openapi:lint` (redocly, recommended rules) and for anyone generating a client.
 * Needs no database: the documents come from the routes' schemas alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { DB } from '../db/schema.js';
import { resolve } from 'node:path';
import { apiDocument, createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { orukOpenApi, orukRoutes } from '../server/oruk/routes.js';

const config = testConfig();
// Routes are only registered here, never called: Kysely's DummyDriver stands in, no database is opened.
const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const app = createApp({ db, config });
const out = resolve('dist/openapi');
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'gapmap.json'), `${JSON.stringify(apiDocument(app), null, 2)}\n`);
writeFileSync(
  resolve(out, 'oruk.json'),
  `${JSON.stringify(orukOpenApi(orukRoutes(), config.publicUrl), null, 2)}\n`,
);
console.log(`OpenAPI documents written to ${out}`);
