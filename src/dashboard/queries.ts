/**
 * The store reads the dashboard makes itself: what the filter bar offers, the run list, a serial's
 * history. They list records; they compute no metric (every yield, rate and count of failures the
 * views show comes from the analytics module), and the run list's filter is the analytics scope. SQL in the subset DuckDB and PostgreSQL both run;
 * timestamps are read as text (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) so both engines give the same.
 */
import { scopeCte } from '../analytics/index.js';
import type { Store } from '../store/index.js';
import { analyticsFilter } from './filter.js';
import type { AttemptRow, FilterOptions, RunRow, SerialMatch, UnitExecution, UnitHistory } from './shared/api.js';
import type { Filter } from './shared/filter.js';

const ts = (col: string) => `CAST(${col} AS VARCHAR)`;

export async function filterOptions(store: Store): Promise<FilterOptions> {
  const distinct = async (col: string) =>
    (await store.query<{ v: string }>(`SELECT DISTINCT ${col} AS v FROM units WHERE ${col} IS NOT NULL AND ${col} <> '' ORDER BY v`)).map((r) => r.v);
  const [days] = await store.query<{ min: string | null; max: string | null }>(
    `SELECT CAST(CAST(MIN(started_at) AS DATE) AS VARCHAR) AS min, CAST(CAST(MAX(started_at) AS DATE) AS VARCHAR) AS max FROM units`,
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

/**
 * Runs with units in the filter (the analytics scope: each serial's final execution, narrowed by the
 * filter), newest first, with how those units ended; `complete` when every serial of the run has a
 * result that is not ABORTED.
 */
export async function runList(store: Store, f: Filter, limit = 500): Promise<RunRow[]> {
  const scope = scopeCte(analyticsFilter(f));
  const count = (outcome: string) => `CAST(SUM(CASE WHEN outcome = '${outcome}' THEN 1 ELSE 0 END) AS INTEGER)`;
  const rows = await store.query<Omit<RunRow, 'status'> & { done: number | null }>(
    `WITH ${scope.sql},
       c AS (SELECT run_id, CAST(COUNT(*) AS INTEGER) AS units, ${count('PASS')} AS passed, ${count('FAIL')} AS failed,
                    ${count('ERROR')} AS errored, ${count('ABORTED')} AS aborted
             FROM scope GROUP BY run_id),
       d AS (SELECT run_id, CAST(COUNT(*) AS INTEGER) AS done FROM final_units WHERE outcome <> 'ABORTED' GROUP BY run_id)
     SELECT r.run_id, r.source, r.station_id, r.batch_id, r.stage, r.plan_name, r.plan_version, ${ts('r.created_at')} AS created_at, r.sn_count,
            c.units, c.passed, c.failed, c.errored, c.aborted, d.done
     FROM runs r JOIN c ON c.run_id = r.run_id LEFT JOIN d ON d.run_id = r.run_id
     ORDER BY r.created_at DESC, r.run_id DESC
     LIMIT ${Math.max(1, Math.floor(limit))}`,
    scope.params,
  );
  return rows.map(({ done, ...r }) => ({ ...r, status: r.sn_count !== null && (done ?? 0) < r.sn_count ? 'incomplete' : 'complete' }));
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
