/**
 * The full analytics as plain tables (name, columns, rows of text or numbers): what `mtap analytics`
 * prints as aligned text or CSV, and what the MTAP-compatible files under `<run-dir>/analytics/` are
 * made of. Pure.
 */
import { csvRow } from '../record/index.js';
import type { FullAnalytics } from './full.js';
import { PARETO_DIMENSIONS, type ParetoRow } from './pareto.js';
import { STRATA } from './yields.js';
import type { Proportion } from './wilson.js';

export type Cell = string | number | null;

export interface Table {
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** Ratios as MTAP wrote them: rounded to 6 decimals (null stays null). */
export const r6 = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 1e6) / 1e6);
const pv = (p: Proportion) => [r6(p.value), r6(p.ci?.lo), r6(p.ci?.hi)];

export function summaryTable(a: FullAnalytics): Table {
  const y = a.yields;
  const rows: Cell[][] = [
    ['units_tested', y.units],
    ['passed_units', y.passed],
    ['failed_units', y.failed],
    ['error_units', y.errors],
    ['aborted_units', y.aborted],
    ['first_pass_units', y.firstPass],
    ['first_pass_yield', ...pv(y.firstPassYield)],
    ['final_yield', ...pv(y.finalYield)],
    ['retry_recovered_rate', ...pv(a.retryRecovered)],
    ['rty', r6(a.rty)],
  ];
  const columns = ['metric', 'value', 'ci_lo', 'ci_hi'];
  return { name: 'summary', title: `Yield summary (${a.scope})`, columns, rows: rows.map((r) => [...r, ...Array<Cell>(columns.length - r.length).fill(null)]) };
}

export function stepsTable(a: FullAnalytics): Table {
  return {
    name: 'steps',
    title: 'Steps',
    columns: ['step', 'executions', 'first_pass_yield', 'fail_rate_units', 'fail_rate_attempts', 'attempts', 'failed_attempts', 'recovered'],
    rows: a.steps.map((s) => [s.step, s.executions, r6(s.firstPassYield.value), r6(s.failRateUnits.value), r6(s.failRateAttempts.value), s.attempts, s.failedAttempts, s.recovered]),
  };
}

const paretoCells = (rows: readonly ParetoRow[]): Cell[][] => rows.map((r) => [r.name, r.count, r6(r.percent), r6(r.cumulative)]);

export function paretoTables(a: FullAnalytics): Table[] {
  const what = a.paretoMode === 'first' ? 'deciding failure per unit' : 'all failed attempts';
  return PARETO_DIMENSIONS.map((d) => ({
    name: `pareto_${d}`,
    title: `Pareto by ${d} (${what})`,
    columns: [d, 'count', 'percent', 'cumulative_percent'],
    rows: paretoCells(a.pareto[d]),
  }));
}

export function strataTable(a: FullAnalytics): Table {
  const rows: Cell[][] = [];
  for (const d of STRATA) {
    for (const s of a.strata[d]) rows.push([d, s.group, s.units, ...pv(s.firstPassYield), ...pv(s.finalYield), s.aborted]);
  }
  return {
    name: 'strata',
    title: 'Yields by group (Wilson 95% intervals)',
    columns: ['dimension', 'group', 'units', 'first_pass_yield', 'fpy_lo', 'fpy_hi', 'final_yield', 'final_lo', 'final_hi', 'aborted'],
    rows,
  };
}

export function retestTable(a: FullAnalytics): Table {
  return {
    name: 'retest',
    title: 'Retests across runs (same serial, same stage)',
    columns: ['stage', 'serials', 'retested', 'runs', 'retest_rate', 'first_run_yield', 'last_run_yield', 'recovered', 'retest_recovery'],
    rows: a.retest.map((r) => [r.stage ?? '(all)', r.serials, r.retested, r.runs, r6(r.retestRate.value), r6(r.firstRunYield.value), r6(r.lastRunYield.value), r.recovered, r6(r.retestRecovery.value)]),
  };
}

export function capabilityTable(a: FullAnalytics): Table {
  return {
    name: 'capability',
    title: 'Capability (final attempt of each step execution; Cp/Cpk: σ = MR̄/1.128; Pp/Ppk: overall sd)',
    columns: ['step', 'field', 'lo', 'hi', 'n', 'mean', 'sd', 'min', 'p5', 'p50', 'p95', 'max', 'cp', 'cpk', 'pp', 'ppk', 'warning'],
    rows: a.capability.map((c) => [
      c.step,
      c.field,
      c.lo,
      c.hi,
      c.n,
      r6(c.mean),
      r6(c.sd),
      r6(c.min),
      r6(c.p5),
      r6(c.p50),
      r6(c.p95),
      r6(c.max),
      r6(c.within.cp),
      r6(c.within.cpk),
      r6(c.overall.cp),
      r6(c.overall.cpk),
      c.warnings.join('; ') || null,
    ]),
  };
}

export function analyticsTables(a: FullAnalytics): Table[] {
  return [summaryTable(a), stepsTable(a), ...paretoTables(a), strataTable(a), retestTable(a), capabilityTable(a)];
}

const cellText = (c: Cell) => (c === null ? '' : String(c));

/** Tables as aligned text: numbers right-aligned, a title line and a rule under the header. */
export function renderText(tables: readonly Table[]): string {
  return tables
    .map((t) => {
      const body = [t.columns, ...t.rows.map((r) => r.map(cellText))];
      const widths = t.columns.map((_, i) => Math.max(...body.map((r) => String(r[i] ?? '').length)));
      const numeric = t.columns.map((_, i) => t.rows.length > 0 && t.rows.every((r) => r[i] === null || typeof r[i] === 'number'));
      const line = (r: readonly Cell[] | readonly string[]) =>
        r.map((c, i) => (numeric[i] ? cellText(c).padStart(widths[i]!) : cellText(c).padEnd(widths[i]!))).join('  ').trimEnd();
      const rows = t.rows.length ? t.rows.map(line) : ['(none)'];
      return [t.title, line(t.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows].join('\n');
    })
    .join('\n\n') + '\n';
}

/** One table as RFC 4180 CSV (formula-safe cells). */
export function toCsv(t: Pick<Table, 'columns' | 'rows'>): string {
  return csvRow(t.columns) + t.rows.map((r) => csvRow(r)).join('');
}

/** Several tables as CSV blocks: `# name` then the table, blocks separated by a blank line. */
export function renderCsv(tables: readonly Table[]): string {
  return tables.map((t) => (tables.length > 1 ? `# ${t.name}\r\n` : '') + toCsv(t)).join('\r\n');
}
