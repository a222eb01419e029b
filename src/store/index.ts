/**
 * The results store: runs, unit executions, attempts and measurements in SQL tables, in DuckDB (an
 * embedded file, the default) or PostgreSQL (shared by many stations). Ingest is idempotent by unit
 * execution; the analytics run the same SQL on both.
 *
 *     const store = await openStore(resolveStoreTarget({ runsRoot: 'runs' }));
 *     await ingestRunDir(store, 'runs/20261122T024853.062Z-7f3a2c');
 *     await store.query('SELECT outcome, CAST(COUNT(*) AS INTEGER) AS n FROM final_units GROUP BY outcome');
 *     await store.close();
 */
export { DuckDbStore } from './duckdb.js';
export { duckdbStageSql, ingestRunDir, loadRunDirInMemory, runDirKind, type RunDirIngest, type RunDirKind } from './ingest.js';
export { type IngestResult } from './merge.js';
export { migrate } from './migrate.js';
export { DUCKDB_FILE, openStore, redactUrl, registerPostgres, resolveStoreTarget, type PostgresOpener, type StoreTarget } from './open.js';
export { emptyRows, rowsOf, sqlTimestamp, type Row, type Rows, type SqlValue } from './rows.js';
export { MIGRATIONS, SCHEMA_VERSION, TABLES, type Column, type TableName } from './schema.js';
export type { ResultRow, Store, StoreKind } from './store.js';
export { readV1RunDir } from './v1.js';
