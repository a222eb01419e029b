/**
 * Measurements against their limits: one pure function per comparator, and the evaluation of a step's
 * measurements on a DUT reply. A value that cannot be judged is its own failure, never a crash: a
 * missing field is E_MEAS_MISSING, a value of the wrong type (a string where a number is compared, or
 * 1 where `true` is expected) is E_MEAS_TYPE. MTAP passed a missing field silently and crashed the
 * batch on a non-numeric one (its bug 6).
 */
import type { Comparator, Measurement, Scalar } from '../plan/index.js';
import type { MeasurementResult } from '../record/index.js';

type Judgement = 'pass' | 'fail' | 'type';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const sameType = (a: unknown, b: Scalar) => typeof a === typeof b;

/** Pass rules, one per comparator. `lo`/`hi`/`expected` are present as the plan loader checked. */
export const COMPARATOR_RULES: Record<Comparator, (v: unknown, m: Measurement) => Judgement> = {
  GE: (v, m) => (!isNumber(v) ? 'type' : v >= m.lo! ? 'pass' : 'fail'),
  GT: (v, m) => (!isNumber(v) ? 'type' : v > m.lo! ? 'pass' : 'fail'),
  LE: (v, m) => (!isNumber(v) ? 'type' : v <= m.hi! ? 'pass' : 'fail'),
  LT: (v, m) => (!isNumber(v) ? 'type' : v < m.hi! ? 'pass' : 'fail'),
  GELE: (v, m) => (!isNumber(v) ? 'type' : v >= m.lo! && v <= m.hi! ? 'pass' : 'fail'),
  GTLT: (v, m) => (!isNumber(v) ? 'type' : v > m.lo! && v < m.hi! ? 'pass' : 'fail'),
  EQ: (v, m) => (!sameType(v, m.expected as Scalar) ? 'type' : v === m.expected ? 'pass' : 'fail'),
  NE: (v, m) => (!sameType(v, m.expected as Scalar) ? 'type' : v !== m.expected ? 'pass' : 'fail'),
  IN: (v, m) => {
    const options = m.expected as Scalar[];
    if (!options.some((o) => sameType(v, o))) return 'type';
    return options.includes(v as Scalar) ? 'pass' : 'fail';
  },
  MATCHES: (v, m) => (typeof v !== 'string' ? 'type' : new RegExp(m.expected as string, 'u').test(v) ? 'pass' : 'fail'),
};

const CODE: Record<Exclude<Judgement, 'pass'>, string> = { fail: 'LIMIT_FAIL', type: 'E_MEAS_TYPE' };

export function evaluateMeasurement(m: Measurement, data: Readonly<Record<string, unknown>>): MeasurementResult {
  const present = Object.hasOwn(data, m.field) && data[m.field] !== null && data[m.field] !== undefined;
  const value = present ? data[m.field] : null;
  const judgement = present ? COMPARATOR_RULES[m.comparator](value, m) : null;
  return {
    field: m.field,
    value: value ?? null,
    units: m.units,
    comparator: m.comparator,
    lo: m.lo,
    hi: m.hi,
    nominal: m.nominal,
    expected: m.expected,
    passed: judgement === 'pass',
    error_code: judgement === null ? 'E_MEAS_MISSING' : judgement === 'pass' ? null : CODE[judgement],
  };
}

/** Every measurement of a step on one reply; the attempt fails on the first that does not pass. */
export function evaluateMeasurements(ms: readonly Measurement[], data: Readonly<Record<string, unknown>>): {
  results: MeasurementResult[];
  failed: MeasurementResult | null;
} {
  const results = ms.map((m) => evaluateMeasurement(m, data));
  return { results, failed: results.find((r) => !r.passed) ?? null };
}

/** A one-line account of why a measurement did not pass, for the attempt's message. */
export function describeFailure(r: MeasurementResult): string {
  if (r.error_code === 'E_MEAS_MISSING') return `measurement "${r.field}" missing from the reply`;
  const value = JSON.stringify(r.value);
  if (r.error_code === 'E_MEAS_TYPE') return `measurement "${r.field}" = ${value} cannot be compared by ${r.comparator}`;
  const limits =
    r.comparator === 'EQ' || r.comparator === 'NE' || r.comparator === 'IN' || r.comparator === 'MATCHES'
      ? `${r.comparator} ${JSON.stringify(r.expected)}`
      : `${r.comparator} [${r.lo ?? ''}, ${r.hi ?? ''}]`;
  return `${r.field} = ${value}${r.units ? ' ' + r.units : ''} outside ${limits}`;
}
