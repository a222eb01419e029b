import { describe, expect, it } from 'vitest';
import { describeFailure, evaluateMeasurement } from '../../src/exec/index.js';
import type { Comparator, Measurement } from '../../src/plan/index.js';

const m = (comparator: Comparator, o: Partial<Measurement> = {}): Measurement => ({
  field: 'x',
  units: null,
  comparator,
  lo: null,
  hi: null,
  nominal: null,
  expected: null,
  ...o,
});
const judge = (meas: Measurement, value: unknown) => evaluateMeasurement(meas, value === undefined ? {} : { x: value }).error_code ?? 'pass';

describe('comparators at their boundaries', () => {
  it.each([
    ['GE', { lo: 10 }, [[9.9999, 'LIMIT_FAIL'], [10, 'pass'], [10.0001, 'pass']]],
    ['GT', { lo: 10 }, [[10, 'LIMIT_FAIL'], [10.0001, 'pass']]],
    ['LE', { hi: 60 }, [[60, 'pass'], [60.0001, 'LIMIT_FAIL']]],
    ['LT', { hi: 60 }, [[60, 'LIMIT_FAIL'], [59.9999, 'pass']]],
    ['GELE', { lo: 10, hi: 60 }, [[9.99, 'LIMIT_FAIL'], [10, 'pass'], [60, 'pass'], [60.01, 'LIMIT_FAIL']]],
    ['GTLT', { lo: 10, hi: 60 }, [[10, 'LIMIT_FAIL'], [10.01, 'pass'], [59.99, 'pass'], [60, 'LIMIT_FAIL']]],
    ['EQ', { expected: true }, [[true, 'pass'], [false, 'LIMIT_FAIL'], [1, 'E_MEAS_TYPE'], ['true', 'E_MEAS_TYPE']]],
    ['EQ', { expected: 3 }, [[3, 'pass'], [3.0000001, 'LIMIT_FAIL'], ['3', 'E_MEAS_TYPE']]],
    ['NE', { expected: 'ERR' }, [['OK', 'pass'], ['ERR', 'LIMIT_FAIL'], [0, 'E_MEAS_TYPE']]],
    ['IN', { expected: ['A', 'B'] }, [['A', 'pass'], ['C', 'LIMIT_FAIL'], [1, 'E_MEAS_TYPE']]],
    ['IN', { expected: [1, 'one'] }, [[1, 'pass'], ['one', 'pass'], [2, 'LIMIT_FAIL'], [true, 'E_MEAS_TYPE']]],
    ['MATCHES', { expected: '^1\\.\\d+\\.\\d+$' }, [['1.0.0', 'pass'], ['2.0.0', 'LIMIT_FAIL'], [1, 'E_MEAS_TYPE']]],
  ] as Array<[Comparator, Partial<Measurement>, Array<[unknown, string]>]>)('%s %j', (comparator, limits, cases) => {
    for (const [value, expected] of cases) expect(judge(m(comparator, limits), value), `${JSON.stringify(value)}`).toBe(expected);
  });

  it('numeric comparators refuse non-numbers: strings, booleans, NaN-like, objects', () => {
    for (const v of ['25.0', true, { v: 1 }, [1]]) expect(judge(m('GELE', { lo: 0, hi: 1 }), v)).toBe('E_MEAS_TYPE');
  });

  it('a missing or null field is E_MEAS_MISSING, never a pass (MTAP passed it silently)', () => {
    expect(judge(m('GELE', { lo: 0, hi: 1 }), undefined)).toBe('E_MEAS_MISSING');
    expect(judge(m('GELE', { lo: 0, hi: 1 }), null)).toBe('E_MEAS_MISSING');
  });

  it('a field inherited from Object.prototype is not a reading', () => {
    expect(evaluateMeasurement({ ...m('EQ', { expected: 'x' }), field: 'toString' }, {}).error_code).toBe('E_MEAS_MISSING');
  });

  it('says why in one line', () => {
    expect(describeFailure(evaluateMeasurement(m('GELE', { lo: 10, hi: 60, units: 'degC' }), { x: 99.5 }))).toBe('x = 99.5 degC outside GELE [10, 60]');
    expect(describeFailure(evaluateMeasurement(m('EQ', { expected: true }), { x: 'yes' }))).toBe('measurement "x" = "yes" cannot be compared by EQ');
    expect(describeFailure(evaluateMeasurement(m('EQ', { expected: true }), {}))).toBe('measurement "x" missing from the reply');
  });
});
