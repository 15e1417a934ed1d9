/**
 * Import of the ONS Postcode Directory (ONSPD) or the National Statistics Postcode Lookup
 * (NSPL): CSV with at least the columns `pcds`, `lat` and `long`. The file is streamed through
 * csv-parse and written in batches, all inside the caller's transaction, so a file that fails
 * half-way leaves the table as it was.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { insideUk } from '../geo/params.js';
import { invalid } from '../http/errors.js';
import { parsePostcode } from './postcodes.js';
import type { Db } from '../../db/schema.js';
import { refreshCentroids, upsertUnitPostcodes } from './queries.js';

const BATCH = 1000;
const REQUIRED = ['pcds', 'lat', 'long'] as const;

export interface PostcodeImportResult {
  imported: number;
  /** Rows without a usable postcode or point (the ONSPD marks "no grid reference" as 99.999999). */
  skipped: number;
  sectors: number;
  districts: number;
}

export async function importPostcodeCsv(
  db: Db,
  body: ReadableStream<Uint8Array>,
): Promise<PostcodeImportResult> {
  const parser = Readable.fromWeb(
    body as import('node:stream/web').ReadableStream<Uint8Array>,
  ).pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }),
  );
  let imported = 0;
  let skipped = 0;
  let checkedHeader = false;
  const districts = new Set<string>();
  let batch: { key: string; lat: number; lng: number }[] = [];
  // A bad byte sequence or quote in the file surfaces from the parser: report it as a 422.
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (!checkedHeader) {
        const missing = REQUIRED.filter((c) => !(c in record));
        if (missing.length) throw invalid({ file: `missing column(s): ${missing.join(', ')}` });
        checkedHeader = true;
      }
      const parsed = parsePostcode(record.pcds ?? '');
      const lat = Number(record.lat);
      const lng = Number(record.long);
      if (!parsed || !Number.isFinite(lat) || !Number.isFinite(lng) || !insideUk(lat, lng)) {
        skipped += 1;
        continue;
      }
      batch.push({ key: parsed.key, lat, lng });
      districts.add(parsed.district);
      if (batch.length >= BATCH) {
        await upsertUnitPostcodes(db, dedupe(batch));
        imported += batch.length;
        batch = [];
      }
    }
  } catch (err) {
    // Every parser error (a stray quote is INVALID_OPENING_QUOTE, without the CSV_ prefix) is the
    // file's fault. The parser's message quotes the field's value — a postcode — so it is not used.
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? ` at line ${err.lines}` : '';
      throw invalid({
        file: `not readable as CSV${line} (${err.code.replace(/^CSV_/, '').toLowerCase().replaceAll('_', ' ')})`,
      });
    }
    throw err;
  }
  if (!checkedHeader) throw invalid({ file: 'holds no rows' });
  await upsertUnitPostcodes(db, dedupe(batch));
  imported += batch.length;
  const centroids = await refreshCentroids(db, [...districts]);
  return { imported, skipped, ...centroids };
}

/** One statement may not upsert the same key twice: the last row of a repeated postcode wins. */
function dedupe(rows: { key: string; lat: number; lng: number }[]) {
  return [...new Map(rows.map((r) => [r.key, r])).values()];
}
