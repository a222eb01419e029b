/**
 * Limit helpers (the reference FlowAPI's `lo_limit`, `hi_limit`, `limit`): build the limit specs a
 * test's `limits` option takes.
 *
 *   f.test('vdd', { limits: [loLimit(1.1, { units: 'V' }), hiLimit(1.3, { units: 'V' })] });
 *   // (limit 1.1 "gte" "V" nil) (limit 1.3 "lte" "V" nil)
 */
import { FlowError } from '../errors.js';
import type { LimitSpec } from './options.js';

export interface LimitOptions {
  rule?: string;
  units?: string;
  selector?: unknown;
  /** Alias of `selector`. */
  testMode?: unknown;
}

function spec(value: unknown, rule: string, o: LimitOptions): LimitSpec {
  const out: LimitSpec = { value, rule };
  if (o.units !== undefined) out.units = o.units;
  const selector = o.selector ?? o.testMode;
  if (selector !== undefined) out.selector = selector;
  return out;
}

/** A low limit: rule `gte` unless given. */
export function loLimit(value: unknown, options: LimitOptions = {}): LimitSpec {
  return spec(value, options.rule ?? 'gte', options);
}

/** A high limit: rule `lte` unless given. */
export function hiLimit(value: unknown, options: LimitOptions = {}): LimitSpec {
  return spec(value, options.rule ?? 'lte', options);
}

/** A limit with an explicit rule. */
export function limit(value: unknown, options: LimitOptions = {}): LimitSpec {
  if (options.rule === undefined) {
    throw new FlowError('You must supply option :rule (e.g. rule: :gt) when calling the limit helper');
  }
  return spec(value, options.rule, options);
}
