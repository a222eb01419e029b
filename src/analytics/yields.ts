/**
 * Unit-level yields: units tested, first-pass yield, final yield, and the same split by a dimension
 * (stratification), all from one query over the scope.
 *
 * Definitions (docs/analytics.md has them in full):
 * - A unit is one serial's final execution in one run. Tested = outcome PASS, FAIL or ERROR; ABORTED
 *   units are counted apart and left out of every denominator. ERROR (the tester could not test it)
 *   is a non-pass.
 * - First pass: the unit passed and none of its attempts failed or was a retry — every step it
 *   executed passed on its first attempt. Steps gated out (stage, flags, conditions) have no attempts,
 *   so they can never count against it (MTAP counted every step it had seen anywhere: bug 25).
 *   Firmware discovery counts like a step: a discovery PING that needed a retry is rework too.
 * - Final yield: units that passed (after in-run retries) ÷ units tested.
 *
 *     const { summary, strata } = await unitYields(store, { batches: ['LOT7'] }, ['station', 'temp_bin']);
 */
import type { Store } from '../store/index.js';
import { scopeCte, TESTED, type AnalyticsFilter } from './filter.js';
import { byGroup } from './order.js';
import { proportion, type Proportion } from './wilson.js';

/** The dimensions a yield can be split by. */
export const STRATA = ['station', 'stage', 'batch', 'firmware', 'site', 'plan_version', 'temp_bin', 'day'] as const;
export type Stratum = (typeof STRATA)[number];

/** The measurement field whose mean gives a unit's temperature bin (MTAP's). */
export const TEMP_FIELD = 'temp_c';

/** Temperature bins: a unit's mean passed `temp_c`; MTAP's labels and half-open boundaries. */
export const TEMP_BINS = ['<20C', '20-30C', '30-40C', '>=40C', 'UNKNOWN'] as const;

/** The label of a missing value in any dimension (MTAP wrote "None" for null). */
export const UNKNOWN = 'UNKNOWN';

const text = (expr: string) => `COALESCE(CAST(${expr} AS VARCHAR), '${UNKNOWN}')`;

/** Each dimension as an expression over the scope `s` (and the unit's mean temperature `t.temp`). */
const DIMENSION_SQL: Record<Stratum, string> = {
  station: text('s.station_id'),
  stage: text('s.stage'),
  batch: text('s.batch_id'),
  firmware: text('s.fw_version'),
  site: text('s.site'),
  plan_version: text('s.plan_version'),
  temp_bin: `CASE WHEN t.temp IS NULL THEN '${UNKNOWN}' WHEN t.temp < 20 THEN '<20C' WHEN t.temp < 30 THEN '20-30C' WHEN t.temp < 40 THEN '30-40C' ELSE '>=40C' END`,
  day: text('CAST(s.started_at AS DATE)'),
};

/** Counts of one group of units (or of all of them). */
export interface UnitCounts {
  /** Units tested: PASS + FAIL + ERROR. */
  units: number;
  passed: number;
  failed: number;
  errors: number;
  /** Units stopped before the end: not in any denominator. */
  aborted: number;
  /** Tested units that passed with every executed step passing on its first attempt. */
  firstPass: number;
  firstPassYield: Proportion;
  finalYield: Proportion;
}

export interface StratumRow extends UnitCounts {
  dimension: Stratum;
  group: string;
}

export interface UnitYields {
  summary: UnitCounts;
  /** Every requested dimension's groups, each dimension's groups sorted by name. */
  strata: Record<Stratum, StratumRow[]>;
}

interface CountRow {
  [k: string]: string | number | boolean | null;
  units: number;
  passed: number;
  failed: number;
  errors: number;
  aborted: number;
  first_pass: number;
}

function counts(r: CountRow): UnitCounts {
  return {
    units: r.units,
    passed: r.passed,
    failed: r.failed,
    errors: r.errors,
    aborted: r.aborted,
    firstPass: r.first_pass,
    firstPassYield: proportion(r.first_pass, r.units),
    finalYield: proportion(r.passed, r.units),
  };
}

/** The SQL: one row for all units, then one per group of each dimension (GROUPING SETS). */
export function unitYieldsSql(filter: AnalyticsFilter, dimensions: readonly Stratum[]) {
  const scope = scopeCte(filter);
  const needsTemp = dimensions.includes('temp_bin');
  const dims = dimensions.map((d) => `${DIMENSION_SQL[d]} AS ${d}`);
  const sql = `WITH ${scope.sql},
  rework AS (
    -- executions with a failed attempt or a retry: never first pass
    SELECT DISTINCT unit_exec_id FROM attempts WHERE NOT passed OR attempt > 1),
  ${
    needsTemp
      ? `unit_temp AS (
    SELECT m.unit_exec_id, AVG(m.value) AS temp FROM measurements m
    WHERE m.field = '${TEMP_FIELD}' AND m.passed AND m.value IS NOT NULL GROUP BY m.unit_exec_id),`
      : ''
  }
  facts AS (
    SELECT s.outcome, CASE WHEN s.outcome = 'PASS' AND r.unit_exec_id IS NULL THEN 1 ELSE 0 END AS first_pass
      ${dims.map((d) => `, ${d}`).join('')}
    FROM scope s LEFT JOIN rework r ON r.unit_exec_id = s.unit_exec_id
    ${needsTemp ? 'LEFT JOIN unit_temp t ON t.unit_exec_id = s.unit_exec_id' : ''})
SELECT ${dimensions.map((d) => `GROUPING(${d}) AS g_${d}, ${d}, `).join('')}
  CAST(COUNT(*) FILTER (WHERE ${TESTED}) AS INTEGER) AS units,
  CAST(COUNT(*) FILTER (WHERE outcome = 'PASS') AS INTEGER) AS passed,
  CAST(COUNT(*) FILTER (WHERE outcome = 'FAIL') AS INTEGER) AS failed,
  CAST(COUNT(*) FILTER (WHERE outcome = 'ERROR') AS INTEGER) AS errors,
  CAST(COUNT(*) FILTER (WHERE outcome = 'ABORTED') AS INTEGER) AS aborted,
  CAST(COUNT(*) FILTER (WHERE first_pass = 1) AS INTEGER) AS first_pass
FROM facts
GROUP BY GROUPING SETS (${['()', ...dimensions.map((d) => `(${d})`)].join(', ')})`;
  return { sql, params: scope.params };
}

export async function unitYields(store: Store, filter: AnalyticsFilter, dimensions: readonly Stratum[] = STRATA): Promise<UnitYields> {
  const { sql, params } = unitYieldsSql(filter, dimensions);
  const rows = await store.query<CountRow>(sql, params);
  const strata = Object.fromEntries(STRATA.map((d) => [d, [] as StratumRow[]])) as Record<Stratum, StratumRow[]>;
  let summary: UnitCounts = counts({ units: 0, passed: 0, failed: 0, errors: 0, aborted: 0, first_pass: 0 });
  for (const r of rows) {
    // GROUPING(d) is 0 in the rows grouped by d; the grand total has every dimension grouped out.
    const by = dimensions.find((d) => r[`g_${d}`] === 0);
    if (by === undefined) summary = counts(r);
    else strata[by].push({ dimension: by, group: String(r[by]), ...counts(r) });
  }
  for (const d of dimensions) strata[d].sort((a, b) => byGroup(a.group, b.group));
  return { summary, strata };
}
