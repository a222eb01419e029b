/**
 * What a qualification report shows, as plain data: gathered from a run directory by load.ts, drawn
 * by the page components. Every figure is an analytics result (src/analytics) or a field of the run's
 * records; the page computes nothing of its own.
 */
import type { BinRow, FullAnalytics, Histogram, Pareto, StepDuration } from '../analytics/index.js';
import type { FlowGraph } from '../flow/index.js';
import type { RunInfo } from '../record/index.js';
import type { CoverageRow } from '../trace/index.js';

/**
 * How many rows a table holds before it stops, and other bounds that keep a 10,000-unit report
 * readable and far under 10 MB. Each capped table says how many rows it left out and where they are.
 */
export const LIMITS = {
  /** Failing attempts listed (the rest: events.jsonl / events.csv). */
  failures: 5_000,
  /** Units that did not pass listed with their bins, deciding step and code. */
  nonPassingUnits: 5_000,
  /** Passing units are listed compactly (serials only), up to this many. */
  passingSerials: 50_000,
  /** A DUT message longer than this is cut (with "…"); the log has it whole. */
  messageChars: 300,
  /** Bars in a Pareto chart; the cumulative line still counts every category. */
  paretoBars: 15,
  /** Histograms drawn; further measurements are in the capability table only. */
  histograms: 40,
  /** Flow nodes drawn; a larger flow is described by `mtap flow show` instead. */
  flowNodes: 400,
} as const;

/** One measurement under one set of limits: how capability rows and histograms are matched. */
export const measurementKey = (r: { step: string; field: string; lo: number | null; hi: number | null }): string => JSON.stringify([r.step, r.field, r.lo, r.hi]);

/** A table's rows, and how many there were before the cap. */
export interface Listing<T> {
  rows: T[];
  total: number;
}

export interface FailureRow {
  sn: string;
  /** The unit's final outcome. */
  outcome: string;
  step: string;
  attempt: number;
  code: string | null;
  /** The DUT's or the client's message, cut at LIMITS.messageChars. */
  message: string;
  durationMs: number | null;
  endedAt: string | null;
  /** A retry followed this attempt. */
  retried: boolean;
}

export interface UnitRow {
  sn: string;
  outcome: string;
  hardBin: number | null;
  softBin: number | null;
  binDescription: string | null;
  fwVersion: string | null;
  site: number | null;
  decidingStep: string | null;
  decidingCode: string | null;
  durationMs: number | null;
  attempts: number | null;
}

export type VerdictKind = 'PASS' | 'FAIL' | 'INCOMPLETE';

export interface Verdict {
  kind: VerdictKind;
  /** Why, in words. */
  reason: string;
}

export interface Artifact {
  /** Relative link from the report to the file (URL-encoded). */
  href: string;
  /** The file's path inside the run directory. */
  name: string;
  what: string;
  bytes: number;
}

export interface ReportPlan {
  name: string;
  version: string;
  hash: string;
  file: string;
  /** Units of each measurement, by `step.field` (the plan's `units:`). */
  units: Record<string, string>;
  /** The flow as drawn, or null with `flowNote` saying why. */
  graph: FlowGraph | null;
  flowNote: string | null;
}

export type ReportCoverage = { rows: CoverageRow[]; source: string } | { rows: null; note: string };

export interface ReportData {
  /** ISO-8601 UTC, when the report was made. */
  generatedAt: string;
  /** The mtap version that made the report. */
  generator: string;
  info: RunInfo;
  /** ISO-8601: the run's start (run.json), its end (results_summary.json) or else the last unit's. */
  startedAt: string;
  endedAt: string | null;
  endedAtSource: 'summary' | 'last unit' | null;
  /** Units of each firmware version the DUTs reported (analytics' firmware stratum). */
  firmware: { version: string; units: number }[];
  plan: ReportPlan;
  verdict: Verdict;
  /** Serials of the run (run.json) without a final unit record. */
  notTested: number;
  analytics: FullAnalytics;
  /** Every failed attempt (analytics' `all` Pareto), beside `analytics.pareto` (first failure per unit). */
  paretoAll: Pareto;
  durations: StepDuration[];
  histograms: Histogram[];
  bins: BinRow[];
  coverage: ReportCoverage;
  failures: Listing<FailureRow>;
  nonPassingUnits: Listing<UnitRow>;
  passingSerials: Listing<string>;
  artifacts: Artifact[];
  /** Lines the readers skipped (malformed or torn), so the report says it read the run in part. */
  warnings: string[];
}
