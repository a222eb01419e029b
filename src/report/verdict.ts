/**
 * The run's verdict, from the analytics unit counts and the serials the run was asked to test:
 *
 * - FAIL: some unit ended FAIL or ERROR (a unit the tester could not test is not a qualified unit);
 * - INCOMPLETE: nothing failed, but some serial has no final result (ABORTED, or never tested) or no
 *   unit was tested at all — `mtap batch --resume` finishes it;
 * - PASS: every serial of the run was tested and passed.
 */
import type { UnitCounts } from '../analytics/index.js';
import type { Verdict } from './model.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function runVerdict(counts: UnitCounts, serials: number, runId: string): Verdict {
  const notTested = Math.max(0, serials - counts.units - counts.aborted);
  const unfinished = counts.aborted + notTested;
  const missing = unfinished
    ? `${plural(unfinished, 'serial')} without a final result (${counts.aborted} aborted, ${notTested} not tested): mtap batch --resume ${runId} tests them`
    : '';
  if (counts.failed + counts.errors > 0) {
    const parts = [counts.failed ? `${plural(counts.failed, 'unit')} failed` : '', counts.errors ? `${plural(counts.errors, 'unit')} could not be tested (ERROR)` : ''];
    return { kind: 'FAIL', reason: [...parts.filter(Boolean), missing].filter(Boolean).join('; ') };
  }
  if (counts.units === 0) return { kind: 'INCOMPLETE', reason: missing || 'no unit was tested' };
  if (unfinished) return { kind: 'INCOMPLETE', reason: `${plural(counts.passed, 'unit')} passed; ${missing}` };
  return { kind: 'PASS', reason: `all ${plural(counts.units, 'unit')} of the run passed` };
}
