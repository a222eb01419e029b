/**
 * coverage_matrix.csv: which requirements the plan covers, and what the run showed for each.
 *
 * MTAP's columns come first and mean what they meant there: `req_id, title, covered, mapped_steps` —
 * one row per requirement sorted by id; covered `Y` when some step of the plan (all stages, ungated)
 * names it; the mapping steps' ids in plan order. Then mtap's, from the run's results (each serial's
 * final execution): `executed_units` (units on which a mapped step ran), `passed_units` (…and every
 * mapped step that ran ended passing), `failed_units` (…and some ended failing).
 */
import { join } from 'node:path';
import type { Plan } from '../plan/index.js';
import { attemptsByExecution, attemptsByStep, csvRow, finalAttempt, RUN_FILES, writeFileAtomic, type AttemptEvent, type RunResults } from '../record/index.js';
import type { Requirement } from './requirements.js';

export const COVERAGE_COLUMNS = ['req_id', 'title', 'covered', 'mapped_steps', 'executed_units', 'passed_units', 'failed_units'] as const;

export interface CoverageRow {
  reqId: string;
  title: string;
  covered: boolean;
  /** Step ids naming the requirement, in plan order. */
  mappedSteps: string[];
  executedUnits: number;
  passedUnits: number;
  failedUnits: number;
}

type StepVerdict = 'passed' | 'failed';

export function buildCoverageMatrix(
  requirements: readonly Requirement[],
  plan: Pick<Plan, 'steps'>,
  results: Pick<RunResults, 'units' | 'attempts'>,
): CoverageRow[] {
  const unitVerdicts = [...attemptsByExecution(results.units, results.attempts).values()].map(stepVerdicts);
  return requirements.map((req) => {
    const mappedSteps = plan.steps.filter((s) => s.reqIds.includes(req.id)).map((s) => s.id);
    let executedUnits = 0;
    let failedUnits = 0;
    for (const verdicts of unitVerdicts) {
      const ran = mappedSteps.map((id) => verdicts.get(id)).filter((v) => v !== undefined);
      if (ran.length === 0) continue;
      executedUnits++;
      if (ran.includes('failed')) failedUnits++;
    }
    return { reqId: req.id, title: req.title, covered: mappedSteps.length > 0, mappedSteps, executedUnits, passedUnits: executedUnits - failedUnits, failedUnits };
  });
}

/** Each executed plan step's verdict on one unit: its final attempt. */
function stepVerdicts(attempts: readonly AttemptEvent[]): Map<string, StepVerdict> {
  const verdicts = new Map<string, StepVerdict>();
  for (const [stepId, list] of attemptsByStep(attempts.filter((a) => a.kind === 'step'))) {
    verdicts.set(stepId, finalAttempt(list)?.passed ? 'passed' : 'failed');
  }
  return verdicts;
}

export function coverageMatrixCsv(rows: readonly CoverageRow[]): string {
  const lines = rows.map((r) => csvRow([r.reqId, r.title, r.covered ? 'Y' : 'N', r.mappedSteps.join(','), r.executedUnits, r.passedUnits, r.failedUnits]));
  return csvRow(COVERAGE_COLUMNS) + lines.join('');
}

export function writeCoverageMatrix(dir: string, rows: readonly CoverageRow[]): Promise<void> {
  return writeFileAtomic(join(dir, RUN_FILES.coverage), coverageMatrixCsv(rows));
}
