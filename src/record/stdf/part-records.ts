/**
 * One unit as STDF: PIR, then for each step it executed (in the order they ran) a PTR per parametric
 * measurement and an FTR per pass/fail measurement (or one FTR for a step without measurements), then
 * PRR. Each result is the step's **final** attempt's. The figures the TSRs summarize are gathered on
 * the way.
 *
 * The first PTR of a test number in the file carries its limits, units and OPT_FLAG; later PTRs of
 * that number stop after ALARM_ID (the spec lets them inherit the first one's).
 */
import { MtapError } from '../../errors.js';
import type { Comparator, Measurement } from '../../plan/index.js';
import type { UnitRecord } from '../schema.js';
import { measurementResult, type StepView, type UnitView } from '../exports/unit-view.js';
import type { RecordOf, StdfRecord } from './catalogue.js';
import { FTR_OPT_NONE_VALID, MISSING, PARM_FLG, PART_FLG, PTR_OPT, TEST_FLG } from './flags.js';
import { DISCOVERY_TEST, type StdfTest, type TestList } from './test-list.js';

export const HEAD = 1;

/** Running figures of one test number, for its TSR. */
export interface TestFigures {
  exec: number;
  fail: number;
  /** Time of the executions' steps, microseconds. */
  timeUs: number;
  /** Over valid results only. */
  results: number;
  min: number;
  max: number;
  sum: number;
  squares: number;
}

export interface PartContext {
  tests: TestList;
  figures: Map<number, TestFigures>;
  /** Test numbers whose first PTR (the one with limits and units) is already written. */
  limitsWritten: Set<number>;
}

export function partRecords(view: UnitView, ctx: PartContext): StdfRecord[] {
  const site = view.unit.site;
  const out: StdfRecord[] = [{ rec: 'PIR', fields: { HEAD_NUM: HEAD, SITE_NUM: site } }];
  for (const step of view.steps) {
    const tests = step.kind === 'discovery' ? [DISCOVERY_TEST] : ctx.tests.byStep.get(step.stepId);
    if (!tests) throw new MtapError('E_EXPORT', `unit ${view.unit.sn}: step "${step.stepId}" is not in the run's plan.yaml`);
    for (const t of tests) out.push(t.type === 'P' ? ptr(t, step, site, ctx) : ftr(t, step, view.unit, ctx));
  }
  out.push(prr(view, out.length - 1));
  return out;
}

function figuresOf(ctx: PartContext, testNum: number): TestFigures {
  let f = ctx.figures.get(testNum);
  if (!f) {
    f = { exec: 0, fail: 0, timeUs: 0, results: 0, min: Infinity, max: -Infinity, sum: 0, squares: 0 };
    ctx.figures.set(testNum, f);
  }
  return f;
}

function count(ctx: PartContext, testNum: number, step: StepView, failed: boolean, value: number | null): void {
  const f = figuresOf(ctx, testNum);
  f.exec++;
  if (failed) f.fail++;
  f.timeUs += step.durationUs;
  if (value !== null) {
    f.results++;
    f.min = Math.min(f.min, value);
    f.max = Math.max(f.max, value);
    f.sum += value;
    f.squares += value * value;
  }
}

/** TEST_FLG of a failed test: a timeout is flagged as such. */
function failFlags(code: string | null): number {
  return TEST_FLG.FAILED | (code === 'E_TIMEOUT' ? TEST_FLG.TIMEOUT : 0);
}

/** PARM_FLG bits 6/7: which limit comparisons include the limit itself. */
export function inclusiveBits(c: Comparator): number {
  return (c === 'GE' || c === 'GELE' ? PARM_FLG.LOW_INCLUSIVE : 0) | (c === 'LE' || c === 'GELE' ? PARM_FLG.HIGH_INCLUSIVE : 0);
}

/** PARM_FLG bits 3/4: on which side of its limits a failing value lies. */
export function sideBits(m: Pick<Measurement, 'comparator' | 'lo' | 'hi'>, value: number): number {
  const incl = inclusiveBits(m.comparator);
  const high = m.hi !== null && (incl & PARM_FLG.HIGH_INCLUSIVE ? value > m.hi : value >= m.hi);
  const low = m.lo !== null && (incl & PARM_FLG.LOW_INCLUSIVE ? value < m.lo : value <= m.lo);
  return (high ? PARM_FLG.ABOVE_HIGH : 0) | (low ? PARM_FLG.BELOW_LOW : 0);
}

function ptr(t: StdfTest, step: StepView, site: number, ctx: PartContext): RecordOf<'PTR'> {
  const { index, m } = t.measurement!;
  const r = measurementResult(step.final, m, index);
  const value = r !== undefined && typeof r.value === 'number' && Number.isFinite(r.value) ? r.value : null;
  const passed = r?.passed === true && value !== null;
  let testFlg = passed ? 0 : failFlags(step.final.error_code);
  if (value === null) testFlg |= TEST_FLG.RESULT_INVALID;
  const parmFlg = inclusiveBits(m.comparator) | (!passed && value !== null ? sideBits(m, value) : 0);
  count(ctx, t.testNum, step, !passed, value);

  const fields: RecordOf<'PTR'>['fields'] = {
    TEST_NUM: t.testNum,
    HEAD_NUM: HEAD,
    SITE_NUM: site,
    TEST_FLG: testFlg,
    PARM_FLG: parmFlg,
    RESULT: value ?? 0,
    TEST_TXT: t.name,
    ALARM_ID: '',
  };
  if (!ctx.limitsWritten.has(t.testNum)) {
    ctx.limitsWritten.add(t.testNum);
    Object.assign(fields, {
      OPT_FLAG: PTR_OPT.RESERVED | PTR_OPT.NO_LO_SPEC | PTR_OPT.NO_HI_SPEC | (m.lo === null ? PTR_OPT.NO_LO_LIMIT : 0) | (m.hi === null ? PTR_OPT.NO_HI_LIMIT : 0),
      RES_SCAL: 0,
      LLM_SCAL: 0,
      HLM_SCAL: 0,
      LO_LIMIT: m.lo ?? 0,
      HI_LIMIT: m.hi ?? 0,
      UNITS: m.units ?? '',
    });
  }
  return { rec: 'PTR', fields };
}

/** A measured value as text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function failureText(code: string | null, message: string): string {
  return `${code ?? 'FAIL'}: ${message}`;
}

/**
 * A step's own pass/fail (a step without measurements, or firmware discovery) is the unit record's
 * verdict on it: discovery can get a reply (its attempt passed) and still fail the unit on the
 * firmware it reported (E_FW_MISMATCH), which only the unit record's failing_steps says.
 */
function ftr(t: StdfTest, step: StepView, unit: UnitRecord, ctx: PartContext): RecordOf<'FTR'> {
  const { final } = step;
  let passed: boolean;
  let code = final.error_code;
  let text: string;
  if (t.measurement) {
    const r = measurementResult(final, t.measurement.m, t.measurement.index);
    passed = r?.passed === true;
    text = r !== undefined && r.value !== null && r.value !== undefined ? valueText(r.value) : failureText(code, final.message);
  } else {
    const failure = unit.failing_steps.find((f) => f.step_id === step.stepId);
    passed = final.passed && failure === undefined;
    if (failure) code = failure.error_code;
    text = passed ? final.message : failureText(code, failure?.message ?? final.message);
  }
  count(ctx, t.testNum, step, !passed, null);
  return {
    rec: 'FTR',
    fields: {
      TEST_NUM: t.testNum,
      HEAD_NUM: HEAD,
      SITE_NUM: unit.site,
      TEST_FLG: passed ? 0 : failFlags(code),
      OPT_FLAG: FTR_OPT_NONE_VALID,
      CYCL_CNT: 0,
      REL_VADR: 0,
      REPT_CNT: 0,
      NUM_FAIL: 0,
      XFAIL_AD: 0,
      YFAIL_AD: 0,
      VECT_OFF: 0,
      RTN_ICNT: 0,
      PGM_ICNT: 0,
      RTN_INDX: [],
      RTN_STAT: [],
      PGM_INDX: [],
      PGM_STAT: [],
      FAIL_PIN: [],
      VECT_NAM: '',
      TIME_SET: '',
      OP_CODE: '',
      TEST_TXT: t.name,
      ALARM_ID: '',
      PROG_TXT: '',
      RSLT_TXT: text,
    },
  };
}

/** PRR.PART_TXT: the outcome, and for a unit that did not pass the step and code that decided it. */
export function partText(unit: UnitRecord): string {
  const decided = [unit.deciding_step, unit.deciding_code].filter((x) => x !== null).join(' ');
  return decided ? `${unit.outcome} ${decided}` : unit.outcome;
}

function prr(view: UnitView, numTest: number): RecordOf<'PRR'> {
  const u = view.unit;
  const flags = u.outcome === 'ABORTED' ? PART_FLG.ABNORMAL_END | PART_FLG.NO_PASS_FAIL : u.outcome === 'PASS' ? 0 : PART_FLG.FAILED;
  return {
    rec: 'PRR',
    fields: {
      HEAD_NUM: HEAD,
      SITE_NUM: u.site,
      PART_FLG: flags,
      NUM_TEST: numTest,
      HARD_BIN: u.hard_bin ?? MISSING.U2,
      SOFT_BIN: u.soft_bin ?? MISSING.U2,
      X_COORD: MISSING.I2,
      Y_COORD: MISSING.I2,
      TEST_T: Math.round(u.duration_ms),
      PART_ID: u.sn,
      PART_TXT: partText(u),
    },
  };
}
