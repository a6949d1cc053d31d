/**
 * Table exports as CSV (docs/contract.md section 3a): RFC 4180 (CRLF line ends, a field quoted when it
 * holds a comma, quote or line break), a UTF-8 byte order mark first so spreadsheets read the text as
 * UTF-8, and every text cell a spreadsheet would evaluate made inert.
 */

/** U+FEFF: the file's first character (EF BB BF once the download encodes it as UTF-8). */
export const CSV_BOM = '\uFEFF';

/** A plain decimal number, as the tables export them ("-0.5", "+1e3", "70990.1"): left as it is. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What makes a spreadsheet read a cell as a formula (or, for tab and CR, hide where it starts). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell starting with `=`, `+`, `-`, `@`, tab or CR that is not a number gets a leading `'`, so a
 * spreadsheet shows it as text instead of evaluating it (`=HYPERLINK(...)`, `@SUM(...)`, `-1+1`). The
 * screen shows the venue's text as it came; only the file's cell carries the `'`.
 */
export function inertCell(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  const cell = inertCell(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return CSV_BOM + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
