/**
 * The store: one interface over DuckDB (embedded, the default: a file under the runs root) and
 * PostgreSQL (the factory's shared database). Analytics and the dashboard talk only to this.
 */
import type { IngestResult } from './merge.js';
import type { Rows, SqlValue } from './rows.js';

export type StoreKind = 'duckdb' | 'postgres';

export type ResultRow = Record<string, string | number | boolean | null>;

export interface Store {
  readonly kind: StoreKind;
  /** Where it is, for messages (a path, or a URL without its password). */
  readonly location: string;
  /**
   * Run a query in the SQL both engines share, with `$1`, `$2`… parameters. Values come back as
   * JS numbers, strings, booleans and null (integers and doubles as numbers: cast counts in SQL).
   */
  query<T extends ResultRow = ResultRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Load rows and merge them (idempotent by unit execution), in one transaction. */
  ingest(rows: Rows): Promise<IngestResult>;
  close(): Promise<void>;
}
