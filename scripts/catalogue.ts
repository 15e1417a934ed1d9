/**
 * The printable catalogue as a PDF: `npm run catalogue -- --out catalogue.pdf [--tag=slug]... [--area=code]`.
 * Renders the same HTML as GET /catalogue and prints it with the system Chromium.
 * Honours DATABASE_URL / PGLITE_DIR like the server (stop a PGlite server first: one process per folder).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildCatalogue } from '../server/catalogue/catalogue.js';
import { htmlToPdf, pdfPageCount } from '../server/catalogue/pdf.js';
import { catalogueHtml } from '../server/catalogue/render.js';
import { loadConfig } from '../server/config.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'catalogue.pdf' }, tag: { type: 'string', multiple: true }, area: { type: 'string' } } });
  const config = loadConfig();
  const out = resolve(values.out ?? 'catalogue.pdf');
  const database = await connect({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  try {
    await migrateToLatest(database.db);
    const catalogue = await buildCatalogue(database.db, { tags: values.tag, area: values.area });
    const pdf = await htmlToPdf((await catalogueHtml(catalogue)).toString());
    await writeFile(out, pdf);
    console.log(`catalogue of ${catalogue.serviceCount} services, ${pdfPageCount(pdf)} pages, written to ${out}`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const details = (err as { details?: unknown }).details;
    console.error(err instanceof Error ? err.message : String(err), details ? JSON.stringify(details) : '');
    process.exit(1);
  },
);
