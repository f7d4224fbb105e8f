/**
 * The one CSV writer for every CSV tallyman writes (CLI and API): RFC 4180 (CRLF line ends,
 * quotes only where a cell holds a comma, quote or line break) with spreadsheet formula injection
 * neutralised the way OWASP recommends ("CSV Injection", owasp.org/www-community/attacks/CSV_Injection):
 * a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so
 * Excel, LibreOffice and Google Sheets show it as text instead of running it.
 *
 * Only text is neutralised: a JS `number` (a longitude of -3.5, a negative draught change) is a
 * numeric column and is written as it is, since a spreadsheet reads "-3.5" as a number, never as a
 * formula, and a quote would turn it into text for every tool. A number that arrives as a string
 * is text and gets the quote: callers pass numbers as numbers.
 */

/** The characters that make a spreadsheet read a cell as a formula (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell made safe for spreadsheets: `'` before a leading formula character. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `neutraliseFormula` for a cell read back (the ledger import). */
export function restoreFormula(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

export type CsvValue = string | number | boolean | bigint | null | undefined | object;

/** One cell: null and undefined are empty, objects are JSON (text), numbers and booleans as they are. */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (typeof v === 'number') s = Number.isFinite(v) ? String(v) : '';
  else if (typeof v === 'boolean' || typeof v === 'bigint') s = String(v);
  else s = neutraliseFormula(typeof v === 'string' ? v : JSON.stringify(v));
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_EOL = '\r\n';

export function csvRow(values: readonly CsvValue[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i === 0 ? '' : ',') + csvCell(values[i]);
  return out + CSV_EOL;
}

/**
 * A whole CSV file. Every row ends with a `simulated` column (`true` on every row of a file built
 * from simulated data), so the marker travels with any row copied out of the file.
 */
export function csvDocument(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  opts: { simulated: boolean },
): string {
  const parts = [csvRow([...header, 'simulated'])];
  for (const r of rows) parts.push(csvRow([...r, opts.simulated]));
  return parts.join('');
}
