/**
 * Shared benchmark helpers. Every benchmark prints its figure next to a baseline measured in the same
 * process run, as a ratio: machines here are noisy, ratios hold, seconds don't.
 */
import { performance } from 'node:perf_hooks';

export interface Measured {
  label: string;
  value: number;
  unit: string;
}

/** Time an async function, returning milliseconds of wall time. */
export async function timeIt(fn: () => Promise<void> | void): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(n: number): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toPrecision(3);
}

/**
 * Print one benchmark result block: the subject, the baseline, their ratio and the target verdict.
 * `higherIsBetter` says which way the ratio should point (rates: true; times: false).
 */
export function printRatio(opts: {
  bench: string;
  subject: Measured;
  baseline: Measured;
  target?: { ratio: number; higherIsBetter: boolean };
}): number {
  const ratio = opts.subject.value / opts.baseline.value;
  const lines = [
    `[${opts.bench}]`,
    `  ${opts.subject.label}: ${fmt(opts.subject.value)} ${opts.subject.unit}`,
    `  ${opts.baseline.label}: ${fmt(opts.baseline.value)} ${opts.baseline.unit}`,
  ];
  let verdict = '';
  if (opts.target) {
    const ok = opts.target.higherIsBetter ? ratio >= opts.target.ratio : ratio <= opts.target.ratio;
    verdict = `  (target ${opts.target.higherIsBetter ? '>=' : '<='} ${opts.target.ratio}: ${ok ? 'met' : 'NOT met'})`;
  }
  lines.push(`  ratio: ${ratio.toFixed(3)}${verdict}`);
  process.stdout.write(lines.join('\n') + '\n');
  return ratio;
}
