/**
 * Tables as CSV files, written with the record layer's CSV cells (RFC 4180, and formula-like text
 * neutralized so a spreadsheet shows it instead of running it). Imported from the file itself: the
 * record layer's index also holds Node-only code.
 */
import { csvRow } from '../../record/csv.js';

export function csvText(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return csvRow(columns) + rows.map((r) => csvRow(r)).join('');
}

export function downloadCsv(name: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): void {
  const blob = new Blob([csvText(columns, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name.endsWith('.csv') ? name : `${name}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
