/**
 * The DuckDB store: an embedded database file (by default `<runs root>/mtap.duckdb`). DuckDB lets one
 * process hold the file; another process that opens it meanwhile waits briefly and retries, then
 * gives up with E_STORE_LOCKED (a reader can then query a run's JSONL directly: see analytics).
 *
 * Rows are staged with DuckDB's appender (DataChunk batches) and merged with the shared SQL; run
 * directories load through DuckDB's own JSON reader, which is far faster than parsing in JS.
 */
import { DuckDBDataChunk, DuckDBInstance, VARCHAR, INTEGER, DOUBLE, BOOLEAN, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { MtapError } from '../errors.js';
import { sleep } from '../util/sleep.js';
import { countsFromRow, MERGE, type IngestResult } from './merge.js';
import { migrate } from './migrate.js';
import type { Rows, SqlValue } from './rows.js';
import { stageName, stagingDdl, TABLES, type Column, type TableName } from './schema.js';
import type { ResultRow, Store } from './store.js';

const CHUNK_ROWS = 2048;

function duckType(c: Column): DuckDBType {
  switch (c.type) {
    case 'INTEGER':
      return INTEGER;
    case 'DOUBLE PRECISION':
      return DOUBLE;
    case 'BOOLEAN':
      return BOOLEAN;
    default:
      return VARCHAR; // staged timestamps are text
  }
}

/** Plain JS values out: bigint → number, dates/other objects → text. */
function plain(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function isLockError(err: unknown): boolean {
  return /lock/i.test((err as Error)?.message ?? '');
}

export class DuckDbStore implements Store {
  readonly kind = 'duckdb' as const;
  private staged = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /**
   * Open (creating if needed) and migrate. `lockWaitMs`: how long to keep retrying while another
   * process holds the file.
   */
  static async open(path: string, opts: { lockWaitMs?: number; readOnly?: boolean } = {}): Promise<DuckDbStore> {
    const until = Date.now() + (opts.lockWaitMs ?? 5000);
    for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
      try {
        const instance = await DuckDBInstance.create(path, opts.readOnly ? { access_mode: 'READ_ONLY' } : {});
        const connection = await instance.connect();
        const store = new DuckDbStore(path, instance, connection);
        if (!opts.readOnly) await migrate(store, (sql) => store.exec(sql));
        return store;
      } catch (err) {
        if (isLockError(err) && Date.now() < until) {
          await sleep(delay);
          continue;
        }
        if (isLockError(err)) {
          throw new MtapError('E_STORE_LOCKED', `the store ${path} is in use by another process (DuckDB allows one at a time): ${(err as Error).message.split('\n')[0]}`);
        }
        throw new MtapError('E_STORE', `cannot open the store ${path}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }

  /** One statement at a time on the connection. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async exec(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  query<T extends ResultRow = ResultRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.serial(async () => {
      const reader = params.length ? await this.connection.runAndReadAll(sql, [...params] as never) : await this.connection.runAndReadAll(sql);
      const names = reader.columnNames();
      return reader.getRows().map((row) => {
        const o: Record<string, string | number | boolean | null> = {};
        names.forEach((n, i) => (o[n] = plain(row[i])));
        return o as T;
      });
    });
  }

  private async ensureStaging(): Promise<void> {
    if (this.staged) return;
    for (const t of Object.keys(TABLES) as TableName[]) await this.exec(stagingDdl(t));
    this.staged = true;
  }

  private async stage(table: TableName, rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    const types = TABLES[table].map(duckType);
    const appender = await this.connection.createAppender(stageName(table));
    try {
      for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
        const slice = rows.slice(i, i + CHUNK_ROWS);
        const chunk = DuckDBDataChunk.create(types, slice.length);
        chunk.setRows(slice as never);
        appender.appendDataChunk(chunk);
      }
    } finally {
      appender.closeSync();
    }
  }

  /** Merge whatever is in the staging tables (one transaction), then empty them. */
  async mergeStaged(): Promise<IngestResult> {
    await this.exec('BEGIN TRANSACTION');
    try {
      for (const sql of MERGE.prepare) await this.exec(sql);
      const counts = countsFromRow((await this.connection.runAndReadAll(MERGE.counts)).getRowObjectsJS()[0] as Record<string, unknown>);
      for (const sql of MERGE.apply) await this.exec(sql);
      for (const sql of MERGE.cleanup) await this.exec(sql);
      await this.exec('COMMIT');
      return counts;
    } catch (err) {
      await this.exec('ROLLBACK').catch(() => undefined);
      await this.exec('DROP TABLE IF EXISTS new_units').catch(() => undefined);
      throw new MtapError('E_STORE', `ingest into ${this.location} failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  ingest(rows: Rows): Promise<IngestResult> {
    return this.serial(async () => {
      await this.ensureStaging();
      await this.stage('runs', rows.runs);
      await this.stage('units', rows.units);
      await this.stage('attempts', rows.attempts);
      await this.stage('measurements', rows.measurements);
      return this.mergeStaged();
    });
  }

  /** Stage with SQL the caller writes (DuckDB's file readers), then merge. */
  ingestWith(stageSql: readonly string[]): Promise<IngestResult> {
    return this.serial(async () => {
      await this.ensureStaging();
      for (const sql of stageSql) await this.exec(sql);
      return this.mergeStaged();
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
