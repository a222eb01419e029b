/**
 * The full analytics of a scope: every metric of this layer, computed by the same functions the CLI,
 * the report and the dashboard call one by one.
 *
 *     const a = await fullAnalytics(store, { batches: ['LOT7'] });
 *     a.yields.firstPassYield.value, a.rty, a.pareto.step[0], a.strata.station, a.capability
 */
import type { Store } from '../store/index.js';
import { capability, type CapabilityRow } from './capability.js';
import { describeFilter, type AnalyticsFilter } from './filter.js';
import { pareto, type Pareto, type ParetoMode } from './pareto.js';
import { retests, type RetestSummary } from './retest.js';
import { retryRecoveredRate, rolledThroughputYield, stepStats, type StepStats } from './steps.js';
import type { Proportion } from './wilson.js';
import { STRATA, unitYields, type StratumRow, type Stratum, type UnitCounts } from './yields.js';

export interface FullAnalytics {
  filter: AnalyticsFilter;
  /** The filter in words. */
  scope: string;
  yields: UnitCounts;
  /**
   * MTAP's names for the two yields, kept so its users find them: `fpy` is the first-pass yield,
   * `fty` MTAP's "final test yield" = the final yield after retries (not the lean "first-time yield").
   */
  aliases: { fpy: number | null; fty: number | null };
  steps: StepStats[];
  /** Π of per-step first-pass yields. */
  rty: number | null;
  /** Step executions that failed then passed ÷ step executions (MTAP's flaky_rate). */
  retryRecovered: Proportion;
  paretoMode: ParetoMode;
  pareto: Pareto;
  strata: Record<Stratum, StratumRow[]>;
  /** All stages first (`stage: null`), then each stage. */
  retest: RetestSummary[];
  capability: CapabilityRow[];
}

export interface FullOptions {
  paretoMode?: ParetoMode;
  strata?: readonly Stratum[];
}

export async function fullAnalytics(store: Store, filter: AnalyticsFilter, opts: FullOptions = {}): Promise<FullAnalytics> {
  const paretoMode = opts.paretoMode ?? 'first';
  // One query each; a store runs them one at a time (DuckDB has one connection), so no Promise.all.
  const { summary, strata } = await unitYields(store, filter, opts.strata ?? STRATA);
  const steps = await stepStats(store, filter);
  const paretoRows = await pareto(store, filter, paretoMode);
  const retest = await retests(store, filter);
  const cap = await capability(store, filter);
  return {
    filter,
    scope: describeFilter(filter),
    yields: summary,
    aliases: { fpy: summary.firstPassYield.value, fty: summary.finalYield.value },
    steps,
    rty: rolledThroughputYield(steps),
    retryRecovered: retryRecoveredRate(steps),
    paretoMode,
    pareto: paretoRows,
    strata,
    retest,
    capability: cap,
  };
}
