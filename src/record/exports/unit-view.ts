/**
 * What every export shows of a unit: its final execution (the serial's last unit record) and, per
 * step it executed, the attempts and the final attempt that decided the step — the same "what counts"
 * rules as the end-of-run artifacts (see resume.ts and unit-attempts.ts).
 *
 *     for (const { unit, steps } of unitViews(records)) for (const s of steps) s.final.passed;
 */
import type { Measurement } from '../../plan/index.js';
import type { RunRecords } from '../resume.js';
import type { AttemptEvent, MeasurementResult, UnitRecord } from '../schema.js';
import { attemptsByExecution, attemptsByStep, finalAttempt } from '../unit-attempts.js';

/** What an export reads from a run: its setup, each serial's final unit record, and the attempts that count. */
export type RunData = Pick<RunRecords, 'info' | 'units' | 'attempts'>;

export interface StepView {
  stepId: string;
  /** `discovery` for the firmware-discovery PING, `step` for a plan step. */
  kind: AttemptEvent['kind'];
  /** Every attempt, in the order they ran. */
  attempts: AttemptEvent[];
  /** The attempt that decided the step. */
  final: AttemptEvent;
  /** All its attempts' time, in microseconds (what the unit spent on the step). */
  durationUs: number;
}

export interface UnitView {
  unit: UnitRecord;
  /** Executed steps in the order they first ran, discovery included. */
  steps: StepView[];
}

export function unitViews(run: Pick<RunData, 'units' | 'attempts'>): UnitView[] {
  const byExec = attemptsByExecution(run.units, run.attempts);
  return run.units.map((unit) => {
    const steps: StepView[] = [];
    for (const [stepId, attempts] of attemptsByStep(byExec.get(unit.unit_exec_id) ?? [])) {
      const final = finalAttempt(attempts)!;
      const kind = attempts.every((a) => a.kind === 'discovery') ? 'discovery' : 'step';
      steps.push({ stepId, kind, attempts, final, durationUs: attempts.reduce((sum, a) => sum + a.duration_us, 0) });
    }
    return { unit, steps };
  });
}

/**
 * The result of a plan measurement (the `index`-th of its step) in an attempt, or undefined when the
 * attempt has none: the DUT did not reply, or replied with an error, so nothing was measured.
 */
export function measurementResult(attempt: AttemptEvent, m: Measurement, index: number): MeasurementResult | undefined {
  const byIndex = attempt.measurements[index];
  if (byIndex?.field === m.field) return byIndex;
  return attempt.measurements.find((r) => r.field === m.field && r.comparator === m.comparator);
}

