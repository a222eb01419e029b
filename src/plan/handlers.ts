/**
 * Failure handlers: the entries that name a step in a failure condition (`if_failed`,
 * `if_any_failed`, `if_all_failed`) — a retest, a diagnostic, a cool-down and retry. A `stop` step
 * with handlers does not end the unit when it fails: its handlers run and decide. If none of their
 * steps runs (gated out by stage or enable word), its failure counts after all. compile.ts builds
 * that into the flow; verdict.ts applies it to the unit's bin.
 */
import { cleanId } from '../flow/index.js';
import type { Conditions, Plan, PlanItem, PlanStep } from './types.js';

export interface Handlers {
  /** The steps whose running handles a step's failure (all steps of handler groups), by the step's cleaned id. */
  steps: ReadonlyMap<string, readonly PlanStep[]>;
  /** For each handled step, the index in `plan.items` of the top-level entry holding its last handler. */
  lastTopLevel: ReadonlyMap<string, number>;
}

function failureRefs(c: Conditions): string[] {
  return [...(c.ifFailed !== undefined ? [c.ifFailed] : []), ...(c.ifAnyFailed ?? []), ...(c.ifAllFailed ?? [])].map(cleanId);
}

export function stepsOf(item: PlanItem): PlanStep[] {
  return item.kind === 'step' ? [item] : item.kind === 'group' ? item.items.flatMap(stepsOf) : [];
}

export function failureHandlers(plan: Plan): Handlers {
  const stepIds = new Set(plan.steps.map((s) => cleanId(s.id)));
  const steps = new Map<string, PlanStep[]>();
  const lastTopLevel = new Map<string, number>();
  const visit = (item: PlanItem, top: number): void => {
    for (const ref of failureRefs(item.conditions)) {
      // Naming a group handles its steps that continue; a stop step inside still ends the unit.
      if (!stepIds.has(ref)) continue;
      steps.set(ref, [...(steps.get(ref) ?? []), ...stepsOf(item)]);
      lastTopLevel.set(ref, top);
    }
    if (item.kind === 'group') for (const inner of item.items) visit(inner, top);
  };
  plan.items.forEach((item, i) => visit(item, i));
  return { steps, lastTopLevel };
}

/** Ids named by any result condition (failure, pass or ran) of any entry, cleaned. */
export function referencedIds(plan: Plan): Set<string> {
  const out = new Set<string>();
  const visit = (item: PlanItem): void => {
    const c = item.conditions;
    for (const id of [c.ifFailed, c.ifPassed, c.ifRan, c.unlessRan, ...(c.ifAnyFailed ?? []), ...(c.ifAllFailed ?? []), ...(c.ifAnyPassed ?? []), ...(c.ifAllPassed ?? [])]) {
      if (id !== undefined) out.add(cleanId(id));
    }
    if (item.kind === 'group') item.items.forEach(visit);
  };
  plan.items.forEach(visit);
  return out;
}
