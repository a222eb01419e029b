/**
 * The analytics views' data: the analytics module's functions, called with the dashboard's filter
 * and shaped for the API. Every yield, rate, count of failures and capability index shown comes from
 * src/analytics; the two listings made here (the units behind a Pareto bar, the values behind a
 * capability row) select exactly what the module counted, and a test checks that they add up to its
 * numbers.
 */
import {
  capability,
  describeFilter,
  NONE,
  pareto,
  retryRecoveredRate,
  rolledThroughputYield,
  scopeCte,
  stepStats,
  unitYields,
  type AnalyticsFilter,
  type Stratum,
} from '../analytics/index.js';
import type { SqlValue, Store } from '../store/index.js';
import { runList } from './queries.js';
import type {
  CapabilityRow,
  FailingUnit,
  HeatmapBy,
  HeatmapData,
  MeasurementSeries,
  MeasurementsData,
  OverviewData,
  ParetoBy,
  ParetoData,
  ParetoMode,
} from './shared/api.js';
import { analyticsFilter } from './filter.js';
import type { Filter } from './shared/filter.js';

/**
 * What the Overview shows, and nothing more: every metric here is a query over the whole scope (a
 * second or more over millions of attempts), so one the page does not draw is not computed.
 */
export async function overview(store: Store, f: Filter): Promise<OverviewData> {
  const filter = analyticsFilter(f);
  const { summary, strata } = await unitYields(store, filter, ['day', 'batch']);
  const steps = await stepStats(store, filter);
  return {
    scope: describeFilter(filter),
    yields: summary,
    rty: rolledThroughputYield(steps),
    retryRecovered: retryRecoveredRate(steps),
    trend: { day: strata.day, batch: strata.batch },
    steps,
    runs: await runList(store, f),
  };
}

export async function paretoData(store: Store, f: Filter, mode: ParetoMode): Promise<ParetoData> {
  const filter = analyticsFilter(f);
  return { scope: describeFilter(filter), mode, pareto: await pareto(store, filter, mode) };
}

/**
 * Each Pareto category as analytics/pareto.ts defines it (`s`: the unit, `a`: a failed attempt).
 * The units listed for a bar must be the ones it counted: test/dashboard/api.test.ts checks that
 * their failures add up to every bar's count.
 */
const label = (expr: string) => `COALESCE(CAST(${expr} AS VARCHAR), '${NONE}')`;
const CATEGORY: Record<ParetoMode, Record<ParetoBy, string>> = {
  first: { step: label('s.deciding_step'), error: label('s.deciding_code'), bin: label('s.hard_bin'), batch: label('s.batch_id'), station: label('s.station_id') },
  all: { step: label('a.step_id'), error: label('a.error_code'), bin: label('a.bin'), batch: label('s.batch_id'), station: label('s.station_id') },
};

/** The units behind one Pareto bar, those with the most failures first. */
export async function paretoUnits(store: Store, f: Filter, mode: ParetoMode, by: ParetoBy, name: string, limit = 1000): Promise<FailingUnit[]> {
  const scope = scopeCte(analyticsFilter(f));
  const params: SqlValue[] = [...scope.params, name];
  const key = `$${params.length}`;
  const cols = `s.sn, s.run_id, s.unit_exec_id, s.outcome, s.hard_bin, s.deciding_step, s.deciding_code, s.batch_id, s.station_id, CAST(s.started_at AS VARCHAR) AS started_at`;
  const sql =
    mode === 'first'
      ? `WITH ${scope.sql}
         SELECT ${cols}, 1 AS failures FROM scope s
         WHERE s.outcome <> 'ABORTED' AND s.outcome <> 'PASS' AND ${CATEGORY.first[by]} = ${key}`
      : `WITH ${scope.sql}
         SELECT ${cols}, CAST(COUNT(*) AS INTEGER) AS failures
         FROM attempts a JOIN scope s ON s.unit_exec_id = a.unit_exec_id
         WHERE s.outcome <> 'ABORTED' AND NOT a.passed AND ${CATEGORY.all[by]} = ${key}
         GROUP BY s.sn, s.run_id, s.unit_exec_id, s.outcome, s.hard_bin, s.deciding_step, s.deciding_code, s.batch_id, s.station_id, s.started_at`;
  const rows = await store.query<FailingUnit>(sql, params);
  return rows
    .sort((a, b) => b.failures - a.failures || (a.started_at ?? '').localeCompare(b.started_at ?? '') || a.sn.localeCompare(b.sn))
    .slice(0, limit);
}

/** Heatmap columns shown at most; the rest are counted in `omittedGroups`. */
const MAX_HEATMAP_GROUPS = 40;

/** The analytics filter key that narrows to one group of a dimension, where there is one. */
const NARROW: Partial<Record<HeatmapBy, (filter: AnalyticsFilter, group: string) => AnalyticsFilter>> = {
  batch: (filter, g) => ({ ...filter, batches: [g] }),
  station: (filter, g) => ({ ...filter, stations: [g] }),
  firmware: (filter, g) => ({ ...filter, firmware: [g] }),
};

const STRATUM: Record<HeatmapBy, Stratum> = { batch: 'batch', station: 'station', site: 'site', temp_bin: 'temp_bin', firmware: 'firmware' };

/**
 * Failures by step × group: for each group of the dimension, the analytics Pareto by step over the
 * filter narrowed to that group. Dimensions the analytics filter cannot narrow to (site,
 * temperature bin) are reported unavailable rather than counted here.
 */
export async function heatmap(store: Store, f: Filter, by: HeatmapBy, mode: ParetoMode): Promise<HeatmapData> {
  const filter = analyticsFilter(f);
  const base = { scope: describeFilter(filter), by, mode };
  const narrow = NARROW[by];
  if (!narrow) {
    return {
      ...base,
      steps: [],
      groups: [],
      cells: [],
      omittedGroups: 0,
      unavailable: `failures by step × ${by === 'site' ? 'site' : 'temperature bin'} need a breakdown the analytics module does not offer yet (its filter cannot select one ${by === 'site' ? 'site' : 'temperature bin'})`,
    };
  }
  // Groups with any non-passing unit or failed attempt, the most failing first.
  const { strata } = await unitYields(store, filter, [STRATUM[by]]);
  const candidates = strata[STRATUM[by]].filter((r) => r.group !== 'UNKNOWN');
  const counted: { group: string; steps: Map<string, number>; total: number }[] = [];
  for (const r of candidates) {
    const p = await pareto(store, narrow(filter, r.group), mode);
    const total = p.step.reduce((n, x) => n + x.count, 0);
    if (total > 0) counted.push({ group: r.group, steps: new Map(p.step.map((x) => [x.name, x.count])), total });
  }
  counted.sort((a, b) => b.total - a.total || a.group.localeCompare(b.group));
  const shown = counted.slice(0, MAX_HEATMAP_GROUPS).sort((a, b) => a.group.localeCompare(b.group, undefined, { numeric: true }));
  const stepTotals = new Map<string, number>();
  for (const g of shown) for (const [s, n] of g.steps) stepTotals.set(s, (stepTotals.get(s) ?? 0) + n);
  const steps = [...stepTotals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
  return {
    ...base,
    steps,
    groups: shown.map((g) => g.group),
    cells: steps.map((s) => shown.map((g) => g.steps.get(s) ?? 0)),
    omittedGroups: counted.length - shown.length,
    unavailable: null,
  };
}

export async function measurements(store: Store, f: Filter): Promise<MeasurementsData> {
  const filter = analyticsFilter(f);
  return { scope: describeFilter(filter), rows: await capability(store, filter) };
}

/** Values sent for one chart at most (the most recent); the capability row still counts them all. */
const MAX_SERIES = 5000;

const sameLimit = (col: string, v: number | null, params: SqlValue[]) => {
  if (v === null) return `${col} IS NULL`;
  params.push(v);
  return `${col} = $${params.length}`;
};

/**
 * One capability row's values in time order: the same selection as analytics' capability (the
 * measurement in the final attempt of each step execution of tested units, numbers only, one set
 * of limits); a test checks the count and mean agree with the row.
 */
export async function measurementSeries(store: Store, f: Filter, row: CapabilityRow): Promise<MeasurementSeries> {
  const filter = analyticsFilter(f);
  const key = row;
  const scope = scopeCte(filter);
  const params: SqlValue[] = [...scope.params, key.step, key.field];
  const stepP = `$${params.length - 1}`;
  const fieldP = `$${params.length}`;
  const lo = sameLimit('m.lo', key.lo, params);
  const hi = sameLimit('m.hi', key.hi, params);
  // The latest MAX_SERIES values, newest first, and how many there are in all: only what is drawn
  // crosses into JS (a million rows turned into objects would cost seconds). The order is the
  // reverse of the chart's (ended_at, unit_exec_id, idx), NULLs last there, so first here.
  const latest = await store.query<{ value: number; at: string | null; sn: string; run_id: string; total: number }>(
    `WITH ${scope.sql},
       superseded AS (SELECT unit_exec_id, step_id, attempt - 1 AS attempt FROM attempts WHERE attempt > 1 AND step_id = ${stepP})
     SELECT m.value, CAST(m.ended_at AS VARCHAR) AS at, s.sn, s.run_id, CAST(COUNT(*) OVER () AS INTEGER) AS total
     FROM measurements m JOIN scope s ON s.unit_exec_id = m.unit_exec_id
       LEFT JOIN superseded x ON x.unit_exec_id = m.unit_exec_id AND x.step_id = m.step_id AND x.attempt = m.attempt
     WHERE s.outcome <> 'ABORTED' AND m.value IS NOT NULL AND x.unit_exec_id IS NULL
       AND m.step_id = ${stepP} AND m.field = ${fieldP} AND ${lo} AND ${hi}
     ORDER BY m.ended_at DESC NULLS FIRST, m.unit_exec_id DESC, m.idx DESC
     LIMIT ${MAX_SERIES}`,
    params,
  );
  const values = latest.reverse().map(({ value, at, sn, run_id }) => ({ value, at, sn, run_id }));
  const sigma = row.sigmaWithin;
  return {
    scope: describeFilter(filter),
    capability: row,
    values,
    control: sigma !== null && sigma > 0 ? { lcl: row.mean - 3 * sigma, ucl: row.mean + 3 * sigma } : null,
    omitted: Math.max(0, (latest[0]?.total ?? 0) - values.length),
  };
}
