/**
 * Step durations: how long each step's attempts took — the test time a station spends on it. Per
 * step, over every attempt of tested units (a retried attempt costs time too, so it counts), the
 * median and 95th percentile (`percentile_cont`: linear interpolation), the mean and the longest.
 * MTAP's report showed p50/p95 over all attempts as well, with a nearest-rank quantile.
 *
 *     const d = await stepDurations(store, { runs: [runId] });
 *     d[0]   // { step: 'fw_discovery', attempts: 100, p50Ms: 0.41, p95Ms: 0.9, meanMs: 0.5, maxMs: 2.1 }
 */
import type { Store } from '../store/index.js';
import { scopeCte, TESTED, type AnalyticsFilter } from './filter.js';
import { byText } from './order.js';

export interface StepDuration {
  step: string;
  /** Attempts timed: every attempt of the step in tested units. */
  attempts: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  maxMs: number;
}

interface Row {
  [k: string]: string | number | boolean | null;
  step: string;
  attempts: number;
  p50: number;
  p95: number;
  mean: number;
  max: number;
}

export function stepDurationsSql(filter: AnalyticsFilter) {
  const scope = scopeCte(filter);
  const sql = `WITH ${scope.sql}
SELECT a.step_id AS step,
  CAST(COUNT(*) AS INTEGER) AS attempts,
  CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS DOUBLE PRECISION) AS p50,
  CAST(percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS DOUBLE PRECISION) AS p95,
  CAST(AVG(a.duration_ms) AS DOUBLE PRECISION) AS mean,
  CAST(MAX(a.duration_ms) AS DOUBLE PRECISION) AS max
FROM attempts a JOIN scope s ON s.unit_exec_id = a.unit_exec_id
WHERE s.${TESTED} AND a.duration_ms IS NOT NULL
GROUP BY a.step_id`;
  return { sql, params: scope.params };
}

/** One row per step with timed attempts, sorted by step id. */
export async function stepDurations(store: Store, filter: AnalyticsFilter): Promise<StepDuration[]> {
  const { sql, params } = stepDurationsSql(filter);
  const rows = await store.query<Row>(sql, params);
  return rows
    .map((r) => ({ step: r.step, attempts: r.attempts, p50Ms: r.p50, p95Ms: r.p95, meanMs: r.mean, maxMs: r.max }))
    .sort((a, b) => byText(a.step, b.step));
}
