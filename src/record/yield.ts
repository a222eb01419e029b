/**
 * The two yields of a run's summary, as small pure functions (a later issue moves yield definitions
 * into one analytics module; these are written to be replaced by it).
 *
 * - Units tested: units whose final outcome is PASS, FAIL or ERROR. ABORTED units were not tested to
 *   the end and are left out of both denominators.
 * - First-pass yield: tested units that passed and whose every executed plan step passed on its
 *   first attempt (no retry, no failed attempt), ÷ units tested. Firmware discovery is not a step.
 * - Final yield: tested units that passed ÷ units tested.
 * Both are null when no unit was tested.
 */
import type { AttemptEvent, UnitRecord } from './schema.js';

export const YIELD_DEFINITIONS =
  'Units tested = final outcome PASS, FAIL or ERROR (ABORTED units are excluded from both denominators). ' +
  'first_pass_yield = units that passed with every executed step passing on its first attempt / units tested. ' +
  'final_yield = units that passed / units tested. Null when no unit was tested.';

export function isTested(unit: UnitRecord): boolean {
  return unit.outcome !== 'ABORTED';
}

/** `attempts`: the unit's final execution's attempts. */
export function passedFirstTime(unit: UnitRecord, attempts: readonly AttemptEvent[]): boolean {
  return unit.outcome === 'PASS' && attempts.every((a) => a.kind !== 'step' || (a.attempt === 1 && a.passed));
}

/** `attemptsOf`: a unit's final execution's attempts. */
export function firstPassYield(units: readonly UnitRecord[], attemptsOf: (unit: UnitRecord) => readonly AttemptEvent[]): number | null {
  const tested = units.filter(isTested);
  if (tested.length === 0) return null;
  return tested.filter((u) => passedFirstTime(u, attemptsOf(u))).length / tested.length;
}

export function finalYield(units: readonly UnitRecord[]): number | null {
  const tested = units.filter(isTested);
  if (tested.length === 0) return null;
  return tested.filter((u) => u.outcome === 'PASS').length / tested.length;
}
