// Conformance cases LOOP-1..2, SUB-1..2 and VAR-1..4 (atp-cases.md): loops, sub-flows, whenever/set.
import { describe, it } from 'vitest';
import { Program } from '../../../src/flow/index.js';
import { expectTree, newFlow } from '../helpers.js';

describe('Loops (LOOP)', () => {
  it('LOOP-1: can create loop without variable specified', () => {
    const f = newFlow();
    f.test('test_pre_loop');
    f.loop({ from: 0.3, to: 0.4, step: 0.1 }, () => f.test('test_loop1'));
    f.test('test_post_loop');
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test_pre_loop"))
        (loop 0.3 0.4 0.1 nil (test (object "test_loop1")))
        (test (object "test_post_loop")))`);
  });

  it('LOOP-2: can create loop with variable specified', () => {
    const f = newFlow();
    f.test('test_pre_loop');
    f.loop({ from: 0.3, to: 0.4, step: 0.1, var: 'vol' }, () => f.test('test_loop1'));
    f.test('test_post_loop');
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test_pre_loop"))
        (loop 0.3 0.4 0.1 "vol" (test (object "test_loop1")))
        (test (object "test_post_loop")))`);
  });
});

describe('Sub-flows (SUB)', () => {
  const build = () => {
    const program = new Program();
    const f1 = program.flow('sort1');
    f1.test('test1');
    f1.test('test2');
    const sf = f1.raw();
    const f2 = program.flow('sort2');
    f2.test('test3');
    f2.test('test4');
    return { f2, sf };
  };

  it('SUB-1: can be added to flows', () => {
    const { f2, sf } = build();
    expectTree(f2.raw(), '(flow (name "sort2") (test (object "test3")) (test (object "test4")))');
    f2.subFlow(sf);
    expectTree(f2.raw(), `
      (flow (name "sort2")
        (test (object "test3"))
        (test (object "test4"))
        (sub_flow (name "sort1") (test (object "test1")) (test (object "test2"))))`);
  });

  it('SUB-2: can be removed from flows', () => {
    const { f2, sf } = build();
    f2.subFlow(sf);
    expectTree(f2.raw().excludingSubFlows(), '(flow (name "sort2") (test (object "test3")) (test (object "test4")))');
  });
});

describe('Variable expressions (VAR)', () => {
  it('VAR-1: can create whenever node(s)', () => {
    const f = newFlow();
    f.whenever(f.eq('ONE', 1), () => f.test('test_1eq1'));
    f.whenever(f.le('TWO', 3), () => f.test('test_2le3'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (whenever [(eq "ONE" 1)] (test (object "test_1eq1")))
        (whenever [(le "TWO" 3)] (test (object "test_2le3"))))`);
  });

  it('VAR-2: can create whenever_all node', () => {
    const f = newFlow();
    f.wheneverAll(f.gt('FOUR', 2), f.ne('FIVE', 6), () => f.test('test_4gt2and5ne6'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (whenever_all [(gt "FOUR" 2), (ne "FIVE" 6)] (test (object "test_4gt2and5ne6"))))`);
  });

  it('VAR-3: can create whenever_any node', () => {
    const f = newFlow();
    f.wheneverAny(f.ge('SEVEN', 0), f.lt('EIGHT', 9), () => f.test('test_7ge0or8lt9'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (whenever_any [(ge "SEVEN" 0), (lt "EIGHT" 9)] (test (object "test_7ge0or8lt9"))))`);
  });

  it('VAR-4: can create set node', () => {
    const f = newFlow();
    f.set('ONE', 0);
    f.whenever(f.eq('ONE', 1), () => f.test('test_1eq1'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (set "ONE" 0)
        (whenever [(eq "ONE" 1)] (test (object "test_1eq1"))))`);
  });
});
