/**
 * Marshal: makes a tree safe to serialise. Each `(object O)` becomes a hash describing the test:
 * a string O gives `{"Test": O}`, a hash is kept, an object with `toMeta()` gives its result; then
 * missing `Test`, `Pattern`, `Test Name` and `Sub Test Name` entries are filled from the object's
 * `name`, `pattern`, `testName`/`_testName`/`TestName` and `subTestName`/`SubTestName` (or `Test`).
 * `(render X)` gets a string X.
 */
import { isPlainObject } from '../equality.js';
import type { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';
import { present } from '../truthy.js';

/** A property of a host object (strings and hashes have none, as in Ruby). */
function property(o: unknown, ...names: string[]): unknown {
  if (typeof o !== 'object' || o === null || isPlainObject(o) || Array.isArray(o)) return undefined;
  const record = o as Record<string, unknown>;
  for (const name of names) {
    const v = typeof record[name] === 'function' ? (record[name] as () => unknown).call(o) : record[name];
    if (present(v)) return v;
  }
  return undefined;
}

export function describeTestObject(o: unknown): Record<string, unknown> {
  let meta: Record<string, unknown>;
  if (typeof o === 'string') meta = { Test: o };
  else if (isPlainObject(o)) meta = { ...o };
  else {
    const toMeta = property(o, 'toMeta');
    meta = isPlainObject(toMeta) && Object.keys(toMeta).length > 0 ? { ...toMeta } : {};
  }
  const fill = (key: string, value: unknown): void => {
    if (!present(meta[key])) meta[key] = value ?? null;
  };
  fill('Test', property(o, 'name'));
  fill('Pattern', property(o, 'pattern'));
  fill('Test Name', property(o, 'testName', '_testName', 'TestName') ?? meta.Test);
  fill('Sub Test Name', property(o, 'subTestName', 'SubTestName') ?? meta.Test);
  return meta;
}

export class Marshal extends Processor {
  onObject(node: Node): HandlerResult {
    return node.updated(undefined, [describeTestObject(node.value)]);
  }

  onRender(node: Node): HandlerResult {
    const v = node.value;
    return node.updated(undefined, [v === null || v === undefined ? '' : String(v)]);
  }
}
