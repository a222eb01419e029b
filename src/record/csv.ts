/**
 * CSV as RFC 4180 writes it, made safe to open in a spreadsheet. `events.csv` and
 * `coverage_matrix.csv` are written with these functions.
 *
 * - Records end with CRLF; a cell containing `"`, `,`, CR or LF is quoted, its quotes doubled.
 * - Booleans are `true`/`false` (MTAP wrote Python's `True`/`False`: bug 30), null is an empty
 *   cell, an object or array is its JSON text.
 * - Formula injection: a cell that starts with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'`
 *   so a spreadsheet shows it as text instead of evaluating it — unless the whole cell is a plain
 *   number such as `-3.5` or `+1e3`, which is data a spreadsheet must keep reading as a number.
 */
export const CSV_NEWLINE = '\r\n';

const NEEDS_NEUTRALIZING = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text a value stands for in a cell, before quoting. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** Prefix text that a spreadsheet would run as a formula with `'`; plain numbers stay as they are. */
export function neutralize(text: string): string {
  if (text === '' || !NEEDS_NEUTRALIZING.test(text[0]!)) return text;
  return PLAIN_NUMBER.test(text) ? text : `'${text}`;
}

export function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvCell(value: unknown): string {
  // Numbers and booleans never need neutralizing or quoting: skip the text checks on the hot path.
  if (typeof value === 'number' || typeof value === 'boolean') return cellText(value);
  return quote(neutralize(cellText(value)));
}

/** One record, CRLF included. */
export function csvRow(values: readonly unknown[]): string {
  let row = '';
  for (let i = 0; i < values.length; i++) row += (i === 0 ? '' : ',') + csvCell(values[i]);
  return row + CSV_NEWLINE;
}
