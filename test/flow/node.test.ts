// Node API: value, find/findAll, remove, ensureNodePresent, setFlags, excludingSubFlows, meta.
import { describe, expect, it } from 'vitest';
import { LOST_SOURCE, Node, NodeMeta, equals, fromSexp, isNode, toSexp } from '../../src/flow/index.js';
import { expectTree, newFlow } from './helpers.js';

const s = fromSexp;

describe('Node', () => {
  it('value descends through first children', () => {
    expect(s('(id "t1")').value).toBe('t1');
    expect(s('(a (b (c 5)))').value).toBe(5);
    expect(s('(a)').value).toBeUndefined();
  });

  it('find returns the first direct child of the given types', () => {
    const n = s('(test (object "x") (id "a") (id "b") (on_fail (id "c")))');
    expect(n.find('id')?.value).toBe('a');
    expect(n.find('nope', 'on_fail')?.type).toBe('on_fail');
    expect(n.find('nope')).toBeUndefined();
  });

  it('findAll is direct by default, pre-order and self-inclusive when recursive', () => {
    const n = s('(test (id "a") (on_fail (test (id "b"))) (id "c"))');
    expect(n.findAll('id').map((x) => x.value)).toEqual(['a', 'c']);
    expect(n.findAll('id', { recursive: true }).map((x) => x.value)).toEqual(['a', 'b', 'c']);
    expect(n.findAll('test', { recursive: true })).toHaveLength(2);
    expect(n.findAll('test', { recursive: true })[0]).toBe(n);
  });

  it('remove drops children by type and by structural equality, without mutating (misc_spec)', () => {
    const ast = s(`
      (flow (name "sort1")
        (log "Another group-level dependencies test based on a real life use case")
        (test (object "gt1") (on_fail (set_result "fail" (bin 90))) (id "t1"))
        (if_flag "gt_grp2_FAILED" (test (object "gt3") (id "t7")))
        (test (object "gt3") (id "t7")))`);
    const before = toSexp(ast);
    expectTree(ast.remove('test', 'log'), `
      (flow (name "sort1") (if_flag "gt_grp2_FAILED" (test (object "gt3") (id "t7"))))`);
    expectTree(ast.remove(ast.find('log')!, ast.find('if_flag')!), `
      (flow (name "sort1")
        (test (object "gt1") (on_fail (set_result "fail" (bin 90))) (id "t1"))
        (test (object "gt3") (id "t7")))`);
    expect(ast.remove(s('(test (object "gt3") (id "t7"))')).findAll('test')).toHaveLength(1);
    expect(toSexp(ast)).toBe(before);
  });

  it('ensureNodePresent appends at the end only when missing, sharing the parent meta', () => {
    const meta = new NodeMeta({ id: 7, description: 'd' });
    const n = new Node('test', [new Node('object', ['x'])], meta);
    const withFail = n.ensureNodePresent('on_fail');
    expectTree(withFail, '(test (object "x") (on_fail))');
    expect(withFail.find('on_fail')!.meta).toBe(meta);
    expect(withFail.ensureNodePresent('on_fail')).toBe(withFail);
    expectTree(withFail.find('on_fail')!.ensureNodePresent('set_result', 'fail'), '(on_fail (set_result "fail"))');
  });

  it('contains looks at the node itself and below', () => {
    const n = s('(group (name "g") (if_flag "f" (test (object "t"))))');
    expect(n.contains('test')).toBe(true);
    expect(n.contains('group')).toBe(true);
    expect(n.contains('log')).toBe(false);
  });

  it('setFlags lists the flags set below the node, first seen first, once each', () => {
    const n = s('(flow (set_flag "a") (test (on_fail (set_flag "b" "auto_generated") (set_flag "a"))) (set_flag "c"))');
    expect(n.setFlags()).toEqual(['a', 'b', 'c']);
  });

  it('excludingSubFlows removes sub-flows at any depth', () => {
    const n = s('(flow (name "f") (group (name "g") (sub_flow (name "x") (test (object "a")))) (sub_flow (name "y")))');
    expectTree(n.excludingSubFlows(), '(flow (name "f") (group (name "g")))');
  });

  it('equality is structural and ignores meta; updated keeps meta and identity when unchanged', () => {
    const a = new Node('id', ['t1'], new NodeMeta({ id: 1, file: 'a.ts', lineNumber: 3 }));
    const b = new Node('id', ['t1']);
    expect(a.equals(b)).toBe(true);
    expect(equals(a, b)).toBe(true);
    expect(equals(s('(x [1, "a", nil])'), s('(x [1, "a", nil])'))).toBe(true);
    expect(equals(s('(x {"a": 1})'), s('(x {"a": 2})'))).toBe(false);
    expect(a.updated()).toBe(a);
    expect(a.updated(undefined, [...a.children])).toBe(a);
    const c = a.updated('name');
    expect(c.type).toBe('name');
    expect(c.meta).toBe(a.meta);
    expect(isNode(c)).toBe(true);
    expect(isNode({ type: 'id', children: [] })).toBe(false);
  });

  it('children are frozen', () => {
    const n = s('(a 1 2)');
    expect(() => (n.children as unknown[]).push(3)).toThrow();
  });

  it('meta carries source as "file:line", or the reference apology', () => {
    const f = newFlow();
    f.test('t', { sourceFile: 'flows/probe.ts', sourceLineNumber: 12, description: 'why' });
    f.test('u');
    const [t, u] = f.raw().findAll('test');
    expect(t!.source).toBe('flows/probe.ts:12');
    expect(t!.meta.source).toBe('flows/probe.ts:12');
    expect(t!.meta.description).toBe('why');
    expect(typeof t!.meta.id).toBe('number');
    expect(u!.source).toBe(LOST_SOURCE);
    expect(u!.meta.id).not.toBe(t!.meta.id);
  });
});
