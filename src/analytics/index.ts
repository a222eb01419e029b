/**
 * Yield analytics: every metric defined once, as SQL over the store (in the subset DuckDB and
 * PostgreSQL both run), returning typed rows of plain numbers. The CLI (`mtap analytics`), the HTML
 * report and the dashboard call these functions; none of them computes a yield of its own.
 *
 * A *unit* is one serial's final execution in one run; *tested* units are PASS, FAIL or ERROR (ABORTED
 * apart). Definitions in docs/analytics.md.
 *
 *     const store = await openStore(resolveStoreTarget({ runsRoot: 'runs' }));
 *     const a = await fullAnalytics(store, { stations: ['ST04'], from: '2026-11-01' });
 *     a.yields.firstPassYield   // { count, total, value, ci: { lo, hi } }
 *     a.pareto.step             // [{ name, count, percent, cumulative }]
 */
export { binSummary, binSummarySql, type BinRow } from './bins.js';
export { capability, capabilityRow, capabilitySql, D2, finalValuesCtes, indices, MIN_SAMPLES, type CapabilityRow, type Indices } from './capability.js';
export { stepDurations, stepDurationsSql, type StepDuration } from './durations.js';
export { describeFilter, filterConditions, scopeCte, SCOPE_COLUMNS, type AnalyticsFilter, type SqlFragment } from './filter.js';
export { fullAnalytics, type FullAnalytics, type FullOptions } from './full.js';
export { histogramSql, MAX_BINS, measurementHistograms, MIN_BINS, type Histogram } from './histogram.js';
export { NONE, pareto, PARETO_DIMENSIONS, paretoRows, paretoSql, type Pareto, type ParetoDimension, type ParetoMode, type ParetoRow } from './pareto.js';
export { retestedSerials, retests, retestSql, type RetestSerial, type RetestSummary } from './retest.js';
export { retryRecoveredRate, rolledThroughputYield, stepStats, stepStatsSql, type StepStats } from './steps.js';
export { proportion, wilson, Z95, type Interval, type Proportion } from './wilson.js';
export { STRATA, TEMP_BINS, TEMP_FIELD, UNKNOWN, unitYields, unitYieldsSql, type Stratum, type StratumRow, type UnitCounts, type UnitYields } from './yields.js';
export { COMPAT_PARETO_MODE, compatFiles, type CompatFile } from './compat.js';
export { paretoSvg, type ChartOptions } from './svg.js';
export { analyticsTables, capabilityTable, paretoTables, r6, renderCsv, renderText, retestTable, stepsTable, strataTable, summaryTable, toCsv, type Cell, type Table } from './tables.js';
