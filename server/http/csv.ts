/**
 * The one way to write a CSV download. Cells a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@`, tab or CR first: `=HYPERLINK(…)` in a service name) are neutralised by csv-stringify's
 * `escape_formulas` (a leading `'`; negative numbers stay numbers), and the file starts with a
 * UTF-8 byte-order mark so Excel reads £ and – as UTF-8 rather than Windows-1252.
 */
import { stringify, type Input, type Options } from 'csv-stringify/sync';

export function toCsv(
  records: Input,
  options: Omit<Options, 'escape_formulas' | 'bom'> = {},
): string {
  return stringify(records, { ...options, escape_formulas: true, bom: true });
}
