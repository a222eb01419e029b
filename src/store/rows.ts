/**
 * Records as table rows, in the column order of schema.ts: what both backends load into their staging
 * tables. A row is an array of SQL values; timestamps are ISO strings (UTC) the engines parse.
 */
import type { AttemptEvent, RunInfo, UnitRecord } from '../record/index.js';
import { ATTEMPT_COLUMNS, MEASUREMENT_COLUMNS, RUN_COLUMNS, UNIT_COLUMNS } from './schema.js';

export type SqlValue = string | number | boolean | null;
export type Row = SqlValue[];

/** The rows of one ingest: any subset of runs, their ended unit executions and those executions' attempts. */
export interface Rows {
  runs: Row[];
  units: Row[];
  attempts: Row[];
  measurements: Row[];
}

export const emptyRows = (): Rows => ({ runs: [], units: [], attempts: [], measurements: [] });

/** `2026-11-22T02:48:53.062657+00:00` → `2026-11-22 02:48:53.062657` (UTC, as TIMESTAMP takes it). */
export function sqlTimestamp(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]00:?00)?$/.exec(iso);
  if (m) return `${m[1]} ${m[2]}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace('T', ' ').replace('Z', '');
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function runRow(info: RunInfo, source: 'mtap' | 'mtap-v1' = 'mtap'): Row {
  const row: Record<string, SqlValue> = {
    run_id: info.run_id,
    source,
    station_id: info.station_id,
    station_name: info.station_name,
    batch_id: info.batch_id,
    stage: info.stage,
    plan_name: info.plan.name,
    plan_version: String(info.plan.version),
    plan_hash: info.plan.hash,
    tool_version: info.tool_version,
    created_at: sqlTimestamp(info.created_at),
    sn_count: info.sns.length,
  };
  return RUN_COLUMNS.map((c) => row[c.name] ?? null);
}

export function unitRow(u: UnitRecord): Row {
  const row: Record<string, SqlValue> = {
    unit_exec_id: u.unit_exec_id,
    run_id: u.run_id,
    sn: u.sn,
    site: u.site,
    batch_id: u.batch_id,
    station_id: u.station_id,
    stage: u.stage,
    plan_name: u.plan_name,
    plan_version: String(u.plan_version),
    fw_version: u.fw_version,
    outcome: u.outcome,
    hard_bin: u.hard_bin,
    soft_bin: u.soft_bin,
    bin_description: u.bin_description,
    deciding_step: u.deciding_step,
    deciding_code: u.deciding_code,
    started_at: sqlTimestamp(u.started_at),
    ended_at: sqlTimestamp(u.ended_at),
    duration_ms: u.duration_ms,
    attempts: u.attempts,
  };
  return UNIT_COLUMNS.map((c) => row[c.name] ?? null);
}

export function attemptRow(a: AttemptEvent): Row {
  const row: Record<string, SqlValue> = {
    unit_exec_id: a.unit_exec_id,
    run_id: a.run_id,
    sn: a.sn,
    step_id: a.test_step,
    kind: a.kind,
    command: a.command,
    attempt: a.attempt,
    passed: a.passed,
    error_code: a.error_code,
    message: a.message,
    duration_ms: a.duration_us / 1000,
    test_num: a.test_num,
    site: a.site,
    fw_version: a.fw_version,
    bin: a.bin,
    softbin: a.softbin,
    started_at: sqlTimestamp(a.started_at),
    ended_at: sqlTimestamp(a.timestamp),
  };
  return ATTEMPT_COLUMNS.map((c) => row[c.name] ?? null);
}

export function measurementRows(a: AttemptEvent): Row[] {
  return a.measurements.map((m, idx) => {
    const row: Record<string, SqlValue> = {
      unit_exec_id: a.unit_exec_id,
      step_id: a.test_step,
      attempt: a.attempt,
      idx,
      field: m.field,
      value: num(m.value),
      value_text: m.value === null || m.value === undefined ? null : JSON.stringify(m.value),
      units: text(m.units),
      comparator: m.comparator,
      lo: num(m.lo),
      hi: num(m.hi),
      passed: m.passed,
      error_code: m.error_code,
      ended_at: sqlTimestamp(a.timestamp),
    };
    return MEASUREMENT_COLUMNS.map((c) => row[c.name] ?? null);
  });
}

/** Rows for a run's records: the run, its ended executions, and their attempts and measurements. */
export function rowsOf(info: RunInfo | null, units: readonly UnitRecord[], attempts: readonly AttemptEvent[]): Rows {
  const rows = emptyRows();
  if (info) rows.runs.push(runRow(info));
  const ended = new Set(units.map((u) => u.unit_exec_id));
  for (const u of units) rows.units.push(unitRow(u));
  for (const a of attempts) {
    if (!ended.has(a.unit_exec_id)) continue;
    rows.attempts.push(attemptRow(a));
    for (const m of measurementRows(a)) rows.measurements.push(m);
  }
  return rows;
}

export const rowCount = (r: Rows) => r.units.length + r.attempts.length + r.measurements.length + r.runs.length;
