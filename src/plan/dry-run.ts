/**
 * The dry run of a plan: which steps would run, in order, and which bin the unit would get, for a
 * stage, enable words and the steps assumed to fail. It interprets the same flow as the live executor
 * and bins with the same `unitVerdict`, so what it predicts is what a batch does.
 *
 *     dryRun(plan, compilePlan(plan), { job: 'DVT', fail: ['read_temp'] })
 *     // { job: 'DVT', ran: [{kind: 'test', id: 'ping', ...}, {kind: 'test', id: 'read_temp', failed: true, ...}, ...],
 *     //   verdict: { outcome: 'PASS', hardBin: 1, ... } }
 */
import { cleanId, Node, runFlow } from '../flow/index.js';
import type { CompiledPlan } from './compile.js';
import { resolveEnables, resolveJob, resolveStepIds } from './run-options.js';
import type { Plan } from './types.js';
import { unitVerdict, type Verdict } from './verdict.js';

export interface DryRunOptions {
  /** The stage; default the plan's station stage. */
  job?: string;
  enable?: readonly string[];
  disable?: readonly string[];
  /** Step ids assumed to fail (every other step passes). */
  fail?: readonly string[];
}

export type DryRunEntry = { kind: 'test'; id: string; number: number | null; name: string; failed: boolean } | { kind: 'log'; message: string };

export interface DryRun {
  job: string;
  /** The enable words on. */
  enabled: string[];
  /** The steps assumed to fail, as the plan spells their ids. */
  failing: string[];
  /** Tests and logs reached, in order. */
  ran: DryRunEntry[];
  /** Steps assumed to fail that did not run (gated out, or after the unit was binned). */
  failingNotRun: string[];
  verdict: Verdict;
}

export function dryRun(plan: Plan, compiled: CompiledPlan, options: DryRunOptions = {}): DryRun {
  const job = resolveJob(plan, options.job);
  const enabled = resolveEnables(plan, options.enable, options.disable);
  const failing = resolveStepIds(plan, options.fail ?? [], '--fail');
  const executed = runFlow(compiled.ast, { job, enable: enabled, failedTestIds: failing.map(cleanId) });
  const byClean = new Map(plan.steps.map((s) => [cleanId(s.id), s]));
  const ran: DryRunEntry[] = [];
  const walk = (n: Node): void => {
    for (const c of n.children) {
      if (!(c instanceof Node)) continue;
      if (c.type === 'test') {
        const id = String(c.find('id')?.value ?? '');
        const step = byClean.get(cleanId(id));
        ran.push({ kind: 'test', id: step?.id ?? id, number: step?.testNum ?? null, name: step?.name ?? id, failed: c.find('failed') !== undefined });
      } else if (c.type === 'log') ran.push({ kind: 'log', message: String(c.value) });
      else if (c.type !== 'set_result') walk(c);
    }
  };
  walk(executed);
  const ranIds = new Set(ran.flatMap((e) => (e.kind === 'test' ? [e.id] : [])));
  return {
    job,
    enabled,
    failing,
    ran,
    failingNotRun: failing.filter((id) => !ranIds.has(id)),
    verdict: unitVerdict(plan, compiled, executed),
  };
}
