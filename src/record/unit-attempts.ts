/**
 * A unit's attempts, as the end-of-run artifacts see them: only the attempts of each serial's final
 * execution (an earlier, superseded execution of a re-tested unit is history, not its result), and
 * per step its final attempt (the one that decided the step).
 */
import type { AttemptEvent, UnitRecord } from './schema.js';

// Generic over the fields they read, so a caller holding only those (rows from the store) can use them.

/** Attempts grouped by the execution they belong to, for the given (final) unit records only. */
export function attemptsByExecution<A extends Pick<AttemptEvent, 'unit_exec_id'>>(units: readonly Pick<UnitRecord, 'unit_exec_id'>[], attempts: readonly A[]): Map<string, A[]> {
  const byExec = new Map<string, A[]>(units.map((u) => [u.unit_exec_id, []]));
  for (const a of attempts) byExec.get(a.unit_exec_id)?.push(a);
  return byExec;
}

/** Each step's attempts, in the order the steps first ran. */
export function attemptsByStep<A extends Pick<AttemptEvent, 'test_step'>>(attempts: readonly A[]): Map<string, A[]> {
  const byStep = new Map<string, A[]>();
  for (const a of attempts) {
    const list = byStep.get(a.test_step);
    if (list) list.push(a);
    else byStep.set(a.test_step, [a]);
  }
  return byStep;
}

/** The attempt that decided a step: the highest attempt number (the last one written on a tie). */
export function finalAttempt<A extends Pick<AttemptEvent, 'attempt'>>(stepAttempts: readonly A[]): A | undefined {
  let last: A | undefined;
  for (const a of stepAttempts) if (!last || a.attempt >= last.attempt) last = a;
  return last;
}
