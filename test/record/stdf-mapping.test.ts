/** The STDF mapping's small rules, each at its boundaries: test numbers, limit flags, bins, texts, times. */
import { describe, expect, it } from 'vitest';
import { isMtapError } from '../../src/errors.js';
import { parsePlan, type Comparator } from '../../src/plan/index.js';
import {
  atdfTime,
  binTable,
  float32Text,
  inclusiveBits,
  isParametric,
  MAX_STEP_TEST_NUM,
  partText,
  retestedCount,
  runToStdf,
  sideBits,
  stdfTestNumber,
  testList,
} from '../../src/record/index.js';
import { smallPlan, smallRun } from './stdf-fixtures.js';

const code = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return isMtapError(err) ? `${err.code}: ${err.message}` : String(err);
  }
};
const step = (testNum: number) => ({ id: 's', testNum, pos: { line: 3, col: 5 } });

describe('test numbers', () => {
  it('are test_num × 100 + the measurement index, up to the largest that stays below the reserved one', () => {
    expect(stdfTestNumber(step(20), 0)).toBe(2000);
    expect(stdfTestNumber(step(20), 99)).toBe(2099);
    expect(stdfTestNumber(step(0), 0)).toBe(0);
    expect(MAX_STEP_TEST_NUM).toBe(42_949_671);
    expect(stdfTestNumber(step(MAX_STEP_TEST_NUM), 99)).toBe(4_294_967_199);
    expect(code(() => stdfTestNumber(step(MAX_STEP_TEST_NUM + 1), 0))).toMatch(/^E_EXPORT: step "s" \(line 3\): test_num 42949672 is too large/);
    expect(code(() => stdfTestNumber(step(1), 100))).toMatch(/^E_EXPORT: step "s" \(line 3\) has more than 100 measurements/);
  });

  it('give each plan test one number, parametric or functional by comparator', () => {
    const { tests, byStep } = testList(smallPlan());
    expect(tests.map((t) => [t.testNum, t.type, t.name, t.seq])).toEqual([
      [1000, 'F', 'set_temp', ''],
      [2000, 'P', 'ping.vbat_v', ''],
      [3000, 'P', 'read_temp.temp_c', 'thermal'],
      [3001, 'P', 'read_temp.vbat_v', 'thermal'],
      [4000, 'F', 'self_test.self_test_ok', ''],
    ]);
    expect(byStep.get('read_temp')!.map((t) => t.label)).toEqual(['Temperature', 'Temperature']);
    const parametric = (['GE', 'GT', 'LE', 'LT', 'GELE', 'GTLT', 'EQ', 'NE', 'IN', 'MATCHES'] as Comparator[]).filter((c) => isParametric({ comparator: c }));
    expect(parametric).toEqual(['GE', 'GT', 'LE', 'LT', 'GELE', 'GTLT']);
  });

  it('a plan whose test_num is too large for STDF is E_EXPORT, naming the step', () => {
    const plan = parsePlan('plan: {name: P, version: 1}\nstation: {name: S, stage: DVT, fw_expected: "*"}\nsteps:\n  - {id: big, name: Big, cmd: PING, test_num: 50000000}\n', 'p.yaml');
    expect(code(() => runToStdf({ ...smallRun(), units: [], attempts: [] }, plan))).toMatch(/^E_EXPORT: step "big" \(line 4\): test_num 50000000/);
  });
});

describe('PARM_FLG limit bits', () => {
  const m = (comparator: Comparator, lo: number | null, hi: number | null) => ({ comparator, lo, hi });
  it('bit 6 for an inclusive low limit, bit 7 for an inclusive high one', () => {
    const bits = (['GE', 'GT', 'LE', 'LT', 'GELE', 'GTLT'] as Comparator[]).map((c) => inclusiveBits(c));
    expect(bits).toEqual([0x40, 0, 0x80, 0, 0xc0, 0]);
  });
  it('bit 3 above the high limit, bit 4 below the low one, exactly at the limits', () => {
    expect([sideBits(m('LE', null, 5), 5), sideBits(m('LE', null, 5), 5.001)]).toEqual([0, 0x08]);
    expect([sideBits(m('LT', null, 5), 4.999), sideBits(m('LT', null, 5), 5)]).toEqual([0, 0x08]);
    expect([sideBits(m('GE', 1, null), 1), sideBits(m('GE', 1, null), 0.999)]).toEqual([0, 0x10]);
    expect([sideBits(m('GT', 1, null), 1.001), sideBits(m('GT', 1, null), 1)]).toEqual([0, 0x10]);
    expect([sideBits(m('GELE', 1, 5), 1), sideBits(m('GELE', 1, 5), 5), sideBits(m('GELE', 1, 5), 0), sideBits(m('GELE', 1, 5), 6)]).toEqual([0, 0, 0x10, 0x08]);
    expect([sideBits(m('GTLT', 1, 5), 1), sideBits(m('GTLT', 1, 5), 5)]).toEqual([0x10, 0x08]);
  });
});

describe('bins, counts and texts', () => {
  it('names bins from the plan (plan-wide first, then steps), P only for the pass bin', () => {
    const { hard, soft } = binTable(smallPlan(), smallRun().units);
    expect(hard).toEqual([
      { num: 1, count: 1, pf: 'P', name: 'Good' },
      { num: 2, count: 2, pf: 'F', name: 'Functional fail' },
      { num: 3, count: 0, pf: 'F', name: 'Supply out of range' },
      { num: 5, count: 0, pf: 'F', name: 'Self-test failed' },
      { num: 9, count: 1, pf: 'F', name: 'Tester error' },
    ]);
    expect(soft.map((b) => [b.num, b.count, b.name])).toEqual([
      [1, 1, 'Good'],
      [31, 0, 'Supply out of range'],
      [51, 0, 'Self-test failed'],
      [299, 2, 'Functional fail'],
      [900, 1, 'Tester error'],
    ]);
  });

  it('counts a serial as re-tested when its counted attempts span executions', () => {
    const run = smallRun();
    expect(retestedCount(run)).toBe(1);
    expect(retestedCount({ units: run.units, attempts: run.attempts.filter((a) => a.unit_exec_id !== 'e0-0001') })).toBe(0);
  });

  it('PART_TXT: the outcome and what decided it', () => {
    expect(smallRun().units.map(partText)).toEqual(['PASS', 'FAIL read_temp LIMIT_FAIL', 'ERROR ping E_TIMEOUT', 'ABORTED', 'FAIL fw_discovery E_FW_MISMATCH']);
  });

  it('a site over 255 does not fit STDF: E_EXPORT', () => {
    const run = smallRun();
    run.units[0] = { ...run.units[0]!, site: 256 };
    expect(code(() => runToStdf(run, smallPlan()))).toMatch(/^E_EXPORT: STDF PIR\.SITE_NUM: 256 does not fit U\*1/);
  });
});

describe('ATDF texts', () => {
  it('prints float32 values as the shortest decimal that reads back the same', () => {
    expect([12.0005, 0.1, 123456.789, 1e-7, 0, -2.5].map(float32Text)).toEqual(['12.0005', '0.1', '123456.79', '1e-7', '0', '-2.5']);
    expect(float32Text(undefined)).toBe('');
  });
  it('prints times as HH:MM:SS DD-MON-YYYY', () => {
    expect(atdfTime(Date.parse('2021-12-10T10:17:00Z') / 1000)).toBe('10:17:00 10-DEC-2021');
    expect(atdfTime(0)).toBe('00:00:00 01-JAN-1970');
  });
});
