/**
 * A unit's verdict from an executed flow: outcome (PASS, FAIL, ERROR), hard and soft bin, and which
 * step decided it. The dry run and the live executor both call this, so they bin alike.
 *
 * - The flow binned (a failing `stop` step, whose failure nothing else handles): that bin, FAIL.
 * - Else, a failed step with `on_fail: continue` counts: the first such step's bin, FAIL (MTAP v1:
 *   every step runs, the unit fails if any step failed).
 * - Else PASS, with the pass bin. (A failed `ignore` step, or a `stop` step whose failure a later
 *   `if_failed` step handles, does not decide the unit: the flow does.)
 * - A deciding step that ended on an infrastructure code (E_TIMEOUT, E_CONN, E_BAD_RESP) makes the unit
 *   ERROR, with the plan's error bin: the tester could not test it, which is not a product failure.
 */
import { cleanId, summarizeRun, type Node, type RunSummary } from '../flow/index.js';
import { INFRASTRUCTURE_CODES } from './result-codes.js';
import type { CompiledPlan } from './compile.js';
import type { BinSpec, Plan, PlanStep } from './types.js';

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
  const failed = summary.tests.filter((t) => t.failed).map((t) => byCleanId.get(t.id)).filter((s): s is PlanStep => s !== undefined);

  const fromStep = (step: PlanStep | null, fallback: BinSpec, binned?: { bin?: number; softbin?: number }): Verdict => {
    const code = step ? (finalCodes.get(step.id) ?? null) : null;
    if (code !== null && INFRASTRUCTURE_CODES.includes(code)) {
      const e = plan.bins.error;
      return { outcome: 'ERROR', hardBin: e.bin, softBin: e.softbin, binDescription: e.description, decidingStep: step!.id, decidingCode: code, summary };
    }
    const hardBin = binned?.bin ?? step?.bin ?? fallback.bin;
    const softBin = binned?.softbin ?? step?.softbin ?? step?.bin ?? fallback.softbin;
    const description = step?.binDescription ?? fallback.description;
    return { outcome: 'FAIL', hardBin, softBin, binDescription: description, decidingStep: step?.id ?? null, decidingCode: code, summary };
  };

  if (summary.result?.result === 'fail') return fromStep(failed.at(-1) ?? null, plan.bins.fail, summary.result);
  const counted = failed.find((s) => s.onFail === 'continue');
  if (counted) return fromStep(counted, plan.bins.fail);
  const p = plan.bins.pass;
  return {
    outcome: 'PASS',
    hardBin: summary.result?.bin ?? p.bin,
    softBin: summary.result?.softbin ?? p.softbin,
    binDescription: p.description,
    decidingStep: null,
    decidingCode: null,
    summary,
  };
}
