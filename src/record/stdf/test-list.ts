/**
 * The plan's tests as STDF sees them. STDF keys results on TEST_NUM, and analysis tools expect a
 * test number to mean the same thing across files, so the numbers derive only from the plan:
 *
 * - measurement `i` (0-based, in plan order) of a step → TEST_NUM = `test_num × 100 + i`: a PTR when
 *   its comparator is a limit (GE GT LE LT GELE GTLT), an FTR otherwise (EQ NE IN MATCHES);
 * - a step without measurements → one FTR, TEST_NUM = `test_num × 100`;
 * - firmware discovery (not a plan step) → an FTR with the reserved TEST_NUM 4294967295.
 *
 * So test_num may be at most 42,949,671 and a step may have at most 100 measurements; a plan beyond
 * either is E_EXPORT naming the step. Adding a measurement at the end of a step, or a step anywhere,
 * renumbers nothing.
 */
import { MtapError } from '../../errors.js';
import type { Comparator, Measurement, Plan, PlanStep } from '../../plan/index.js';
import { FW_DISCOVERY_STEP } from '../../plan/index.js';

export const TESTS_PER_STEP = 100;
/** Reserved for firmware discovery: the largest U*4, which no plan test number reaches. */
export const DISCOVERY_TEST_NUM = 0xffffffff;
/** The largest test_num whose last measurement number stays below the reserved one (42,949,671). */
export const MAX_STEP_TEST_NUM = Math.floor((DISCOVERY_TEST_NUM - 1 - (TESTS_PER_STEP - 1)) / TESTS_PER_STEP);

const LIMIT_COMPARATORS: ReadonlySet<Comparator> = new Set(['GE', 'GT', 'LE', 'LT', 'GELE', 'GTLT']);

/** Whether a measurement is parametric (a number against limits: a PTR) rather than pass/fail (an FTR). */
export function isParametric(m: Pick<Measurement, 'comparator'>): boolean {
  return LIMIT_COMPARATORS.has(m.comparator);
}

export interface StdfTest {
  testNum: number;
  /** TSR.TEST_TYP: P parametric (PTR), F functional (FTR). */
  type: 'P' | 'F';
  /** TEST_TXT / TSR.TEST_NAM: `step_id.field`, or `step_id` for a step's own pass/fail. */
  name: string;
  /** TSR.TEST_LBL: the step's name. */
  label: string;
  /** TSR.SEQ_NAME: the step's group path, `/`-joined. */
  seq: string;
  stepId: string;
  /** The measurement and its index in the step, or null for a step's (or discovery's) own pass/fail. */
  measurement: { index: number; m: Measurement } | null;
}

export interface TestList {
  /** Every test of the plan, in plan order (discovery not included). */
  tests: StdfTest[];
  /** A step's tests, by step id. */
  byStep: Map<string, StdfTest[]>;
}

export const DISCOVERY_TEST: StdfTest = {
  testNum: DISCOVERY_TEST_NUM,
  type: 'F',
  name: FW_DISCOVERY_STEP,
  label: 'Firmware discovery',
  seq: '',
  stepId: FW_DISCOVERY_STEP,
  measurement: null,
};

export function stdfTestNumber(step: Pick<PlanStep, 'id' | 'testNum' | 'pos'>, index: number): number {
  if (step.testNum > MAX_STEP_TEST_NUM) {
    throw new MtapError(
      'E_EXPORT',
      `step "${step.id}" (line ${step.pos.line}): test_num ${step.testNum} is too large for STDF test numbers (test_num × ${TESTS_PER_STEP} + measurement index must fit U*4, so test_num may be at most ${MAX_STEP_TEST_NUM})`,
    );
  }
  if (index >= TESTS_PER_STEP) {
    throw new MtapError('E_EXPORT', `step "${step.id}" (line ${step.pos.line}) has more than ${TESTS_PER_STEP} measurements, more than STDF test numbers give a step`);
  }
  return step.testNum * TESTS_PER_STEP + index;
}

export function testList(plan: Pick<Plan, 'steps'>): TestList {
  const tests: StdfTest[] = [];
  const byStep = new Map<string, StdfTest[]>();
  for (const step of plan.steps) {
    const common = { label: step.name, seq: step.groups.join('/'), stepId: step.id };
    const own: StdfTest[] =
      step.measurements.length === 0
        ? [{ ...common, testNum: stdfTestNumber(step, 0), type: 'F', name: step.id, measurement: null }]
        : step.measurements.map((m, index) => ({
            ...common,
            testNum: stdfTestNumber(step, index),
            type: isParametric(m) ? 'P' : 'F',
            name: `${step.id}.${m.field}`,
            measurement: { index, m },
          }));
    tests.push(...own);
    byStep.set(step.id, own);
  }
  return { tests, byStep };
}
