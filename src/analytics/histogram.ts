/**
 * Histograms of numeric measurements: the distribution behind each capability row, counted in SQL so
 * a chart never needs the raw values. Same values as capability (the measurement in the final attempt
 * of each step execution of tested units, one row per step, field and set of limits); equal-width
 * bins from the smallest to the largest value, as many as Sturges' rule gives (⌈log₂ n⌉ + 1, at
 * least 5 and at most 40). Bin i holds [min + i·w, min + (i+1)·w), the last one its upper end too.
 *
 *     const h = await measurementHistograms(store, { runs: [runId] });
 *     h[0]   // { step: 'read_temp', field: 'temp_c', lo: 10, hi: null, n: 100, min: 8.1, max: 29.9, width: 1.45, counts: [3, 0, …] }
 */
import type { Store } from '../store/index.js';
import { finalValuesCtes } from './capability.js';
import { scopeCte, type AnalyticsFilter } from './filter.js';
import { byKeys } from './order.js';

export const MIN_BINS = 5;
export const MAX_BINS = 40;

export interface Histogram {
  step: string;
  field: string;
  lo: number | null;
  hi: number | null;
  /** Values counted (equals the capability row's n). */
  n: number;
  min: number;
  max: number;
  /** Bin width; 0 when every value is the same (one bin). */
  width: number;
  counts: number[];
}

interface Row {
  [k: string]: string | number | boolean | null;
  step: string;
  field: string;
  lo: number | null;
  hi: number | null;
  n: number;
  vmin: number;
  vmax: number;
  k: number;
  bin: number;
  count: number;
}

export function histogramSql(filter: AnalyticsFilter) {
  const scope = scopeCte(filter);
  const same = (c: string) => `b.${c} IS NOT DISTINCT FROM f.${c}`;
  const sql = `WITH ${scope.sql},
  ${finalValuesCtes()},
  bounds AS (
    SELECT step_id, field, lo, hi, COUNT(*) AS n, MIN(value) AS vmin, MAX(value) AS vmax
    FROM final_values GROUP BY step_id, field, lo, hi),
  sized AS (
    SELECT step_id, field, lo, hi, n, vmin, vmax,
      LEAST(${MAX_BINS}, GREATEST(${MIN_BINS}, CAST(CEIL(LN(CAST(n AS DOUBLE PRECISION)) / LN(2.0)) AS INTEGER) + 1)) AS k
    FROM bounds),
  binned AS (
    SELECT f.step_id, f.field, f.lo, f.hi, b.n, b.vmin, b.vmax, b.k,
      CAST(CASE WHEN b.vmax = b.vmin THEN 0 ELSE LEAST(b.k - 1, FLOOR((f.value - b.vmin) / (b.vmax - b.vmin) * b.k)) END AS INTEGER) AS bin
    FROM final_values f JOIN sized b ON b.step_id = f.step_id AND b.field = f.field AND ${same('lo')} AND ${same('hi')})
SELECT step_id AS step, field, lo, hi, CAST(n AS INTEGER) AS n,
  CAST(vmin AS DOUBLE PRECISION) AS vmin, CAST(vmax AS DOUBLE PRECISION) AS vmax, CAST(k AS INTEGER) AS k, bin,
  CAST(COUNT(*) AS INTEGER) AS count
FROM binned
GROUP BY step_id, field, lo, hi, n, vmin, vmax, k, bin`;
  return { sql, params: scope.params };
}

/** One histogram per (step, field, limits), in capability's order. */
export async function measurementHistograms(store: Store, filter: AnalyticsFilter): Promise<Histogram[]> {
  const { sql, params } = histogramSql(filter);
  const rows = await store.query<Row>(sql, params);
  const byKey = new Map<string, Histogram>();
  for (const r of rows) {
    const key = JSON.stringify([r.step, r.field, r.lo, r.hi]);
    let h = byKey.get(key);
    if (!h) {
      // Every value the same: one bin of width 0, not k empty bins around it.
      const bins = r.vmax > r.vmin ? r.k : 1;
      h = { step: r.step, field: r.field, lo: r.lo, hi: r.hi, n: r.n, min: r.vmin, max: r.vmax, width: (r.vmax - r.vmin) / bins, counts: new Array<number>(bins).fill(0) };
      byKey.set(key, h);
    }
    h.counts[Math.min(h.counts.length - 1, r.bin)]! += r.count;
  }
  return [...byKey.values()].sort(byKeys((h) => h.step, (h) => h.field, (h) => h.lo ?? -Infinity, (h) => h.hi ?? Infinity));
}
