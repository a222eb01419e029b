/**
 * The children of a `test` node, in the reference's order: object, name, number, id, levels,
 * limits (or nolimits), pins, patterns, meta, sub_tests, on_fail, on_pass.
 *
 *   test('test1', {id: 't1', bin: 5, limits: [{value: 5, rule: 'lte'}]})
 *   // (test (object "test1") (id "t1") (limit 5 "lte" nil nil) (on_fail (set_result "fail" (bin 5))))
 *
 * The `bin`/`softbin`/`continue`/`delayed`/`flagPass`/`flagFail` shorthands are first folded into
 * the on_fail/on_pass hashes (they win over the same keys there); a branch given as a block is built
 * first and the hash-built actions follow its contents.
 */
import { isPlainObject } from '../equality.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { present } from '../truthy.js';
import type { MakeDraft } from './actions.js';
import { actionChildren } from './actions.js';
import type { Draft, DraftChild } from './draft.js';
import type { Block } from './options.js';

/** Runs a block with a fresh container on top of the builder's pipeline. */
export type BuildInto = (container: Draft, block: Block) => Draft;

/** The first given (Ruby-truthy) value. */
export function firstPresent(...values: unknown[]): unknown {
  return values.find((v) => present(v));
}

/** Ruby's `to_i`: `"1234"` → 1234, `5.7` → 5, `"x"` → 0. */
export function toInteger(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  const n = parseInt(String(value).trim().replaceAll('_', ''), 10);
  return Number.isNaN(n) ? 0 : n;
}

/** A property of a host test object, if it has it (plain strings supply nothing). */
function instanceProperty(instance: unknown, names: readonly string[]): unknown {
  if (typeof instance !== 'object' || instance === null || Array.isArray(instance)) return undefined;
  const record = instance as Record<string, unknown>;
  for (const name of names) if (name in record && present(record[name])) return record[name];
  return undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? [...(value as unknown[])] : [value];
}

/** Read an option and mark it used (set, not deleted: deleting keys makes objects slow). */
function take(o: Record<string, unknown>, key: string): unknown {
  const v = o[key];
  if (v !== undefined) o[key] = undefined;
  return v;
}

/** Fold the shorthands of `o` into its onFail/onPass hashes (copies, never the caller's objects). */
function foldShorthands(o: Record<string, unknown>): void {
  const hash = (key: 'onFail' | 'onPass'): Record<string, unknown> => {
    const current = o[key];
    const copy = isPlainObject(current) ? { ...current } : {};
    o[key] = copy;
    return copy;
  };
  let v = take(o, 'bin');
  if (present(v)) hash('onFail').bin = v;
  v = take(o, 'binDescription');
  if (present(v)) hash('onFail').binDescription = v;
  v = take(o, 'binAttrs');
  if (present(v)) hash('onFail').binAttrs = v;
  v = firstPresent(take(o, 'softbin'), take(o, 'sbin'), take(o, 'softBin'));
  if (present(v)) hash('onFail').softbin = v;
  v = firstPresent(take(o, 'softbinDescription'), take(o, 'sbinDescription'), take(o, 'softBinDescription'));
  if (present(v)) hash('onFail').softbinDescription = v;
  if (present(take(o, 'continue'))) hash('onFail').continue = true;
  if (Object.hasOwn(o, 'delayed')) hash('onFail').delayed = take(o, 'delayed');
  v = take(o, 'flagPass');
  if (present(v)) hash('onPass').setFlag = v;
  v = take(o, 'flagFail');
  if (present(v)) hash('onFail').setFlag = v;
}

export function testChildren(instance: unknown, o: Record<string, unknown>, mk: MakeDraft, into: BuildInto): DraftChild[] {
  const blockFail = typeof o.onFail === 'function' ? (take(o, 'onFail') as Block) : undefined;
  const blockPass = typeof o.onPass === 'function' ? (take(o, 'onPass') as Block) : undefined;
  foldShorthands(o);

  const children: DraftChild[] = [mk('object', [instance as Child])];

  const name = firstPresent(o.name, o.tname, o.testName) ?? instanceProperty(instance, ['name', 'tname', 'testName']);
  if (present(name)) children.push(mk('name', [name as Child]));

  const num =
    firstPresent(o.number, o.num, o.tnum, o.testNumber) ??
    instanceProperty(instance, ['number', 'num', 'tnum', 'testNumber']);
  if (present(num)) children.push(mk('number', [toInteger(num)]));

  if (present(o.id)) children.push(mk('id', [o.id as Child]));

  const levels = firstPresent(o.level, o.levels);
  if (present(levels)) {
    for (const l of asList(levels)) {
      const spec = (isPlainObject(l) ? l : {}) as Record<string, unknown>;
      const unit = firstPresent(spec.unit, spec.units);
      const parts = [spec.name, spec.value] as Child[];
      children.push(mk('level', present(unit) ? [...parts, unit as Child] : parts));
    }
  }

  const limits = firstPresent(o.limit, o.limits);
  const lo = firstPresent(o.lo, o.low);
  const hi = firstPresent(o.hi, o.high);
  if (present(limits) || present(lo) || present(hi)) {
    if (limits === 'none') children.push(mk('nolimits'));
    else {
      // A single limit hash is accepted as well as a list (the reference silently drops it).
      const list = present(limits) ? asList(limits) : [];
      if (present(lo)) list.push({ value: lo, rule: 'gte' });
      if (present(hi)) list.push({ value: hi, rule: 'lte' });
      for (const l of list) {
        if (!isPlainObject(l)) continue;
        const unit = firstPresent(l.unit, l.units);
        children.push(mk('limit', [l.value ?? null, l.rule ?? null, unit ?? null, l.selector ?? null] as Child[]));
      }
    }
  }

  const pins = firstPresent(o.pin, o.pins);
  if (present(pins)) {
    for (const p of asList(pins)) children.push(mk('pin', [(isPlainObject(p) ? p.name : p) as Child]));
  }

  const patterns = firstPresent(o.pattern, o.patterns);
  if (present(patterns)) {
    for (const p of asList(patterns)) {
      if (isPlainObject(p)) children.push(mk('pattern', (present(p.path) ? [p.name, p.path] : [p.name]) as Child[]));
      else children.push(mk('pattern', [p as Child]));
    }
  }

  if (present(o.meta) && isPlainObject(o.meta)) {
    children.push(mk('meta', Object.entries(o.meta).map(([k, v]) => mk('attribute', [k, v as Child]))));
  }

  const subs = firstPresent(o.subTest, o.subTests);
  if (present(subs)) {
    for (const s of asList(subs)) if (s instanceof Node) children.push(s.updated('sub_test'));
  }

  const branch = (kind: 'on_fail' | 'on_pass', block: Block | undefined, spec: unknown): Draft | undefined => {
    const hash = isPlainObject(spec) ? spec : undefined;
    if (!block && !hash) return undefined;
    const node = block ? into(mk(kind), block) : mk(kind);
    if (hash) node.children.push(...actionChildren(kind, hash, mk));
    return node;
  };
  const onFail = branch('on_fail', blockFail, o.onFail);
  if (onFail) children.push(onFail);
  const onPass = branch('on_pass', blockPass, o.onPass);
  if (onPass) children.push(onPass);
  return children;
}
