/**
 * coverage_matrix.csv: which requirements the plan covers, and what the run showed for each.
 *
 * MTAP's columns come first and mean what they meant there: `req_id, title, covered, mapped_steps` —
 * one row per requirement sorted by id; covered `Y` when some step of the plan (all stages, ungated)
 * names it; the mapping steps' ids in plan order. Then mtap's verification from the run's results
 * (each serial's final execution; MTAP's coverage was static, a requirement was "covered" whether or
 * not anything ever passed):
 *
 * - `evidence`: the mapped steps with the measurements they judge, `read_temp(temp_c,vbat_v)`;
 * - `units`: units tested in the run;
 * - `verified_units`: units on which a mapped step ran and every mapped step that ran ended passing;
 * - `failed_units`: units on which some mapped step ended failing;
 * - `not_executed_units`: units on which no mapped step ran (gated out by stage or flags, or not reached);
 * - `status`: FAILED if any unit failed it, VERIFIED if some unit verified it, NOT_EXECUTED if none ran
 *   it, NOT_COVERED if no step maps it.
 */
import { join } from 'node:path';
import type { Plan } from '../plan/index.js';
import { attemptsByExecution, attemptsByStep, csvRow, finalAttempt, RUN_FILES, writeFileAtomic, type AttemptEvent, type UnitRecord } from '../record/index.js';
import type { Requirement } from './requirements.js';

export const COVERAGE_COLUMNS = [
  'req_id',
  'title',
  'covered',
  'mapped_steps',
  'evidence',
  'units',
  'verified_units',
  'failed_units',
  'not_executed_units',
  'status',
] as const;

export type VerificationStatus = 'VERIFIED' | 'FAILED' | 'NOT_EXECUTED' | 'NOT_COVERED';

export interface CoverageRow {
  reqId: string;
  title: string;
  covered: boolean;
  /** Step ids naming the requirement, in plan order. */
  mappedSteps: string[];
  /** Each mapped step with the measurement fields it judges: `read_temp(temp_c,vbat_v)`. */
  evidence: string[];
  units: number;
  verifiedUnits: number;
  failedUnits: number;
  notExecutedUnits: number;
  status: VerificationStatus;
}

type StepVerdict = 'passed' | 'failed';

/** What verification reads of an attempt: the run's records, or the same fields from the store. */
export type CoverageAttempt = Pick<AttemptEvent, 'unit_exec_id' | 'test_step' | 'kind' | 'attempt' | 'passed'>;

/** The inputs of verification: each serial's final execution (`units`) and the attempts of the run. */
export interface CoverageResults {
  units: readonly Pick<UnitRecord, 'unit_exec_id'>[];
  attempts: readonly CoverageAttempt[];
}

export function buildCoverageMatrix(requirements: readonly Requirement[], plan: Pick<Plan, 'steps'>, results: CoverageResults): CoverageRow[] {
  const unitVerdicts = [...attemptsByExecution(results.units, results.attempts).values()].map(stepVerdicts);
  return requirements.map((req) => {
    const mapped = plan.steps.filter((s) => s.reqIds.includes(req.id));
    const mappedSteps = mapped.map((s) => s.id);
    let executed = 0;
    let failedUnits = 0;
    for (const verdicts of unitVerdicts) {
      const ran = mappedSteps.map((id) => verdicts.get(id)).filter((v) => v !== undefined);
      if (ran.length === 0) continue;
      executed++;
      if (ran.includes('failed')) failedUnits++;
    }
    const verifiedUnits = executed - failedUnits;
    const status: VerificationStatus =
      mapped.length === 0 ? 'NOT_COVERED' : failedUnits > 0 ? 'FAILED' : verifiedUnits > 0 ? 'VERIFIED' : 'NOT_EXECUTED';
    return {
      reqId: req.id,
      title: req.title,
      covered: mapped.length > 0,
      mappedSteps,
      evidence: mapped.map((s) => (s.measurements.length ? `${s.id}(${s.measurements.map((m) => m.field).join(',')})` : s.id)),
      units: unitVerdicts.length,
      verifiedUnits,
      failedUnits,
      notExecutedUnits: unitVerdicts.length - executed,
      status,
    };
  });
}

/** Each executed plan step's verdict on one unit: its final attempt. */
function stepVerdicts(attempts: readonly CoverageAttempt[]): Map<string, StepVerdict> {
  const verdicts = new Map<string, StepVerdict>();
  for (const [stepId, list] of attemptsByStep(attempts.filter((a) => a.kind === 'step'))) {
    verdicts.set(stepId, finalAttempt(list)?.passed ? 'passed' : 'failed');
  }
  return verdicts;
}

export function coverageMatrixCsv(rows: readonly CoverageRow[]): string {
  const lines = rows.map((r) =>
    csvRow([r.reqId, r.title, r.covered ? 'Y' : 'N', r.mappedSteps.join(','), r.evidence.join('; '), r.units, r.verifiedUnits, r.failedUnits, r.notExecutedUnits, r.status]),
  );
  return csvRow(COVERAGE_COLUMNS) + lines.join('');
}

export function writeCoverageMatrix(dir: string, rows: readonly CoverageRow[]): Promise<void> {
  return writeFileAtomic(join(dir, RUN_FILES.coverage), coverageMatrixCsv(rows));
}
