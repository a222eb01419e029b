/**
 * Structural equality of AST children, the rule every processor uses to compare conditions, remove
 * children and test results: nodes by type and children, arrays element by element, plain hashes
 * key by key, `null` and `undefined` alike (both print as `nil`), numbers by value, and any other
 * object (a host test object) by identity.
 */

/** Node equality without importing the class (avoids a module cycle). */
interface NodeLike {
  readonly type: string;
  readonly children: readonly unknown[];
  equals(other: unknown): boolean;
}

function isNodeLike(v: unknown): v is NodeLike {
  return typeof v === 'object' && v !== null && 'equals' in v && 'children' in v && 'type' in v;
}

/** True for `{...}` literals and `Object.create(null)` objects: the hashes of the reference. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function childrenEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!atomsEqual(a[i], b[i])) return false;
  return true;
}

export function atomsEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'number') return typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || b === null) return false;
  if (isNodeLike(a)) return a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && childrenEqual(a, b);
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && atomsEqual(a[k], b[k]));
  }
  return false;
}
