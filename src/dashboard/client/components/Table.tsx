/**
 * A table that downloads as CSV. Columns say how a cell reads on the page and what goes in the CSV
 * (the raw value by default: numbers stay numbers).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { downloadCsv } from '../csv.js';

export interface Column<T> {
  key: string;
  label: string;
  value: (row: T) => unknown;
  render?: (row: T) => ComponentChildren;
  numeric?: boolean;
}

interface Props<T> {
  name: string;
  columns: Column<T>[];
  rows: readonly T[];
  caption?: ComponentChildren;
  onRowClick?: (row: T) => void;
  rowKey?: (row: T, i: number) => string;
  /** Rows shown before "show all" (the CSV always has every row). */
  pageSize?: number;
  empty?: string;
  testId?: string;
}

export function Table<T>({ name, columns, rows, caption, onRowClick, rowKey, pageSize = 200, empty = 'No rows.', testId }: Props<T>) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, pageSize);
  const download = () =>
    downloadCsv(
      name,
      columns.map((c) => c.key),
      rows.map((r) => columns.map((c) => c.value(r))),
    );
  return (
    <div class="table-wrap" data-testid={testId ?? `table-${name}`}>
      <div class="table-head">
        <div class="table-caption">{caption}</div>
        <button type="button" class="small" onClick={download} disabled={rows.length === 0} data-testid="csv">
          Download CSV
        </button>
      </div>
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} class={c.numeric ? 'num' : ''}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={rowKey ? rowKey(r, i) : i} class={onRowClick ? 'clickable' : ''} onClick={onRowClick ? () => onRowClick(r) : undefined}>
                  {columns.map((c) => (
                    <td key={c.key} class={c.numeric ? 'num' : ''}>
                      {c.render ? c.render(r) : String(c.value(r) ?? '')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!all && rows.length > pageSize && (
        <button type="button" class="link" onClick={() => setAll(true)}>
          Show all {rows.length.toLocaleString('en-US')} rows
        </button>
      )}
    </div>
  );
}
