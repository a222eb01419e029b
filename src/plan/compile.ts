/**
 * Compiling a plan to the flow model: a step becomes a `test` node (object = the step id, name, number,
 * bins, limits, its command and on_fail as metadata), a group a `group`, a log a `log`; conditions
 * become ATP's inline conditions (stages are jobs). The result is processed with the `runner`
 * optimization and so validated by the flow validators. The dry run and the live executor interpret
 * the same AST.
 */
import { Program, type Flow, type LimitSpec, type Node, type TestOptions } from '../flow/index.js';
import type { Conditions, Plan, PlanItem, PlanStep } from './types.js';

export interface CompiledPlan {
  flow: Flow;
  ast: Node;
  /** Steps by id: a test node's `object` is its step id. */
  steps: ReadonlyMap<string, PlanStep>;
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

export function compilePlan(plan: Plan): CompiledPlan {
  const f = new Program().flow(plan.name, { sourceFile: plan.file });
  const steps = new Map<string, PlanStep>();
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
        const binDescription = item.binDescription ?? (item.bin === null ? plan.bins.fail.description : undefined);
        f.test(item.id, {
          id: item.id,
          name: item.name,
          number: item.testNum,
          bin: item.bin ?? plan.bins.fail.bin,
          softbin: item.softbin ?? item.bin ?? plan.bins.fail.softbin,
          ...(binDescription && { binDescription }),
          ...(item.softbinDescription !== null && { softbinDescription: item.softbinDescription }),
          ...(item.onFail !== 'stop' && { continue: true }),
          ...(limits.length > 0 && { limits }),
          meta: { cmd: item.cmd, on_fail: item.onFail },
          ...conditionOptions(item.conditions),
          ...where,
        });
      }
    }
  };
  build(plan.items);
  return { flow: f, ast: f.ast(), steps };
}
