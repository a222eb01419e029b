/**
 * The dashboard's JSON API, as types both the server and the browser client compile against. Every
 * data endpoint answers an `Envelope`: where the data came from (the store, the run directories when
 * the store is absent, busy or empty, or an opened file) and the data, or null when there is none
 * yet (the client then shows an empty state with `source.notice`, never an error).
 *
 * Row shapes are type aliases, not interfaces: the store's query() needs rows with an index signature.
 */
import type { FlowGraph } from '../../flow/render/graph.js';

export type SourceKind = 'store' | 'runs-dir' | 'file' | 'none';

export interface SourceInfo {
  /** `main` (the store, or the run directories standing in for it) or `file:<id>` (an opened file). */
  id: string;
  kind: SourceKind;
  /** What is shown: a store path or URL (password hidden), a runs root, a file name. */
  label: string;
  /** Why this source and not the store, or what to do to get data; null when all is well. */
  notice: string | null;
}

export interface Envelope<T> {
  source: SourceInfo;
  data: T | null;
}

export interface ApiError {
  error: { code: string; message: string };
}

/** GET /api/meta: what the filter bar offers for this source. */
export interface FilterOptions {
  stations: string[];
  stages: string[];
  batches: string[];
  fws: string[];
  planVersions: string[];
  /** First and last day (UTC, YYYY-MM-DD) with a unit; null when there is none. */
  days: { min: string; max: string } | null;
}

export interface Meta {
  version: string;
  runsRoot: string;
  store: string | null;
  options: FilterOptions;
}

/** A run in the store (or the run directories), for the Overview's run list. */
export type RunRow = {
  run_id: string;
  source: string;
  station_id: string | null;
  batch_id: string | null;
  stage: string | null;
  plan_name: string | null;
  plan_version: string | null;
  created_at: string | null;
  sn_count: number | null;
  units: number;
  passed: number;
  failed: number;
  errored: number;
  aborted: number;
  /** `complete`: every serial has a result; `incomplete`: some have none (stopped, or still running). */
  status: 'complete' | 'incomplete';
};

/** GET /api/units?q=: serials matching a search. */
export type SerialMatch = {
  sn: string;
  executions: number;
  last_outcome: string | null;
  last_at: string | null;
};

/** One execution of a serial (a unit in one run; a resumed run may test it again). */
export type UnitExecution = {
  unit_exec_id: string;
  run_id: string;
  sn: string;
  site: number | null;
  batch_id: string | null;
  station_id: string | null;
  stage: string | null;
  plan_name: string | null;
  plan_version: string | null;
  fw_version: string | null;
  outcome: string | null;
  hard_bin: number | null;
  soft_bin: number | null;
  bin_description: string | null;
  deciding_step: string | null;
  deciding_code: string | null;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  attempts: number | null;
  /** True for the serial's result in its run (its latest execution there). */
  final: boolean;
};

export type AttemptRow = {
  unit_exec_id: string;
  run_id: string;
  step_id: string;
  kind: string | null;
  command: string | null;
  attempt: number;
  passed: boolean;
  error_code: string | null;
  message: string | null;
  duration_ms: number | null;
  site: number | null;
  started_at: string | null;
  ended_at: string | null;
  /** The attempt's measurements as `field=value units` text, in order. */
  measurements: string | null;
};

/** GET /api/units/:sn */
export interface UnitHistory {
  sn: string;
  executions: UnitExecution[];
  attempts: AttemptRow[];
}

/** GET /api/live/runs: the run directories under the runs root, newest first. */
export interface LiveRunInfo {
  run_id: string;
  created_at: string;
  batch_id: string;
  station_id: string;
  plan: string;
  sns: number;
  /** True once results_summary.json is written (the run ended). */
  finished: boolean;
}

export interface LiveSite {
  site: number;
  /** The serial under test, or null when the site is between units. */
  sn: string | null;
  /** The last step the unit finished (attempts are recorded when they end), with its result. */
  step: string | null;
  attempt: number | null;
  step_passed: boolean | null;
  passed: number;
  failed: number;
  errored: number;
  aborted: number;
}

export interface LiveSnapshot {
  run_id: string;
  batch_id: string;
  station_id: string;
  plan: string;
  stage: string;
  created_at: string;
  finished: boolean;
  sns: number;
  /** Serials with a result (their last unit record). */
  done: number;
  passed: number;
  failed: number;
  errored: number;
  aborted: number;
  attempts: number;
  /** Final and first-pass yield of the units done so far (record's definitions), null before any. */
  final_yield: number | null;
  first_pass_yield: number | null;
  /** Final yield over the last `rolling_window` units done, after each unit. */
  rolling_window: number;
  rolling: { done: number; yield: number }[];
  sites: LiveSite[];
  /** The latest failing units, newest first. */
  recent_failures: { sn: string; site: number; outcome: string; deciding_step: string | null; deciding_code: string | null; ended_at: string }[];
  /** Lines that could not be read as records (skipped, as every mtap reader does). */
  skipped_lines: number;
  updated_at: string;
}

/** GET /api/flow/plans */
export interface PlanRef {
  id: string;
  name: string;
  version: string;
  /** Where it was found: a run directory's copy or a --plan file. */
  origin: string;
  runs: number;
}

// The flow graph is the flow model's (src/flow/render/graph.ts): the same shape the report draws.
export type { FlowEdge, FlowGraph, FlowNode, FlowNodeKind } from '../../flow/render/graph.js';

/** GET /api/flow/plans/:id */
export interface PlanDetail {
  id: string;
  name: string;
  version: string;
  defaultJob: string;
  jobs: string[];
  flags: { name: string; on: boolean }[];
  steps: { id: string; clean: string; name: string; test_num: number | null }[];
  graph: FlowGraph;
  listing: string;
  mermaid: string;
}

/** GET /api/flow/plans/:id/dry-run */
export interface DryRunResult {
  job: string;
  enabled: string[];
  failing: string[];
  ran: ({ kind: 'test'; id: string; clean: string; test_num: number | null; name: string; failed: boolean } | { kind: 'log'; message: string })[];
  failing_not_run: string[];
  verdict: { outcome: string; hard_bin: number | null; soft_bin: number | null; bin_description: string | null; deciding_step: string | null };
}

/** POST /api/open */
export interface OpenedFile {
  source: SourceInfo;
  name: string;
  bytes: number;
  kind: 'mtap' | 'mtap-v1';
  runs: number;
  units: number;
  attempts: number;
  skipped_lines: number;
}

/*
 * The analytics views. These mirror the analytics module's result types (src/analytics) field for
 * field; the server assigns the module's results to them, so the compiler catches any drift. They
 * are restated here because the browser client cannot import the analytics layer (it runs SQL).
 */

export interface Interval {
  lo: number;
  hi: number;
}

/** A yield or rate: count ÷ total, with its Wilson 95% interval (null when total is 0). */
export interface Proportion {
  count: number;
  total: number;
  value: number | null;
  ci: Interval | null;
}

export interface UnitCounts {
  units: number;
  passed: number;
  failed: number;
  errors: number;
  aborted: number;
  firstPass: number;
  firstPassYield: Proportion;
  finalYield: Proportion;
}

export interface StratumRow extends UnitCounts {
  dimension: string;
  group: string;
}

export interface StepStatsRow {
  step: string;
  executions: number;
  failedExecutions: number;
  recovered: number;
  attempts: number;
  failedAttempts: number;
  firstPassYield: Proportion;
  failRateUnits: Proportion;
  failRateAttempts: Proportion;
  recoveredRate: Proportion;
}

/** GET /api/overview */
export interface OverviewData {
  /** The filter in words (analytics' describeFilter). */
  scope: string;
  yields: UnitCounts;
  rty: number | null;
  retryRecovered: Proportion;
  trend: { day: StratumRow[]; batch: StratumRow[] };
  steps: StepStatsRow[];
  runs: RunRow[];
}

export const PARETO_BY = ['step', 'error', 'bin', 'batch', 'station'] as const;
export type ParetoBy = (typeof PARETO_BY)[number];
export type ParetoMode = 'first' | 'all';

export interface ParetoRow {
  name: string;
  count: number;
  percent: number;
  cumulative: number;
}

/** GET /api/pareto */
export interface ParetoData {
  scope: string;
  mode: ParetoMode;
  pareto: Record<ParetoBy, ParetoRow[]>;
}

/** GET /api/pareto/units: the units behind one Pareto bar. */
export type FailingUnit = {
  sn: string;
  run_id: string;
  unit_exec_id: string;
  outcome: string;
  hard_bin: number | null;
  deciding_step: string | null;
  deciding_code: string | null;
  batch_id: string | null;
  station_id: string | null;
  started_at: string | null;
  /** How many of the bar's failures are this unit's (1 when counting first failures). */
  failures: number;
};

export const HEATMAP_BY = ['batch', 'station', 'site', 'temp_bin', 'firmware'] as const;
export type HeatmapBy = (typeof HEATMAP_BY)[number];

/** GET /api/heatmap: failures by step (rows) × a dimension (columns). */
export interface HeatmapData {
  scope: string;
  by: HeatmapBy;
  mode: ParetoMode;
  steps: string[];
  groups: string[];
  /** cells[i][j]: failures of steps[i] in groups[j]. */
  cells: number[][];
  /** Groups left out (the columns shown are those with the most failures). */
  omittedGroups: number;
  /** Null when shown; otherwise why this dimension cannot be shown. */
  unavailable: string | null;
}

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
  sd: number | null;
  min: number;
  max: number;
  p5: number;
  p50: number;
  p95: number;
  mrBar: number | null;
  sigmaWithin: number | null;
  within: Indices;
  overall: Indices;
  warnings: string[];
}

/** GET /api/measurements */
export interface MeasurementsData {
  scope: string;
  rows: CapabilityRow[];
}

export type MeasurementValue = { value: number; at: string | null; sn: string; run_id: string };

/** GET /api/measurements/series: one measurement's values in time order, for the histogram and run chart. */
export interface MeasurementSeries {
  scope: string;
  capability: CapabilityRow;
  values: MeasurementValue[];
  /** Individuals-chart control limits, mean ± 3σ_within (analytics' mean and σ); null without σ. */
  control: { lcl: number; ucl: number } | null;
  /** Values left out beyond the most recent ones shown (the capability row counts them all). */
  omitted: number;
}
