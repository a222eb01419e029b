/**
 * Retests: the same serial tested again in a later run of the same stage. Per (serial, stage), the
 * executions are its final executions in each run, tested only (ABORTED left out), in start order;
 * the first and the last decide "first run" and "last run".
 *
 * - retest rate: serials tested in more than one run ÷ serials;
 * - first-run yield: serials whose first run passed ÷ serials; last-run yield likewise (the final
 *   yield across retests, "LPY");
 * - retest recovery: serials whose first run did not pass and whose last run passed ÷ serials whose
 *   first run did not pass (high recovery: a flaky fixture or limits, not a bad product).
 */
import type { Store } from '../store/index.js';
import { scopeCte, TESTED, type AnalyticsFilter } from './filter.js';
import { byText } from './order.js';
import { proportion, type Proportion } from './wilson.js';

export interface RetestSummary {
  /** `null` for all stages together, else the stage. */
  stage: string | null;
  serials: number;
  /** Serials tested in more than one run. */
  retested: number;
  /** Unit executions counted (one per serial per run). */
  runs: number;
  retestRate: Proportion;
  firstRunYield: Proportion;
  lastRunYield: Proportion;
  /** First run not passed, last run passed. */
  recovered: number;
  /** recovered ÷ serials whose first run did not pass. */
  retestRecovery: Proportion;
}

export interface RetestSerial {
  sn: string;
  stage: string;
  runs: number;
  firstOutcome: string;
  lastOutcome: string;
  firstRunId: string;
  lastRunId: string;
}

const executions = (scopeSql: string) => `WITH ${scopeSql},
  ex AS (
    SELECT sn, stage, outcome, run_id,
      ROW_NUMBER() OVER (PARTITION BY sn, stage ORDER BY started_at, unit_exec_id) AS k,
      COUNT(*) OVER (PARTITION BY sn, stage) AS n
    FROM scope WHERE ${TESTED}),
  per_serial AS (
    SELECT sn, stage, CAST(MAX(n) AS INTEGER) AS runs,
      MAX(CASE WHEN k = 1 THEN outcome END) AS first_outcome, MAX(CASE WHEN k = n THEN outcome END) AS last_outcome,
      MAX(CASE WHEN k = 1 THEN run_id END) AS first_run, MAX(CASE WHEN k = n THEN run_id END) AS last_run
    FROM ex GROUP BY sn, stage)`;

export function retestSql(filter: AnalyticsFilter) {
  const scope = scopeCte(filter);
  const sql = `${executions(scope.sql)}
SELECT GROUPING(stage) AS g_stage, COALESCE(stage, '') AS stage_name,
  CAST(COUNT(*) AS INTEGER) AS serials,
  CAST(COUNT(*) FILTER (WHERE runs > 1) AS INTEGER) AS retested,
  CAST(SUM(runs) AS INTEGER) AS runs,
  CAST(COUNT(*) FILTER (WHERE first_outcome = 'PASS') AS INTEGER) AS first_pass,
  CAST(COUNT(*) FILTER (WHERE last_outcome = 'PASS') AS INTEGER) AS last_pass,
  CAST(COUNT(*) FILTER (WHERE first_outcome <> 'PASS') AS INTEGER) AS first_fail,
  CAST(COUNT(*) FILTER (WHERE first_outcome <> 'PASS' AND last_outcome = 'PASS') AS INTEGER) AS recovered
FROM per_serial
GROUP BY GROUPING SETS ((), (stage))`;
  return { sql, params: scope.params };
}

/** The retest view for all stages (first) and for each stage (sorted). */
export async function retests(store: Store, filter: AnalyticsFilter): Promise<RetestSummary[]> {
  const { sql, params } = retestSql(filter);
  const rows = await store.query(sql, params);
  const n = (r: (typeof rows)[number], k: string) => Number(r[k] ?? 0);
  const out = rows.map(
    (r): RetestSummary => ({
      stage: r.g_stage === 0 ? String(r.stage_name) : null,
      serials: n(r, 'serials'),
      retested: n(r, 'retested'),
      runs: n(r, 'runs'),
      retestRate: proportion(n(r, 'retested'), n(r, 'serials')),
      firstRunYield: proportion(n(r, 'first_pass'), n(r, 'serials')),
      lastRunYield: proportion(n(r, 'last_pass'), n(r, 'serials')),
      recovered: n(r, 'recovered'),
      retestRecovery: proportion(n(r, 'recovered'), n(r, 'first_fail')),
    }),
  );
  return out.sort((a, b) => (a.stage === null ? -1 : b.stage === null ? 1 : byText(a.stage, b.stage)));
}

/** Serials tested in more than one run, most runs first, at most `limit` of them. */
export async function retestedSerials(store: Store, filter: AnalyticsFilter, limit = 100): Promise<RetestSerial[]> {
  const scope = scopeCte(filter);
  const sql = `${executions(scope.sql)}
SELECT sn, stage, runs, first_outcome, last_outcome, first_run, last_run FROM per_serial WHERE runs > 1`;
  const rows = await store.query(sql, scope.params);
  return rows
    .map((r) => ({
      sn: String(r.sn),
      stage: String(r.stage),
      runs: Number(r.runs),
      firstOutcome: String(r.first_outcome),
      lastOutcome: String(r.last_outcome),
      firstRunId: String(r.first_run),
      lastRunId: String(r.last_run),
    }))
    .sort((a, b) => b.runs - a.runs || byText(a.sn, b.sn) || byText(a.stage, b.stage))
    .slice(0, limit);
}
