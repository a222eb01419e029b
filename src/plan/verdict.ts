/**
 * A unit's verdict from an executed flow: outcome (PASS, FAIL, ERROR), hard and soft bin, and which
 * step decided it. The dry run and the live executor both call this, so they bin alike.
 *
 * A failed step counts against the unit when:
 * - its on_fail is `continue` (MTAP v1: every step runs, the unit fails if any step failed);
 * - its on_fail is `stop` and none of its failure handlers ran (a later step naming it in if_failed,
 *   if_any_failed or if_all_failed; see handlers.ts) — when one ran, the handlers decide;
 * - never when its on_fail is `ignore`.
 * The first failure that counts, in run order, decides: FAIL with that step's bins (its own, else the
 * plan's `bins.fail`). None: PASS with the plan's `bins.pass`. A deciding step whose last attempt
 * ended on an infrastructure code (E_TIMEOUT, E_CONN, E_BAD_RESP, E_BAD_REQUEST) makes the unit ERROR
 * with the plan's `bins.error`: the tester could not test it, which is not a product failure.
 */
import { cleanId, summarizeRun, type Node, type RunSummary } from '../flow/index.js';
import { failBins, type CompiledPlan } from './compile.js';
import { INFRASTRUCTURE_CODES } from './result-codes.js';
import type { Plan, PlanStep } from './types.js';

export type UnitOutcome = 'PASS' | 'FAIL' | 'ERROR' | 'ABORTED';

export interface Verdict {
  outcome: 'PASS' | 'FAIL' | 'ERROR';
  hardBin: number;
  softBin: number;
  binDescription: string;
  /** The step whose failure decided the verdict, if one did. */
  decidingStep: string | null;
  decidingCode: string | null;
  summary: RunSummary;
}

/**
 * `finalCodes`: for each executed step id, the error code its last attempt ended with (null when it
 * passed). The dry run has none; its failures count as FAIL.
 */
export function unitVerdict(plan: Plan, compiled: CompiledPlan, executed: Node, finalCodes: ReadonlyMap<string, string | null> = new Map()): Verdict {
  const summary = summarizeRun(executed);
  const byCleanId = new Map<string, PlanStep>();
  for (const s of compiled.steps.values()) byCleanId.set(cleanId(s.id), s);
  const ran = new Set(summary.tests.map((t) => cleanId(t.id)));
  const handled = (s: PlanStep) => (compiled.handlers.steps.get(cleanId(s.id)) ?? []).some((h) => ran.has(cleanId(h.id)));
  const counts = (s: PlanStep) => s.onFail === 'continue' || (s.onFail === 'stop' && !handled(s));
  const deciding = summary.tests
    .filter((t) => t.failed)
    .map((t) => byCleanId.get(cleanId(t.id)))
    .find((s): s is PlanStep => s !== undefined && counts(s));

  if (!deciding) {
    const p = plan.bins.pass;
    return { outcome: 'PASS', hardBin: p.bin, softBin: p.softbin, binDescription: p.description, decidingStep: null, decidingCode: null, summary };
  }
  const code = finalCodes.get(deciding.id) ?? null;
  if (code !== null && INFRASTRUCTURE_CODES.includes(code)) {
    const e = plan.bins.error;
    return { outcome: 'ERROR', hardBin: e.bin, softBin: e.softbin, binDescription: e.description, decidingStep: deciding.id, decidingCode: code, summary };
  }
  const b = failBins(plan, deciding);
  return { outcome: 'FAIL', hardBin: b.bin, softBin: b.softbin, binDescription: b.description, decidingStep: deciding.id, decidingCode: code, summary };
}
