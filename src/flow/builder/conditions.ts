/**
 * Inline conditions of a builder call: which condition keys an options object holds (in the order
 * given), and the "context" of a call, the map of condition type → value that `contextChanged()`
 * compares.
 *
 *   extractConditions({ unlessEnabled: 'bitmap', ifFailed: 't1', bin: 5 }, true)
 *   // [['unless_enabled', 'bitmap'], ['if_failed', 't1']], and both keys are consumed (set to undefined)
 */
import { CONDITION_KEYS, isConditionKey } from '../conditions.js';
import { atomsEqual } from '../equality.js';
import { FlowError } from '../errors.js';
import { atomToSexp } from '../sexp.js';
import { present } from '../truthy.js';

/** An ordered list of (condition type, value) pairs. */
export type ConditionList = Array<[type: string, value: unknown]>;

/**
 * The condition keys among `options`, mapped to node types, first occurrence first; a key with no
 * value (`undefined`, `null`, `false`) is skipped. With `remove`, the keys are consumed (set to
 * `undefined`), so a call that passes its options on (cz to test) does not apply them twice.
 * Two keys for the same type with different values are an error.
 */
export function extractConditions(options: Record<string, unknown>, remove: boolean): ConditionList {
  const found = new Map<string, unknown>();
  for (const key of Object.keys(options)) {
    if (!isConditionKey(key)) continue;
    const value = options[key];
    if (remove && value !== undefined) options[key] = undefined; // used (deleting keys makes objects slow)
    const type = CONDITION_KEYS[key];
    if (!present(value)) continue;
    if (found.has(type)) {
      if (!atomsEqual(found.get(type), value)) {
        throw new FlowError(`Multiple values assigned to flow condition ${type}`);
      }
    } else found.set(type, Array.isArray(value) ? [...(value as unknown[])] : value);
  }
  return [...found];
}

/** Ruby's `to_s` of a condition value, used to compare contexts. */
function valueText(value: unknown): string {
  return typeof value === 'string' ? value : atomToSexp(value);
}

/** Flatten condition lists into type → value text; a later entry for a type wins. */
export function contextOf(lists: readonly ConditionList[]): Map<string, string> {
  const ctx = new Map<string, string>();
  for (const list of lists) for (const [type, value] of list) if (present(value)) ctx.set(type, valueText(value));
  return ctx;
}

export function sameContext(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
