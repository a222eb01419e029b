/**
 * Process capability per numeric measurement (a step's field, under one set of limits): the
 * distribution (n, mean, sd, min, max, p5/p50/p95) and the capability indices.
 *
 * - Values: the measurement in the final attempt of each step execution of tested units (a retried
 *   attempt is superseded by its retry), numbers only.
 * - Cp/Cpk use the short-term σ_within = MR̄ / d₂(2) = MR̄ / 1.128, MR̄ the mean moving range of
 *   consecutive values in time order (individuals, Minitab's method); Pp/Ppk use the overall sample
 *   sd (n − 1). Cp = (USL − LSL) / 6σ; Cpu = (USL − μ) / 3σ; Cpl = (μ − LSL) / 3σ; Cpk = min of those
 *   that exist. A one-sided limit gives Cpu or Cpl and Cpk, but no Cp.
 * - Rows are per (step, field, lo, hi): a plan version that moved the limits starts a new row rather
 *   than judging old data against new limits.
 * - Fewer than 30 values: the row carries a warning (the indices are not worth much).
 */
import type { Store } from '../store/index.js';
import { scopeCte, TESTED, type AnalyticsFilter } from './filter.js';
import { byKeys } from './order.js';

/** d₂ for subgroups of 2 (a moving range of two consecutive values). */
export const D2 = 1.128;
export const MIN_SAMPLES = 30;

export interface Indices {
  cp: number | null;
  cpk: number | null;
  cpu: number | null;
  cpl: number | null;
}

export interface CapabilityRow {
  step: string;
  field: string;
  lo: number | null;
  hi: number | null;
  n: number;
  mean: number;
  /** Overall sample sd (n − 1); null below 2 values. */
  sd: number | null;
  min: number;
  max: number;
  p5: number;
  p50: number;
  p95: number;
  /** Mean moving range; null below 2 values. */
  mrBar: number | null;
  /** MR̄ / 1.128. */
  sigmaWithin: number | null;
  /** Cp, Cpk, Cpu, Cpl with σ_within. */
  within: Indices;
  /** Pp, Ppk, Ppu, Ppl with the overall sd (named like the within set). */
  overall: Indices;
  warnings: string[];
}

/** Capability indices for a mean and a σ against optional limits (pure). */
export function indices(mean: number, sigma: number | null, lo: number | null, hi: number | null): Indices {
  const none = { cp: null, cpk: null, cpu: null, cpl: null };
  if (sigma === null || !(sigma > 0) || !Number.isFinite(sigma)) return none;
  const cpu = hi === null ? null : (hi - mean) / (3 * sigma);
  const cpl = lo === null ? null : (mean - lo) / (3 * sigma);
  const cp = hi === null || lo === null ? null : (hi - lo) / (6 * sigma);
  const sides = [cpu, cpl].filter((x): x is number => x !== null);
  return { cp, cpk: sides.length ? Math.min(...sides) : null, cpu, cpl };
}

interface Row {
  [k: string]: string | number | boolean | null;
  step: string;
  field: string;
  lo: number | null;
  hi: number | null;
  n: number;
  mean: number;
  sd: number | null;
  min: number;
  max: number;
  p5: number;
  p50: number;
  p95: number;
  mr_bar: number | null;
}

/**
 * The common table expressions `superseded` and `final_values` (after the scope's): the numeric
 * values capability is computed from — the measurement in the final attempt of each step execution
 * of tested units. The report's histograms count the same values.
 */
export function finalValuesCtes(): string {
  // An attempt is final unless a retry followed it. Retries are few, so the superseded attempts are a
  // small set to anti-join against (a correlated NOT EXISTS made DuckDB build the whole attempts table).
  return `superseded AS (SELECT unit_exec_id, step_id, attempt - 1 AS attempt FROM attempts WHERE attempt > 1),
  final_values AS (
    SELECT m.step_id, m.field, m.lo, m.hi, m.value, m.ended_at, m.unit_exec_id, m.idx
    FROM measurements m JOIN scope s ON s.unit_exec_id = m.unit_exec_id
      LEFT JOIN superseded x ON x.unit_exec_id = m.unit_exec_id AND x.step_id = m.step_id AND x.attempt = m.attempt
    WHERE s.${TESTED} AND m.value IS NOT NULL AND x.unit_exec_id IS NULL)`;
}

export function capabilitySql(filter: AnalyticsFilter) {
  const scope = scopeCte(filter);
  const sql = `WITH ${scope.sql},
  ${finalValuesCtes()},
  ranged AS (
    SELECT step_id, field, lo, hi, value,
      ABS(value - LAG(value) OVER (PARTITION BY step_id, field, lo, hi ORDER BY ended_at, unit_exec_id, idx)) AS mr
    FROM final_values)
SELECT step_id AS step, field, lo, hi,
  CAST(COUNT(*) AS INTEGER) AS n,
  CAST(AVG(value) AS DOUBLE PRECISION) AS mean,
  CAST(STDDEV_SAMP(value) AS DOUBLE PRECISION) AS sd,
  CAST(MIN(value) AS DOUBLE PRECISION) AS min,
  CAST(MAX(value) AS DOUBLE PRECISION) AS max,
  CAST(percentile_cont(0.05) WITHIN GROUP (ORDER BY value) AS DOUBLE PRECISION) AS p5,
  CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS DOUBLE PRECISION) AS p50,
  CAST(percentile_cont(0.95) WITHIN GROUP (ORDER BY value) AS DOUBLE PRECISION) AS p95,
  CAST(AVG(mr) AS DOUBLE PRECISION) AS mr_bar
FROM ranged
GROUP BY step_id, field, lo, hi`;
  return { sql, params: scope.params };
}

/** Turn a distribution into a capability row (pure). */
export function capabilityRow(input: Omit<CapabilityRow, 'sigmaWithin' | 'within' | 'overall' | 'warnings'>): CapabilityRow {
  // Identical values have no spread; PostgreSQL's STDDEV_SAMP can return 1e-15 for them, DuckDB 0.
  const r = input.n >= 2 && input.min === input.max ? { ...input, sd: 0, mrBar: 0 } : input;
  const sigmaWithin = r.mrBar === null ? null : r.mrBar / D2;
  const warnings: string[] = [];
  if (r.n < MIN_SAMPLES) warnings.push(`only ${r.n} values (capability needs at least ${MIN_SAMPLES})`);
  if (r.lo === null && r.hi === null) warnings.push('no limits: no capability indices');
  else if (r.sd === 0 || r.mrBar === 0) warnings.push('no variation: indices undefined');
  return {
    ...r,
    sigmaWithin,
    within: indices(r.mean, sigmaWithin, r.lo, r.hi),
    overall: indices(r.mean, r.sd, r.lo, r.hi),
    warnings,
  };
}

/** One row per (step, field, limits), sorted by step, field, then limits. */
export async function capability(store: Store, filter: AnalyticsFilter): Promise<CapabilityRow[]> {
  const { sql, params } = capabilitySql(filter);
  const rows = await store.query<Row>(sql, params);
  return rows
    .map((r) =>
      capabilityRow({
        step: r.step,
        field: r.field,
        lo: r.lo,
        hi: r.hi,
        n: r.n,
        mean: r.mean,
        sd: r.sd,
        min: r.min,
        max: r.max,
        p5: r.p5,
        p50: r.p50,
        p95: r.p95,
        mrBar: r.mr_bar,
      }),
    )
    .sort(byKeys((r) => r.step, (r) => r.field, (r) => r.lo ?? -Infinity, (r) => r.hi ?? Infinity));
}
