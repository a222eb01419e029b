/**
 * The store's tables: one schema for DuckDB and PostgreSQL, in the SQL both run (VARCHAR, INTEGER,
 * DOUBLE PRECISION, BOOLEAN, TIMESTAMP; no engine-specific types). Timestamps are UTC.
 *
 * - runs: one row per run.
 * - units: one row per unit execution that ended (a resumed run re-tests some serials: a serial's
 *   result in a run is its latest execution, the `final_units` view).
 * - attempts: one row per step attempt of an ended execution (firmware discovery included, kind
 *   'discovery'); attempts of executions that never ended are not stored.
 * - measurements: one row per measurement of an attempt.
 *
 * Versioned: `schema_version` holds the applied migrations; `migrate` applies what is missing.
 */

export interface Column {
  name: string;
  type: 'VARCHAR' | 'INTEGER' | 'DOUBLE PRECISION' | 'BOOLEAN' | 'TIMESTAMP';
}

const col = (name: string, type: Column['type']): Column => ({ name, type });

export const RUN_COLUMNS: readonly Column[] = [
  col('run_id', 'VARCHAR'),
  col('source', 'VARCHAR'), // 'mtap' or 'mtap-v1' (a run directory written by the MTAP reference)
  col('station_id', 'VARCHAR'),
  col('station_name', 'VARCHAR'),
  col('batch_id', 'VARCHAR'),
  col('stage', 'VARCHAR'),
  col('plan_name', 'VARCHAR'),
  col('plan_version', 'VARCHAR'),
  col('plan_hash', 'VARCHAR'),
  col('tool_version', 'VARCHAR'),
  col('created_at', 'TIMESTAMP'),
  col('sn_count', 'INTEGER'),
];

export const UNIT_COLUMNS: readonly Column[] = [
  col('unit_exec_id', 'VARCHAR'),
  col('run_id', 'VARCHAR'),
  col('sn', 'VARCHAR'),
  col('site', 'INTEGER'),
  col('batch_id', 'VARCHAR'),
  col('station_id', 'VARCHAR'),
  col('stage', 'VARCHAR'),
  col('plan_name', 'VARCHAR'),
  col('plan_version', 'VARCHAR'),
  col('fw_version', 'VARCHAR'),
  col('outcome', 'VARCHAR'),
  col('hard_bin', 'INTEGER'),
  col('soft_bin', 'INTEGER'),
  col('bin_description', 'VARCHAR'),
  col('deciding_step', 'VARCHAR'),
  col('deciding_code', 'VARCHAR'),
  col('started_at', 'TIMESTAMP'),
  col('ended_at', 'TIMESTAMP'),
  col('duration_ms', 'DOUBLE PRECISION'),
  col('attempts', 'INTEGER'),
];

export const ATTEMPT_COLUMNS: readonly Column[] = [
  col('unit_exec_id', 'VARCHAR'),
  col('run_id', 'VARCHAR'),
  col('sn', 'VARCHAR'),
  col('step_id', 'VARCHAR'),
  col('kind', 'VARCHAR'),
  col('command', 'VARCHAR'),
  col('attempt', 'INTEGER'),
  col('passed', 'BOOLEAN'),
  col('error_code', 'VARCHAR'),
  col('message', 'VARCHAR'),
  col('duration_ms', 'DOUBLE PRECISION'),
  col('test_num', 'INTEGER'),
  col('site', 'INTEGER'),
  col('fw_version', 'VARCHAR'),
  col('bin', 'INTEGER'),
  col('softbin', 'INTEGER'),
  col('started_at', 'TIMESTAMP'),
  col('ended_at', 'TIMESTAMP'),
];

export const MEASUREMENT_COLUMNS: readonly Column[] = [
  col('unit_exec_id', 'VARCHAR'),
  col('step_id', 'VARCHAR'),
  col('attempt', 'INTEGER'),
  col('idx', 'INTEGER'),
  col('field', 'VARCHAR'),
  /** The value when it is a number; null otherwise. */
  col('value', 'DOUBLE PRECISION'),
  /** The value as JSON text (strings, booleans, numbers alike), null when missing. */
  col('value_text', 'VARCHAR'),
  col('units', 'VARCHAR'),
  col('comparator', 'VARCHAR'),
  col('lo', 'DOUBLE PRECISION'),
  col('hi', 'DOUBLE PRECISION'),
  col('passed', 'BOOLEAN'),
  col('error_code', 'VARCHAR'),
  col('ended_at', 'TIMESTAMP'),
];

export const TABLES = {
  runs: RUN_COLUMNS,
  units: UNIT_COLUMNS,
  attempts: ATTEMPT_COLUMNS,
  measurements: MEASUREMENT_COLUMNS,
} as const;
export type TableName = keyof typeof TABLES;

function ddl(table: string, columns: readonly Column[], key?: string, temporary = false): string {
  const cols = columns.map((c) => `${c.name} ${c.type}`).join(', ');
  return `CREATE ${temporary ? 'TEMPORARY ' : ''}TABLE ${table} (${cols}${key ? `, PRIMARY KEY (${key})` : ''})`;
}

/** Migrations in order; each is a list of statements. Never edit one that has shipped: add another. */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    ddl('runs', RUN_COLUMNS, 'run_id'),
    ddl('units', UNIT_COLUMNS, 'unit_exec_id'),
    ddl('attempts', ATTEMPT_COLUMNS),
    ddl('measurements', MEASUREMENT_COLUMNS),
    // A serial's result in a run: its latest execution (a resumed run appends re-tests).
    `CREATE VIEW final_units AS
       SELECT * FROM (
         SELECT u.*, ROW_NUMBER() OVER (PARTITION BY run_id, sn ORDER BY ended_at DESC, unit_exec_id DESC) AS exec_rank
         FROM units u) ranked
       WHERE exec_rank = 1`,
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Ingest stages rows in a temporary table shaped like the target, then merges them (merge.ts).
 * Staged timestamps are text (each engine parses it on the way in), so loaders need no date types.
 */
export const stageName = (table: TableName) => `stage_${table}`;

export function stagingDdl(table: TableName): string {
  const columns = TABLES[table].map((c) => (c.type === 'TIMESTAMP' ? { ...c, type: 'VARCHAR' as const } : c));
  return ddl(stageName(table), columns, undefined, true);
}

/** A staged column as the target table takes it. */
export const fromStage = (c: Column) => (c.type === 'TIMESTAMP' ? `CAST(${c.name} AS TIMESTAMP)` : c.name);
