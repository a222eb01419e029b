/**
 * Ingesting run directories: mtap's (run.json, units.jsonl, events.jsonl) and MTAP v1's (events.jsonl
 * only). Idempotent and incremental: a unit execution already stored is skipped, so re-ingesting
 * changes nothing and a resumed run adds only its new executions. Orphan attempts (of executions that
 * never ended) are never stored.
 *
 * DuckDB reads mtap's JSONL with its own reader (fast); other stores get rows parsed in JS.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MtapError } from '../errors.js';
import { loadRunRecords, readUnitRecords, RUN_FILES } from '../record/index.js';
import { DuckDbStore } from './duckdb.js';
import type { IngestResult } from './merge.js';
import { rowsOf } from './rows.js';
import { ATTEMPT_COLUMNS, MEASUREMENT_COLUMNS, RUN_COLUMNS, stageName, UNIT_COLUMNS, type Column, type TableName } from './schema.js';
import type { Store } from './store.js';
import { readV1RunDir } from './v1.js';

export type RunDirKind = 'mtap' | 'mtap-v1';

export function runDirKind(dir: string): RunDirKind {
  if (existsSync(join(dir, RUN_FILES.runInfo))) return 'mtap';
  if (existsSync(join(dir, RUN_FILES.events))) return 'mtap-v1';
  throw new MtapError('E_RUN_DIR', `${dir} is not a run directory (no ${RUN_FILES.runInfo} and no ${RUN_FILES.events})`);
}

export interface RunDirIngest extends IngestResult {
  dir: string;
  kind: RunDirKind;
}

export async function ingestRunDir(store: Store, dir: string): Promise<RunDirIngest> {
  const kind = runDirKind(dir);
  if (kind === 'mtap-v1') return { dir, kind, ...(await store.ingest((await readV1RunDir(dir)).rows)) };
  if (store instanceof DuckDbStore) return { dir, kind, ...(await store.ingestWith(duckdbStageSql(dir))) };
  // Every ended execution, as DuckDB's reader stores them: a resumed run's superseded executions too
  // (loadRunRecords keeps only each serial's last one).
  const all = await readUnitRecords(dir);
  const records = await loadRunRecords(dir);
  return { dir, kind, ...(await store.ingest(rowsOf(records.info, all.records, records.attempts))) };
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const names = (cols: readonly Column[]) => cols.map((c) => c.name).join(', ');

/** A timestamp as staged text: `YYYY-MM-DD HH:MM:SS.ffffff` (the +00:00 of the records dropped). */
const ts = (expr: string) => `replace(replace(${expr}, 'T', ' '), '+00:00', '')`;

/**
 * A run directory as a new in-memory DuckDB store (the report, `mtap analytics --run-dir` without a
 * store). A fresh store has nothing to merge with, so mtap's files load straight into its tables —
 * the staging and merge of `ingestRunDir` would copy every row twice for nothing.
 */
export async function loadRunDirInMemory(dir: string): Promise<DuckDbStore> {
  const kind = runDirKind(dir);
  const store = await DuckDbStore.open(':memory:');
  try {
    if (kind === 'mtap-v1') await store.ingest((await readV1RunDir(dir)).rows);
    else for (const sql of duckdbStageSql(dir, (t) => t)) await store.exec(sql);
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}

/**
 * DuckDB statements that stage a run directory from its files with read_json. Malformed lines are
 * skipped (ignore_errors), like every mtap reader; a torn last line is skipped too. `into` names the
 * table each kind goes to: the staging tables, or the tables themselves for a fresh store (the text
 * timestamps are cast on the way in, and attempts of executions without a unit record are left out
 * here as the merge leaves them out).
 */
export function duckdbStageSql(dir: string, into: (table: TableName) => string = stageName): string[] {
  const file = (f: string) => sqlString(resolve(dir, f));
  const json = (f: string, columns: string) =>
    `read_json(${file(f)}, format = 'newline_delimited', ignore_errors = true, columns = {${columns}})`;
  const eventColumns = [
    "unit_exec_id: 'VARCHAR'",
    "run_id: 'VARCHAR'",
    "sn: 'VARCHAR'",
    "test_step: 'VARCHAR'",
    "kind: 'VARCHAR'",
    "command: 'VARCHAR'",
    "attempt: 'INTEGER'",
    "passed: 'BOOLEAN'",
    "error_code: 'VARCHAR'",
    "message: 'VARCHAR'",
    "duration_us: 'DOUBLE'",
    "test_num: 'INTEGER'",
    "site: 'INTEGER'",
    "fw_version: 'VARCHAR'",
    "bin: 'INTEGER'",
    "softbin: 'INTEGER'",
    "started_at: 'VARCHAR'",
    "timestamp: 'VARCHAR'",
    "measurements: 'STRUCT(field VARCHAR, value JSON, units VARCHAR, comparator VARCHAR, lo DOUBLE, hi DOUBLE, passed BOOLEAN, error_code VARCHAR)[]'",
  ].join(', ');
  return [
    `INSERT INTO ${into('runs')} (${names(RUN_COLUMNS)})
       SELECT run_id, 'mtap', station_id, station_name, batch_id, stage, plan.name, CAST(plan.version AS VARCHAR), plan.hash,
              tool_version, ${ts('created_at')}, CAST(len(sns) AS INTEGER)
       FROM read_json(${file(RUN_FILES.runInfo)}, columns = {run_id: 'VARCHAR', station_id: 'VARCHAR', station_name: 'VARCHAR',
         batch_id: 'VARCHAR', stage: 'VARCHAR', plan: 'STRUCT(name VARCHAR, version JSON, hash VARCHAR)',
         tool_version: 'VARCHAR', created_at: 'VARCHAR', sns: 'VARCHAR[]'})`,
    `INSERT INTO ${into('units')} (${names(UNIT_COLUMNS)})
       SELECT DISTINCT unit_exec_id, run_id, sn, site, batch_id, station_id, stage, plan_name, CAST(plan_version AS VARCHAR), fw_version, outcome,
              hard_bin, soft_bin, bin_description, deciding_step, deciding_code, ${ts('started_at')}, ${ts('ended_at')}, duration_ms, attempts
       FROM ${json(
         RUN_FILES.units,
         "unit_exec_id: 'VARCHAR', run_id: 'VARCHAR', sn: 'VARCHAR', site: 'INTEGER', batch_id: 'VARCHAR', station_id: 'VARCHAR', stage: 'VARCHAR', plan_name: 'VARCHAR', plan_version: 'JSON', fw_version: 'VARCHAR', outcome: 'VARCHAR', hard_bin: 'INTEGER', soft_bin: 'INTEGER', bin_description: 'VARCHAR', deciding_step: 'VARCHAR', deciding_code: 'VARCHAR', started_at: 'VARCHAR', ended_at: 'VARCHAR', duration_ms: 'DOUBLE', attempts: 'INTEGER'",
       )}
       WHERE unit_exec_id IS NOT NULL`,
    // Read after units.jsonl: a unit line is written only once its attempts are durable, so every unit
    // staged above has its attempts in the log by now, even while a batch is still writing the run.
    `CREATE OR REPLACE TEMPORARY TABLE ingest_events AS SELECT * FROM ${json(RUN_FILES.events, eventColumns)}
       WHERE unit_exec_id IN (SELECT unit_exec_id FROM ${into('units')})`,
    `INSERT INTO ${into('attempts')} (${names(ATTEMPT_COLUMNS)})
       SELECT unit_exec_id, run_id, sn, test_step, kind, command, attempt, passed, error_code, message, duration_us / 1000.0,
              test_num, site, fw_version, bin, softbin, ${ts('started_at')}, ${ts('timestamp')}
       FROM ingest_events`,
    `INSERT INTO ${into('measurements')} (${names(MEASUREMENT_COLUMNS)})
       SELECT unit_exec_id, test_step, attempt, CAST(i - 1 AS INTEGER), m.field,
              CASE WHEN json_type(m.value) IN ('DOUBLE', 'BIGINT', 'UBIGINT') THEN CAST(m.value AS DOUBLE) END,
              CASE WHEN m.value IS NULL OR json_type(m.value) = 'NULL' THEN NULL ELSE CAST(m.value AS VARCHAR) END,
              m.units, m.comparator, m.lo, m.hi, m.passed, m.error_code, ${ts('timestamp')}
       FROM (SELECT unit_exec_id, test_step, attempt, timestamp, unnest(measurements) AS m, generate_subscripts(measurements, 1) AS i
             FROM ingest_events WHERE len(measurements) > 0)`,
    'DROP TABLE ingest_events',
  ];
}
