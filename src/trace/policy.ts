/**
 * Coverage checked when a plan is loaded: a plan step that names a requirement the requirements file
 * does not have (a typo, or a stale file), and a requirement no step of the plan covers (all stages,
 * ungated). Policy `strict` makes both errors (exit 2, nothing runs); `warn`, the default, reports them
 * and goes on, since a plan that tests part of a product legitimately covers part of its requirements.
 * MTAP was always strict, and aborted after creating the run directory (its bug 13).
 */
import { MtapError } from '../errors.js';
import type { Plan } from '../plan/index.js';
import { formatProblem, sortProblems, type SourceProblem } from '../util/source-error.js';
import type { Requirements } from './requirements.js';

export const COVERAGE_POLICIES = ['strict', 'warn'] as const;
export type CoveragePolicy = (typeof COVERAGE_POLICIES)[number];

export interface CoverageProblems {
  /** Ids a step names that the requirements file does not define (at the step's req_ids entry). */
  unknown: SourceProblem[];
  /** Requirements no step names (at the requirement in the requirements file). */
  uncovered: SourceProblem[];
}

export function coverageProblems(plan: Pick<Plan, 'file' | 'steps'>, reqs: Requirements): CoverageProblems {
  const defined = new Set(reqs.items.map((r) => r.id));
  const named = new Set<string>();
  const unknown: SourceProblem[] = [];
  for (const step of plan.steps) {
    step.reqIds.forEach((id, i) => {
      named.add(id);
      if (defined.has(id)) return;
      const pos = step.reqIdsPos[i] ?? step.pos;
      unknown.push({ file: plan.file, ...pos, message: `step "${step.id}" names requirement ${id}, which ${reqs.file} does not define` });
    });
  }
  const uncovered = reqs.items
    .filter((r) => !named.has(r.id))
    .map((r) => ({ file: reqs.file, line: r.line, col: r.col, message: `requirement ${r.id} is covered by no step of ${plan.file}` }));
  return { unknown, uncovered };
}

export function parseCoveragePolicy(text: string): CoveragePolicy {
  if ((COVERAGE_POLICIES as readonly string[]).includes(text)) return text as CoveragePolicy;
  throw new MtapError('E_USAGE', `--coverage must be ${COVERAGE_POLICIES.join(' or ')}, got "${text}"`);
}

/**
 * Apply the policy: under `strict` any problem throws E_COVERAGE listing them all; under `warn` they
 * are returned (as warning lines) for the caller to print.
 */
export function enforceCoverage(plan: Pick<Plan, 'file' | 'steps'>, reqs: Requirements, policy: CoveragePolicy): string[] {
  const { unknown, uncovered } = coverageProblems(plan, reqs);
  const all = sortProblems([...unknown, ...uncovered]).map(formatProblem);
  if (policy === 'strict' && all.length) throw new MtapError('E_COVERAGE', `requirement coverage (--coverage strict):\n${all.join('\n')}`);
  return all;
}
