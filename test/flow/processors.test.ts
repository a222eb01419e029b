// Processor behaviour not pinned down by the reference's own examples.
import { describe, expect, it } from 'vitest';
import {
  AddIds, Condition, ContinueImplementer, ElseRemover, EmptyBranchRemover, FlowError, FlowId, OnPassFailRemover,
  PreCleaner, Processor, RedundantConditionRemover, Relationship, cleanId, fromSexp,
} from '../../src/flow/index.js';
import type { Node } from '../../src/flow/index.js';
import { expectTree, newFlow } from './helpers.js';

describe('Processor base', () => {
  it('splices inline markers and drops remove markers', () => {
    class Rewrite extends Processor {
      onWrap(node: Node) {
        return this.inline(node, this.processAll(node.children));
      }
      onLog(node: Node) {
        return this.removeMarker(node);
      }
    }
    expectTree(new Rewrite().run(fromSexp('(flow (wrap (a) (log "x") (b)) (c))')), '(flow (a) (b) (c))');
  });

  it('a handler returning nothing keeps the node', () => {
    class Keep extends Processor {
      onA() {
        return undefined;
      }
    }
    const n = fromSexp('(flow (a (b)))');
    expect(new Keep().run(n).find('a')).toBe(n.find('a'));
  });

  it('run() refuses a result that is not a node', () => {
    class Drop extends Processor {
      onFlow(node: Node) {
        return this.removeMarker(node);
      }
    }
    expect(() => new Drop().run(fromSexp('(flow)'))).toThrow(FlowError);
  });
});

describe('ID cleaning', () => {
  it('follows Origen symbolize', () => {
    expect(cleanId('T1')).toBe('t1');
    expect(cleanId('My Test (2)')).toBe('my_test_2');
    expect(cleanId('a--b')).toBe('a_b');
    expect(cleanId('_keep_')).toBe('_keep_');
    expect(cleanId('-drop-')).toBe('drop');
    expect(cleanId('a.b/c\\d[e]{f}?!')).toBe('a_b_c_d_e_f');
    expect(cleanId(5)).toBe('5');
  });

  it('PreCleaner cleans references in every result condition', () => {
    const ast = new PreCleaner().run(fromSexp('(flow (if_ran "A" (unless_ran ["B", "C"] (if_all_passed "D"))) (if_flag "KEEP"))'));
    expectTree(ast, '(flow (if_ran "a" (unless_ran ["b", "c"] (if_all_passed "d"))) (if_flag "KEEP"))');
  });
});

describe('AddIds', () => {
  it('numbers children before parents and skips IDs in use', () => {
    const f = newFlow();
    f.test('test1', { onFail: () => f.test('test2'), onPass: () => f.test('test3') });
    f.test('x', { id: 't5' });
    f.group('level1', () => f.group('level2', () => f.test('y')));
    const ids = (n: Node) => n.findAll('test', 'group', { recursive: true }).map((t) => t.find('id')!.value);
    expect(ids(new AddIds().run(new PreCleaner().run(f.raw())))).toEqual(['t3', 't1', 't2', 't5', 't7', 't6', 't4']);
  });
});

describe('FlowId (uniqueId)', () => {
  it('suffixes IDs and references except extern ones, before relationships make flags', () => {
    const f = newFlow();
    f.test('a', { id: 't1' });
    f.test('b', { ifFailed: 't1' });
    f.test('c', { ifAnyFailed: ['t1', 'extern_x'] });
    expectTree(f.ast({ optimization: 'none', uniqueId: 'abc' }), `
      (flow (name "sort1")
        (test (object "a") (id "t1_abc"))
        (if_failed "t1_abc" (test (object "b") (id "t2_abc")))
        (if_any_failed ["t1_abc", "extern_x"] (test (object "c") (id "t3_abc"))))`);
    expectTree(new FlowId('u').run(fromSexp('(flow (test (id "extern_a")) (if_passed "x" (a)))')), '(flow (test (id "extern_a")) (if_passed "x_u" (a)))');
    const ast = f.ast({ uniqueId: 'abc', optimizeFlags: false });
    expect(ast.findAll('set_flag', { recursive: true }).map((n) => n.value)).toEqual(['t1_abc_FAILED']);
    expect(ast.find('if_flag')!.value).toBe('t1_abc_FAILED');
  });
});

describe('SubFlowRemover and EmptyBranchRemover', () => {
  it('includeSubFlows: false removes sub-flows', () => {
    const f = newFlow();
    f.subFlow(fromSexp('(flow (name "other") (test (object "x")))'));
    f.test('y');
    expectTree(f.ast({ includeSubFlows: false, addIds: false }), '(flow (name "sort1") (test (object "y")))');
  });

  it("drops a test's empty branches but keeps a group's", () => {
    expectTree(
      new EmptyBranchRemover().run(fromSexp('(flow (group (name "g") (on_fail) (test (object "t") (on_pass) (on_fail) (on_fail (continue)))))')),
      '(flow (group (name "g") (on_fail) (test (object "t") (on_fail (continue)))))',
    );
  });
});

describe('Relationship', () => {
  it("sets a group's RAN flag on entry, after its name and id", () => {
    const f = newFlow();
    f.group('g', { id: 'g1' }, () => f.test('t'));
    f.test('u', { ifRan: 'g1' });
    expectTree(f.ast({ optimization: 'smt', addIds: false }), `
      (flow (name "sort1")
        (group (name "g") (id "g1") (set_flag "g1_RAN" "auto_generated") (test (object "t")))
        (if_flag "g1_RAN" (test (object "u"))))`);
  });

  it('refuses a RAN flag on anything but a test, group or sub-flow', () => {
    expect(() => new Relationship().run(fromSexp('(flow (cz "s" (id "c1")) (if_ran "c1"))'))).not.toThrow();
    class Probe extends Relationship {
      onCz(node: Node) {
        return this.onTest(node);
      }
    }
    expect(() => new Probe().run(fromSexp('(flow (cz "s" (id "c1")) (if_ran "c1"))'))).toThrow("Don't know how to add ran flag to cz");
  });

  it('if_all_failed with one ID makes a single flag condition', () => {
    expectTree(new Relationship().run(fromSexp('(flow (test (id "a")) (if_all_failed "a" (log "x")))')), `
      (flow (test (id "a") (on_fail (set_flag "a_FAILED" "auto_generated") (continue))) (if_flag "a_FAILED" (log "x")))`);
  });
});

describe('ContinueImplementer', () => {
  it('strips bins and continue from continuing branches and from all on_fails in a continuing group', () => {
    const ast = fromSexp(`
      (flow
        (test (id "a") (on_fail (set_result "fail" (bin 1)) (continue) (test (id "b") (on_fail (set_result "fail" (bin 2))))))
        (group (name "g")
          (test (id "c") (on_fail (set_result "fail" (bin 3))))
          (on_fail (set_flag "g_FAILED") (continue) (set_result "fail" (bin 4)))))`);
    expectTree(new ContinueImplementer().run(ast), `
      (flow
        (test (id "a") (on_fail (test (id "b") (on_fail (set_result "fail" (bin 2))))))
        (group (name "g")
          (test (id "c") (on_fail))
          (on_fail (set_flag "g_FAILED"))))`);
  });
});

describe('ElseRemover', () => {
  it('splits an else into the inverse condition, the reference way (if_failed gives unless_failed)', () => {
    const ast = fromSexp('(flow (unless_flag "f" (a) (else (b))) (if_failed "t1" (c) (else (d))))');
    expectTree(new ElseRemover().run(ast), '(flow (unless_flag "f" (a)) (if_flag "f" (b)) (if_failed "t1" (c)) (unless_failed "t1" (d)))');
  });

  it('cannot invert whenever', () => {
    expect(() => new ElseRemover().run(fromSexp('(flow (whenever [] (a) (else (b))))'))).toThrow("Don't know how to inverse: whenever");
  });
});

describe('OnPassFailRemover', () => {
  it('needs IDs', () => {
    expect(() => new OnPassFailRemover().run(fromSexp('(flow (test (on_fail (log "x"))))'))).toThrow(
      'Something has gone wrong, all nodes should have IDs by this point',
    );
  });

  it('keeps plain branches on the test', () => {
    expectTree(
      new OnPassFailRemover().run(fromSexp('(flow (test (id "a") (on_fail (set_result "fail") (continue)) (on_pass (log "p"))))')),
      '(flow (test (id "a") (on_fail (set_result "fail") (continue))) (if_passed "a" (log "p")))',
    );
  });
});

describe('RedundantConditionRemover', () => {
  it('removes conditions nested in an identical one, groups by name', () => {
    const ast = fromSexp('(flow (if_flag "a" (if_flag "a" (t)) (if_flag "b" (if_flag "a" (u)))) (group (name "g") (group (name "g") (v))))');
    expectTree(new RedundantConditionRemover().run(ast), '(flow (if_flag "a" (t) (if_flag "b" (u))) (group (name "g") (v)))');
  });
});

describe('Condition', () => {
  it('merges adjacent groups with the same name and no ID, but not groups with IDs', () => {
    const ast = fromSexp(`
      (flow (name "f")
        (group (name "g") (test (object "a")))
        (group (name "g") (test (object "b")))
        (group (name "h") (id "h1") (test (object "c")))
        (group (name "h") (id "h2") (test (object "d"))))`);
    expectTree(new Condition().run(ast), `
      (flow (name "f")
        (group (name "g") (test (object "a")) (test (object "b")))
        (group (name "h") (id "h1") (test (object "c")))
        (group (name "h") (id "h2") (test (object "d"))))`);
  });

  it('gives the same result with and without its speed-ups on a long run of mergeable siblings', () => {
    const f = newFlow();
    for (let i = 0; i < 60; i++) f.test(`t${i}`, { ifJob: 'p1', ifEnable: i % 7 === 0 ? 'x' : 'y' });
    const raw = f.raw();
    expect(new Condition({ fast: false }).run(raw).equals(new Condition().run(raw))).toBe(true);
  });
});
