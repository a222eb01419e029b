/**
 * Step-level metrics: per step, how often it was executed, failed and recovered; and from those the
 * rolled throughput yield and the retry-recovered rate (the "hidden factory").
 *
 * A step execution is one step in one tested unit execution (firmware discovery is the step
 * `fw_discovery`). The executor retries a step only after a failed attempt and stops at the first
 * pass, and runs a step at most once per execution; so an execution is exactly its attempt 1, it
 * "had a failed attempt" exactly when attempt 1 failed, and it "failed then passed" exactly when it
 * has a passing attempt after the first. The SQL counts those attempts directly, one pass over the
 * attempts with no per-execution grouping (the MTAP v1 reader keeps the same shape).
 *
 *     const steps = await stepStats(store, {});
 *     rolledThroughputYield(steps)      // Π of each step's first-pass yield
 *     retryRecoveredRate(steps)         // executions that failed then passed ÷ executions
 */
import type { Store } from '../store/index.js';
import { scopeCte, type AnalyticsFilter } from './filter.js';
import { byText } from './order.js';
import { proportion, type Proportion } from './wilson.js';

export interface StepStats {
  step: string;
  /** Executions of the step: tested units that executed it (a gated-out step is not executed). */
  executions: number;
  /** Executions with at least one failed attempt. */
  failedExecutions: number;
  /** Executions that failed and then passed on a retry. */
  recovered: number;
  attempts: number;
  failedAttempts: number;
  /** Executions that passed on their first attempt ÷ executions. */
  firstPassYield: Proportion;
  /** Units that failed the step at least once ÷ units that executed it (MTAP's fail_rate_units). */
  failRateUnits: Proportion;
  /** Failed attempts ÷ attempts (MTAP's fail_rate_attempts). */
  failRateAttempts: Proportion;
  /** Recovered ÷ executions. */
  recoveredRate: Proportion;
}

interface Row {
  [k: string]: string | number | boolean | null;
  step: string;
  executions: number;
  failed_executions: number;
  recovered: number;
  attempts: number;
  failed_attempts: number;
}

export function stepStatsSql(filter: AnalyticsFilter) {
  const scope = scopeCte(filter);
  const sql = `WITH ${scope.sql}
SELECT a.step_id AS step,
  CAST(COUNT(*) FILTER (WHERE a.attempt = 1) AS INTEGER) AS executions,
  CAST(COUNT(*) FILTER (WHERE a.attempt = 1 AND NOT a.passed) AS INTEGER) AS failed_executions,
  CAST(COUNT(*) FILTER (WHERE a.attempt > 1 AND a.passed) AS INTEGER) AS recovered,
  CAST(COUNT(*) AS INTEGER) AS attempts,
  CAST(COUNT(*) FILTER (WHERE NOT a.passed) AS INTEGER) AS failed_attempts
FROM attempts a JOIN scope s ON s.unit_exec_id = a.unit_exec_id
WHERE s.outcome <> 'ABORTED'
GROUP BY a.step_id`;
  return { sql, params: scope.params };
}

/** One row per executed step, sorted by step id. */
export async function stepStats(store: Store, filter: AnalyticsFilter): Promise<StepStats[]> {
  const { sql, params } = stepStatsSql(filter);
  const rows = await store.query<Row>(sql, params);
  return rows
    .map((r) => ({
      step: r.step,
      executions: r.executions,
      failedExecutions: r.failed_executions,
      recovered: r.recovered,
      attempts: r.attempts,
      failedAttempts: r.failed_attempts,
      firstPassYield: proportion(r.executions - r.failed_executions, r.executions),
      failRateUnits: proportion(r.failed_executions, r.executions),
      failRateAttempts: proportion(r.failed_attempts, r.attempts),
      recoveredRate: proportion(r.recovered, r.executions),
    }))
    .sort((a, b) => byText(a.step, b.step));
}

/**
 * Rolled throughput yield: the product of every executed step's first-pass yield, each over the units
 * that executed it. Null when no step was executed.
 */
export function rolledThroughputYield(steps: readonly StepStats[]): number | null {
  const executed = steps.filter((s) => s.executions > 0);
  if (executed.length === 0) return null;
  return executed.reduce((p, s) => p * (s.firstPassYield.value ?? 1), 1);
}

/** Step executions that failed then passed ÷ step executions (MTAP's flaky_rate). */
export function retryRecoveredRate(steps: readonly StepStats[]): Proportion {
  let recovered = 0;
  let executions = 0;
  for (const s of steps) {
    recovered += s.recovered;
    executions += s.executions;
  }
  return proportion(recovered, executions);
}
