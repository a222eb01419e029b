/**
 * The store reads the dashboard makes itself: what the filter bar offers, the run list, a serial's
 * history. They list records; they compute no metric (every yield, rate and count of failures the
 * views show comes from the analytics module). SQL in the subset DuckDB and PostgreSQL both run;
 * timestamps are read as text (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) so both engines give the same.
 */
import type { SqlValue, Store } from '../store/index.js';
import type { AttemptRow, FilterOptions, RunRow, SerialMatch, UnitExecution, UnitHistory } from './shared/api.js';
import type { Filter } from './shared/filter.js';

/** The day after a `YYYY-MM-DD` day, so a range includes its last day whole. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** WHERE conditions for the runs table (a run is in the filter by its own fields). */
function runWhere(f: Filter, params: SqlValue[]): string {
  const conds: string[] = [];
  const p = (v: SqlValue) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.station) conds.push(`r.station_id = ${p(f.station)}`);
  if (f.stage) conds.push(`r.stage = ${p(f.stage)}`);
  if (f.batch) conds.push(`r.batch_id = ${p(f.batch)}`);
  if (f.plan_version) conds.push(`r.plan_version = ${p(f.plan_version)}`);
  if (f.fw) conds.push(`EXISTS (SELECT 1 FROM units fu WHERE fu.run_id = r.run_id AND fu.fw_version = ${p(f.fw)})`);
  if (f.from) conds.push(`r.created_at >= CAST(${p(f.from)} AS TIMESTAMP)`);
  if (f.to) conds.push(`r.created_at < CAST(${p(nextDay(f.to))} AS TIMESTAMP)`);
  return conds.length ? `WHERE ${conds.join(' AND ')}` : '';
}

const ts = (col: string) => `CAST(${col} AS VARCHAR)`;

export async function filterOptions(store: Store): Promise<FilterOptions> {
  const distinct = async (col: string) =>
    (await store.query<{ v: string }>(`SELECT DISTINCT ${col} AS v FROM units WHERE ${col} IS NOT NULL AND ${col} <> '' ORDER BY v`)).map((r) => r.v);
  const [days] = await store.query<{ min: string | null; max: string | null }>(
    `SELECT CAST(CAST(MIN(ended_at) AS DATE) AS VARCHAR) AS min, CAST(CAST(MAX(ended_at) AS DATE) AS VARCHAR) AS max FROM units`,
  );
  return {
    stations: await distinct('station_id'),
    stages: await distinct('stage'),
    batches: await distinct('batch_id'),
    fws: await distinct('fw_version'),
    planVersions: await distinct('plan_version'),
    days: days?.min && days.max ? { min: days.min, max: days.max } : null,
  };
}

/** Runs in the filter, newest first, with how their serials ended. */
export async function runList(store: Store, f: Filter, limit = 500): Promise<RunRow[]> {
  const params: SqlValue[] = [];
  const where = runWhere(f, params);
  const rows = await store.query<Omit<RunRow, 'status'>>(
    `SELECT r.run_id, r.source, r.station_id, r.batch_id, r.stage, r.plan_name, r.plan_version, ${ts('r.created_at')} AS created_at, r.sn_count,
            CAST(COALESCE(c.units, 0) AS INTEGER) AS units, CAST(COALESCE(c.passed, 0) AS INTEGER) AS passed,
            CAST(COALESCE(c.failed, 0) AS INTEGER) AS failed, CAST(COALESCE(c.errored, 0) AS INTEGER) AS errored,
            CAST(COALESCE(c.aborted, 0) AS INTEGER) AS aborted
     FROM runs r
     LEFT JOIN (
       SELECT run_id, COUNT(*) AS units,
              SUM(CASE WHEN outcome = 'PASS' THEN 1 ELSE 0 END) AS passed,
              SUM(CASE WHEN outcome = 'FAIL' THEN 1 ELSE 0 END) AS failed,
              SUM(CASE WHEN outcome = 'ERROR' THEN 1 ELSE 0 END) AS errored,
              SUM(CASE WHEN outcome = 'ABORTED' THEN 1 ELSE 0 END) AS aborted
       FROM final_units GROUP BY run_id) c ON c.run_id = r.run_id
     ${where}
     ORDER BY r.created_at DESC, r.run_id DESC
     LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
  return rows.map((r) => ({ ...r, status: r.sn_count !== null && r.units - r.aborted < r.sn_count ? 'incomplete' : 'complete' }));
}

/** Serials containing `q` (any case), most recently tested first. */
export async function searchSerials(store: Store, q: string, limit = 50): Promise<SerialMatch[]> {
  const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return store.query<SerialMatch>(
    `SELECT sn, CAST(executions AS INTEGER) AS executions, outcome AS last_outcome, ${ts('ended_at')} AS last_at FROM (
       SELECT sn, outcome, ended_at, COUNT(*) OVER (PARTITION BY sn) AS executions,
              ROW_NUMBER() OVER (PARTITION BY sn ORDER BY ended_at DESC, unit_exec_id DESC) AS k
       FROM units WHERE LOWER(sn) LIKE $1 ESCAPE '\\') x
     WHERE k = 1
     ORDER BY last_at DESC, sn
     LIMIT ${Math.max(1, Math.floor(limit))}`,
    [like],
  );
}

/** Every execution and attempt of a serial, oldest first; null when the store has never seen it. */
export async function unitHistory(store: Store, sn: string): Promise<UnitHistory | null> {
  const executions = await store.query<Omit<UnitExecution, 'final'> & { exec_rank: number | null }>(
    `SELECT u.unit_exec_id, u.run_id, u.sn, u.site, u.batch_id, u.station_id, u.stage, u.plan_name, u.plan_version, u.fw_version,
            u.outcome, u.hard_bin, u.soft_bin, u.bin_description, u.deciding_step, u.deciding_code,
            ${ts('u.started_at')} AS started_at, ${ts('u.ended_at')} AS ended_at, u.duration_ms, u.attempts, f.exec_rank
     FROM units u LEFT JOIN final_units f ON f.unit_exec_id = u.unit_exec_id
     WHERE u.sn = $1
     ORDER BY u.started_at, u.unit_exec_id`,
    [sn],
  );
  if (executions.length === 0) return null;
  const attempts = await store.query<AttemptRow>(
    `SELECT a.unit_exec_id, a.run_id, a.step_id, a.kind, a.command, a.attempt, a.passed, a.error_code, a.message, a.duration_ms, a.site,
            ${ts('a.started_at')} AS started_at, ${ts('a.ended_at')} AS ended_at, m.text AS measurements
     FROM attempts a
     LEFT JOIN (
       SELECT unit_exec_id, step_id, attempt,
              string_agg(field || '=' || COALESCE(value_text, 'null') || COALESCE(' ' || units, ''), ', ' ORDER BY idx) AS text
       FROM measurements WHERE unit_exec_id IN (SELECT unit_exec_id FROM units WHERE sn = $1)
       GROUP BY unit_exec_id, step_id, attempt) m
       ON m.unit_exec_id = a.unit_exec_id AND m.step_id = a.step_id AND m.attempt = a.attempt
     WHERE a.sn = $1
     ORDER BY a.ended_at, a.unit_exec_id, a.attempt`,
    [sn],
  );
  return {
    sn,
    executions: executions.map(({ exec_rank, ...e }) => ({ ...e, final: exec_rank === 1 })),
    attempts,
  };
}
