/**
 * Pareto of failures: counts by category, sorted by count (descending) then name, each with its
 * percent of all failures and the cumulative percent (MTAP had neither: bug 26).
 *
 * Two ways of counting (formats-and-yield §3):
 * - `first` (default): one failure per non-passing unit — the failure that decided it: its deciding
 *   step and code, its hard bin, its batch and station. A unit that passed after a retry is not here.
 * - `all`: every failed attempt of tested units, recovered ones included (MTAP's "failed_attempts").
 * A missing category (no code, no bin) is labelled `(none)` (MTAP printed "None").
 *
 *     const p = await pareto(store, {}, 'first');
 *     p.step   // [{ name: 'read_temp', count: 12, percent: 60, cumulative: 60 }, …]
 */
import type { Store } from '../store/index.js';
import { scopeCte, TESTED, type AnalyticsFilter } from './filter.js';
import { byKeys } from './order.js';

export const PARETO_DIMENSIONS = ['step', 'error', 'bin', 'batch', 'station'] as const;
export type ParetoDimension = (typeof PARETO_DIMENSIONS)[number];
export type ParetoMode = 'first' | 'all';

export const NONE = '(none)';

export interface ParetoRow {
  name: string;
  count: number;
  /** count ÷ all failures × 100. */
  percent: number;
  /** Running sum of counts ÷ all failures × 100, in the row order; the last row is exactly 100. */
  cumulative: number;
}

export type Pareto = Record<ParetoDimension, ParetoRow[]>;

/** Sort counts and add percent and cumulative percent (pure). */
export function paretoRows(counts: readonly { name: string; count: number }[]): ParetoRow[] {
  const rows = counts.filter((c) => c.count > 0).sort(byKeys((c) => -c.count, (c) => c.name));
  const total = rows.reduce((n, r) => n + r.count, 0);
  let running = 0;
  return rows.map((r) => {
    running += r.count;
    // From the running count, not by adding rounded percents: the last row is exactly 100.
    return { name: r.name, count: r.count, percent: (r.count * 100) / total, cumulative: (running * 100) / total };
  });
}

const label = (expr: string) => `COALESCE(CAST(${expr} AS VARCHAR), '${NONE}')`;

/** Each dimension's category, for each mode: `s` is the scope (the unit), `a` a failed attempt. */
const CATEGORY: Record<ParetoMode, Record<ParetoDimension, string>> = {
  first: {
    step: label('s.deciding_step'),
    error: label('s.deciding_code'),
    bin: label('s.hard_bin'),
    batch: label('s.batch_id'),
    station: label('s.station_id'),
  },
  all: {
    step: label('a.step_id'),
    error: label('a.error_code'),
    bin: label('a.bin'),
    batch: label('s.batch_id'),
    station: label('s.station_id'),
  },
};

export function paretoSql(filter: AnalyticsFilter, mode: ParetoMode) {
  const scope = scopeCte(filter);
  const from =
    mode === 'first'
      ? `FROM scope s WHERE s.${TESTED} AND s.outcome <> 'PASS'`
      : `FROM attempts a JOIN scope s ON s.unit_exec_id = a.unit_exec_id WHERE s.${TESTED} AND NOT a.passed`;
  const cats = PARETO_DIMENSIONS.map((d) => `${CATEGORY[mode][d]} AS ${d}`).join(', ');
  const sql = `WITH ${scope.sql},
  failures AS (SELECT ${cats} ${from})
SELECT ${PARETO_DIMENSIONS.map((d) => `GROUPING(${d}) AS g_${d}, ${d}, `).join('')}CAST(COUNT(*) AS INTEGER) AS count
FROM failures
GROUP BY GROUPING SETS (${PARETO_DIMENSIONS.map((d) => `(${d})`).join(', ')})`;
  return { sql, params: scope.params };
}

export async function pareto(store: Store, filter: AnalyticsFilter, mode: ParetoMode = 'first'): Promise<Pareto> {
  const { sql, params } = paretoSql(filter, mode);
  const rows = await store.query(sql, params);
  const counts = Object.fromEntries(PARETO_DIMENSIONS.map((d) => [d, [] as { name: string; count: number }[]])) as Record<ParetoDimension, { name: string; count: number }[]>;
  for (const r of rows) {
    const d = PARETO_DIMENSIONS.find((x) => r[`g_${x}`] === 0);
    if (d) counts[d].push({ name: String(r[d]), count: Number(r.count) });
  }
  return Object.fromEntries(PARETO_DIMENSIONS.map((d) => [d, paretoRows(counts[d])])) as Pareto;
}
