/**
 * Compiling a plan to the flow model: a step becomes a `test` node (object = the step id, name, number,
 * bins, limits, its command and on_fail as metadata), a group a `group`, a log a `log`; conditions
 * become ATP's inline conditions (stages are jobs). The result is processed with the `runner`
 * optimization and so validated by the flow validators. The dry run and the live executor interpret
 * the same AST.
 *
 * on_fail in flow terms:
 * - `continue` and `ignore`: the test continues on failure (its bin is not set by the flow; the
 *   verdict counts a `continue` failure and not an `ignore` one).
 * - `stop`: the test's failure bins the unit and ends the flow. If later entries name it in a failure
 *   condition (its handlers: a retest), the flow goes on to them instead; and right after the
 *   top-level entry holding the last of them, `if failed X: unless ran <handler steps>: FAIL bin X`
 *   ends the unit if none of them ran. A stop step named only by if_passed/if_ran stays a stop
 *   (`delayed`, so the flow model does not make it continue).
 */
import { cleanId, Program, type Flow, type LimitSpec, type Node, type TestOptions } from '../flow/index.js';
import { failureHandlers, referencedIds, type Handlers } from './handlers.js';
import type { Conditions, Plan, PlanItem, PlanStep } from './types.js';

export interface CompiledPlan {
  flow: Flow;
  ast: Node;
  /** Steps by id: a test node's `object` is its step id. */
  steps: ReadonlyMap<string, PlanStep>;
  /** The failure handlers of stop steps (see handlers.ts), for the verdict. */
  handlers: Handlers;
}

function conditionOptions(c: Conditions): TestOptions {
  const o: TestOptions = {};
  if (c.ifJob) o.ifJob = c.ifJob;
  if (c.unlessJob) o.unlessJob = c.unlessJob;
  if (c.ifEnable) o.ifEnable = c.ifEnable;
  if (c.unlessEnable) o.unlessEnable = c.unlessEnable;
  if (c.ifFailed) o.ifFailed = c.ifFailed;
  if (c.ifPassed) o.ifPassed = c.ifPassed;
  if (c.ifRan) o.ifRan = c.ifRan;
  if (c.unlessRan) o.unlessRan = c.unlessRan;
  if (c.ifAnyFailed) o.ifAnyFailed = c.ifAnyFailed;
  if (c.ifAllFailed) o.ifAllFailed = c.ifAllFailed;
  if (c.ifAnyPassed) o.ifAnyPassed = c.ifAnyPassed;
  if (c.ifAllPassed) o.ifAllPassed = c.ifAllPassed;
  return o;
}

/** Numeric limits as ATP `(limit value rule unit selector)` nodes, for listings and exports. */
function limitSpecs(step: PlanStep): LimitSpec[] {
  const out: LimitSpec[] = [];
  for (const m of step.measurements) {
    const unit = m.units ?? undefined;
    const lower = m.comparator === 'GE' || m.comparator === 'GELE' ? 'gte' : m.comparator === 'GT' || m.comparator === 'GTLT' ? 'gt' : null;
    const upper = m.comparator === 'LE' || m.comparator === 'GELE' ? 'lte' : m.comparator === 'LT' || m.comparator === 'GTLT' ? 'lt' : null;
    if (lower && m.lo !== null) out.push({ value: m.lo, rule: lower, ...(unit && { unit }), selector: m.field });
    if (upper && m.hi !== null) out.push({ value: m.hi, rule: upper, ...(unit && { unit }), selector: m.field });
  }
  return out;
}

/** The hard bin, soft bin and description a failing step gives the unit. */
export function failBins(plan: Plan, step: PlanStep): { bin: number; softbin: number; description: string } {
  return {
    bin: step.bin ?? plan.bins.fail.bin,
    softbin: step.softbin ?? step.bin ?? plan.bins.fail.softbin,
    description: step.binDescription ?? (step.bin === null ? plan.bins.fail.description : 'FAIL'),
  };
}

export function compilePlan(plan: Plan): CompiledPlan {
  const f = new Program().flow(plan.name, { sourceFile: plan.file });
  const steps = new Map<string, PlanStep>();
  const handlers = failureHandlers(plan);
  const referenced = referencedIds(plan);
  const build = (items: readonly PlanItem[]): void => {
    for (const item of items) {
      const where = { sourceFile: plan.file, sourceLineNumber: item.pos.line };
      if (item.kind === 'log') {
        f.log(item.message, { ...conditionOptions(item.conditions), ...where });
      } else if (item.kind === 'group') {
        f.group(item.name, { ...(item.id !== null && { id: item.id }), ...conditionOptions(item.conditions), ...where }, () => build(item.items));
      } else {
        steps.set(item.id, item);
        const limits = limitSpecs(item);
        const bins = failBins(plan, item);
        const clean = cleanId(item.id);
        f.test(item.id, {
          id: item.id,
          name: item.name,
          number: item.testNum,
          bin: bins.bin,
          softbin: bins.softbin,
          ...(item.binDescription !== null || item.bin === null ? { binDescription: bins.description } : {}),
          ...(item.softbinDescription !== null && { softbinDescription: item.softbinDescription }),
          ...(item.onFail !== 'stop' && { continue: true }),
          ...(item.onFail === 'stop' && referenced.has(clean) && !handlers.steps.has(clean) && { delayed: true }),
          ...(limits.length > 0 && { limits }),
          meta: { cmd: item.cmd, on_fail: item.onFail },
          ...conditionOptions(item.conditions),
          ...where,
        });
      }
    }
  };
  plan.items.forEach((item, i) => {
    build([item]);
    // A stop step whose handlers all stayed out ends the unit here, after the last of them.
    for (const step of plan.steps) {
      const clean = cleanId(step.id);
      if (step.onFail !== 'stop' || handlers.lastTopLevel.get(clean) !== i) continue;
      const bins = failBins(plan, step);
      const ran = (handlers.steps.get(clean) ?? []).map((h) => h.id);
      f.bin(bins.bin, {
        softbin: bins.softbin,
        ...(step.binDescription !== null || step.bin === null ? { binDescription: bins.description } : {}),
        ifFailed: step.id,
        ...(ran.length > 0 && { unlessRan: ran }),
        sourceFile: plan.file,
        sourceLineNumber: step.pos.line,
      });
    }
  });
  return { flow: f, ast: f.ast(), steps, handlers };
}
