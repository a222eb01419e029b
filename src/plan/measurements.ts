/**
 * A step's measurements, as the executor judges them: MTAP v1 `limits` become one measurement, a
 * missing comparator is inferred from the limits given, and each comparator must have exactly the
 * limits it uses (a `hi` that GE would silently ignore is an error, not a surprise on the line).
 */
import type { YamlPath } from '../util/yaml-source.js';
import type { Comparator, StepInput } from './schema.js';
import type { Measurement } from './types.js';

export type Report = (path: YamlPath, message: string, atKey?: boolean) => void;

/** Which of lo/hi/expected each comparator uses. */
const USES: Record<Comparator, ReadonlyArray<'lo' | 'hi' | 'expected'>> = {
  GE: ['lo'],
  GT: ['lo'],
  LE: ['hi'],
  LT: ['hi'],
  GELE: ['lo', 'hi'],
  GTLT: ['lo', 'hi'],
  EQ: ['expected'],
  NE: ['expected'],
  IN: ['expected'],
  MATCHES: ['expected'],
};

export function readMeasurements(s: StepInput, path: YamlPath, report: Report): Measurement[] {
  if (s.limits && s.measurements) {
    report([...path, 'measurements'], 'give either limits (MTAP v1) or measurements, not both', true);
    return [];
  }
  if (s.limits) return [v1Limits(s.limits, [...path, 'limits'], report)];
  return (s.measurements ?? []).map((m, i) => measurement(m, [...path, 'measurements', i], report));
}

/** MTAP v1 `limits`, with its own messages: min/max inclusive (GELE, GE, LE) or equals (EQ). */
function v1Limits(l: NonNullable<StepInput['limits']>, p: YamlPath, report: Report): Measurement {
  const lo = l.min ?? null;
  const hi = l.max ?? null;
  const equals = l.equals ?? null;
  const hasRange = lo !== null || hi !== null;
  if (equals !== null && hasRange) report([...p, 'equals'], 'cannot specify equals with min/max', true);
  else if (equals === null && !hasRange) report(p, 'specify at least one of min/max/equals');
  if (lo !== null && hi !== null && lo > hi) report([...p, 'min'], `min (${lo}) is above max (${hi})`);
  const comparator: Comparator = equals !== null ? 'EQ' : lo !== null && hi !== null ? 'GELE' : lo !== null ? 'GE' : 'LE';
  return { field: l.field, units: l.units ?? null, comparator, lo, hi, nominal: null, expected: equals };
}

function measurement(m: NonNullable<StepInput['measurements']>[number], p: YamlPath, report: Report): Measurement {
  const lo = m.lo ?? null;
  const hi = m.hi ?? null;
  const expected = m.expected ?? null;
  const out = (comparator: Comparator): Measurement => ({ field: m.field, units: m.units ?? null, comparator, lo, hi, nominal: m.nominal ?? null, expected });
  if (!m.comparator && lo === null && hi === null && expected === null) {
    report(p, 'no limits: give lo and/or hi, or expected');
    return out('EQ');
  }
  const comparator: Comparator =
    m.comparator ?? (lo !== null && hi !== null ? 'GELE' : lo !== null ? 'GE' : hi !== null ? 'LE' : Array.isArray(expected) ? 'IN' : 'EQ');
  const uses = USES[comparator];
  // Limits given but not used by the comparator: one problem per key, at the key.
  for (const key of ['lo', 'hi', 'expected'] as const) {
    if (m[key] !== undefined && !uses.includes(key)) report([...p, key], `not used by ${comparator}${m.comparator ? '' : ' (inferred)'}${hint(comparator, key)}`, true);
  }
  switch (comparator) {
    case 'GE':
    case 'GT':
      if (lo === null) report(p, `${comparator} needs lo`);
      break;
    case 'LE':
    case 'LT':
      if (hi === null) report(p, `${comparator} needs hi`);
      break;
    case 'GELE':
    case 'GTLT':
      if (lo === null || hi === null) report(p, `${comparator} needs lo and hi`);
      else if (comparator === 'GELE' ? lo > hi : lo >= hi) report([...p, 'lo'], `lo (${lo}) must be ${comparator === 'GELE' ? 'at most' : 'below'} hi (${hi})`);
      break;
    case 'EQ':
    case 'NE':
      if (expected === null) report(p, `${comparator} needs expected: a value`);
      else if (Array.isArray(expected)) report([...p, 'expected'], `${comparator} compares with one value, not a list (use IN)`);
      break;
    case 'IN':
      if (expected === null) report(p, 'IN needs expected: a list of values');
      else if (!Array.isArray(expected)) report([...p, 'expected'], `IN needs a list of values, got one (use EQ, or write [${JSON.stringify(expected)}])`);
      break;
    case 'MATCHES':
      if (typeof expected !== 'string') report(expected === null ? p : [...p, 'expected'], 'MATCHES needs expected: a regular expression (a string)');
      else {
        try {
          new RegExp(expected, 'u');
        } catch (err) {
          report([...p, 'expected'], `not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
        }
      }
      break;
  }
  return out(comparator);
}

function hint(comparator: Comparator, key: 'lo' | 'hi' | 'expected'): string {
  if ((comparator === 'GE' || comparator === 'GT') && key === 'hi') return `; for a range use ${comparator === 'GE' ? 'GELE' : 'GTLT'}`;
  if ((comparator === 'LE' || comparator === 'LT') && key === 'lo') return `; for a range use ${comparator === 'LE' ? 'GELE' : 'GTLT'}`;
  return '';
}
