/**
 * The printable catalogue as a PDF: `npm run catalogue -- --out catalogue.pdf [--tag=slug]... [--area=code]`.
 * Renders the same HTML as GET /catalogue and prints it with the system Chromium.
 * Honours DATABASE_URL / PGLITE_DIR like the server (scripts/with-database.ts).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalogue } from '../server/catalogue/catalogue.js';
import { htmlToPdf, pdfPageCount } from '../server/catalogue/pdf.js';
import { catalogueHtml } from '../server/catalogue/render.js';
import { runWithDatabase } from './with-database.js';

runWithDatabase(async (db, config) => {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'catalogue.pdf' },
      tag: { type: 'string', multiple: true },
      area: { type: 'string' },
    },
  });
  const out = resolve(values.out ?? 'catalogue.pdf');
  const catalogue = await buildCatalogue(db, { tags: values.tag, area: values.area });
  const pdf = await htmlToPdf((await catalogueHtml(catalogue)).toString(), config.chromiumPath);
  await writeFile(out, pdf);
  console.log(
    `catalogue of ${catalogue.serviceCount} services, ${pdfPageCount(pdf)} pages, written to ${out}`,
  );
  return 0;
});
