/**
 * MTAP's analytics files, for its users' scripts: the same names and leading columns as MTAP's
 * `mtap analytics --run-dir D` wrote under `D/analytics/`, our columns after theirs, and SVG Pareto
 * charts where MTAP drew PNGs. Pure: returns the files; the CLI writes them.
 *
 * Meaning kept from MTAP: Pareto files count failed attempts (their column is `failed_attempts`), and
 * `fty` is the final yield after retries. Fixed: every ratio is over the units that executed what it
 * measures (no global step universe), nulls are labelled `(none)` / `UNKNOWN`, and a ratio with a zero
 * denominator is empty instead of 0.
 */
import type { FullAnalytics } from './full.js';
import type { ParetoMode, ParetoRow } from './pareto.js';
import { paretoSvg } from './svg.js';
import { r6, toCsv, type Cell } from './tables.js';
import type { Stratum } from './yields.js';

export interface CompatFile {
  name: string;
  content: string;
}

/** The Pareto files and charts need every failed attempt (MTAP's meaning). */
export const COMPAT_PARETO_MODE: ParetoMode = 'all';

const paretoCsv = (key: string, rows: readonly ParetoRow[]) =>
  toCsv({ columns: [key, 'failed_attempts', 'percent', 'cumulative_percent'], rows: rows.map((r) => [r.name, r.count, r6(r.percent), r6(r.cumulative)]) });

const STRAT_FILES: [string, Stratum][] = [
  ['fw_version', 'firmware'],
  ['stage', 'stage'],
  ['batch_id', 'batch'],
  ['temp_bin', 'temp_bin'],
];

/** `a` must be computed with `paretoMode: 'all'`. */
export function compatFiles(a: FullAnalytics): CompatFile[] {
  if (a.paretoMode !== COMPAT_PARETO_MODE) throw new Error('compatFiles needs the analytics with paretoMode "all"');
  const y = a.yields;
  const summary: Cell[][] = [
    ['total_units', y.units],
    ['fpy', r6(y.firstPassYield.value)],
    ['fty', r6(y.finalYield.value)],
    ['overall_pass_first_pass', y.firstPass],
    ['overall_pass_final', y.passed],
    ['flaky_rate', r6(a.retryRecovered.value)],
    ['first_pass_yield', r6(y.firstPassYield.value)],
    ['first_pass_yield_lo', r6(y.firstPassYield.ci?.lo)],
    ['first_pass_yield_hi', r6(y.firstPassYield.ci?.hi)],
    ['final_yield', r6(y.finalYield.value)],
    ['final_yield_lo', r6(y.finalYield.ci?.lo)],
    ['final_yield_hi', r6(y.finalYield.ci?.hi)],
    ['retry_recovered_rate', r6(a.retryRecovered.value)],
    ['rty', r6(a.rty)],
    ['failed_units', y.failed],
    ['error_units', y.errors],
    ['aborted_units', y.aborted],
  ];
  const files: CompatFile[] = [
    { name: 'yield_summary.csv', content: toCsv({ columns: ['metric', 'value'], rows: summary }) },
    {
      name: 'step_fail_rates.csv',
      content: toCsv({
        columns: ['test_step', 'fail_rate_units', 'fail_rate_attempts', 'executions', 'failed_executions', 'attempts', 'failed_attempts', 'first_pass_yield', 'recovered'],
        rows: a.steps.map((s) => [s.step, r6(s.failRateUnits.value), r6(s.failRateAttempts.value), s.executions, s.failedExecutions, s.attempts, s.failedAttempts, r6(s.firstPassYield.value), s.recovered]),
      }),
    },
    { name: 'pareto_by_step.csv', content: paretoCsv('step', a.pareto.step) },
    { name: 'pareto_by_error.csv', content: paretoCsv('error', a.pareto.error) },
    { name: 'pareto_by_batch.csv', content: paretoCsv('batch', a.pareto.batch) },
  ];
  for (const [key, dim] of STRAT_FILES) {
    files.push({
      name: `strat_${key}.csv`,
      content: toCsv({
        columns: ['key', 'group', 'units', 'fty', 'fpy', 'fty_lo', 'fty_hi', 'fpy_lo', 'fpy_hi', 'passed', 'first_pass', 'aborted'],
        rows: a.strata[dim].map((s) => [key, s.group, s.units, r6(s.finalYield.value), r6(s.firstPassYield.value), r6(s.finalYield.ci?.lo), r6(s.finalYield.ci?.hi), r6(s.firstPassYield.ci?.lo), r6(s.firstPassYield.ci?.hi), s.passed, s.firstPass, s.aborted]),
      }),
    });
  }
  const chart = (name: string, title: string, rows: readonly ParetoRow[]) => ({ name, content: paretoSvg(rows, { title, yLabel: 'failed attempts', top: 10 }) });
  files.push(chart('pareto_steps.svg', 'Pareto: failing steps', a.pareto.step));
  files.push(chart('pareto_error_codes.svg', 'Pareto: error codes', a.pareto.error));
  files.push(chart('pareto_batches.svg', 'Pareto: batches', a.pareto.batch));
  return files;
}
