// Conformance cases FLOW-1..FLOW-19 (atp-cases.md, spec/flow_spec.rb): the builder API.
import { describe, expect, it } from 'vitest';
import { Node, Program } from '../../../src/flow/index.js';
import { expectTree, newFlow } from '../helpers.js';

describe('Flow builder (FLOW)', () => {
  it('FLOW-1: is alive', () => {
    const f = newFlow();
    expect(f.program).toBeInstanceOf(Program);
    expect(f.raw()).toBeInstanceOf(Node);
    expectTree(f.raw(), '(flow (name "sort1"))');
  });

  it('FLOW-2: tests can be added', () => {
    const f = newFlow();
    f.test('test1', { onFail: { bin: 5 } });
    f.test('test2', { onFail: { bin: 6, continue: true } });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (on_fail (set_result "fail" (bin 5))))
        (test (object "test2") (on_fail (set_result "fail" (bin 6)) (continue))))`);
  });

  it('FLOW-3: on_fail can be supplied via a block', () => {
    const f = newFlow();
    f.test('test1', {
      onFail: () => {
        f.bin(5);
        f.continue();
      },
    });
    f.test('test2', { onPass: () => f.pass(1) });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (on_fail (set_result "fail" (bin 5)) (continue)))
        (test (object "test2") (on_pass (set_result "pass" (bin 1)))))`);
  });

  it('FLOW-4: test descriptions are applied correctly to embedded tests', () => {
    const f = newFlow();
    f.test('test1', { description: "I'm test 1", onFail: () => f.test('test2', { description: "I'm test 2" }) });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (on_fail (test (object "test2")))))`);
    const tests = f.raw().findAll('test', { recursive: true });
    expect(tests.map((t) => t.meta.description)).toEqual(["I'm test 1", "I'm test 2"]);
  });

  it('FLOW-5: conditions can be specified in-line (first key innermost)', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { id: 'T2' });
    f.test('test3', { ifEnabled: 'bitmap' });
    f.test('test4', { unlessEnabled: 'bitmap', ifFailed: 't1' });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (test (object "test2") (id "T2"))
        (if_enabled "bitmap" (test (object "test3")))
        (if_failed "t1" (unless_enabled "bitmap" (test (object "test4")))))`);
  });

  it('FLOW-6: conditions can be specified via then/else blocks', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.ifEnabled('bitmap', {
      then: () => f.test('test2'),
      else: () => f.test('test3', { ifFailed: 't1' }),
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (if_enabled "bitmap"
          (test (object "test2"))
          (else (if_failed "t1" (test (object "test3"))))))`);
  });

  it('FLOW-7: conditions can be specified via a block 2', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.ifEnabled('bitmap', () => {
      f.test('test2');
      f.test('test3', { ifFailed: 't1' });
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (if_enabled "bitmap"
          (test (object "test2"))
          (if_failed "t1" (test (object "test3")))))`);
  });

  it('FLOW-8: groups can be added', () => {
    const f = newFlow();
    f.test('test1');
    f.group('g1', { id: 'g1' }, () => {
      f.test('test2');
      f.test('test3');
      f.group('g2', () => {
        f.test('test4');
        f.test('test5');
      });
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1"))
        (group (name "g1") (id "g1")
          (test (object "test2"))
          (test (object "test3"))
          (group (name "g2") (test (object "test4")) (test (object "test5")))))`);
  });

  it('FLOW-9: group dependencies are applied', () => {
    const f = newFlow();
    f.test('test1');
    f.group('g1', { id: 'g1' }, () => {
      f.test('test2');
      f.test('test3');
    });
    f.group('g2', { ifFailed: 'g1' }, () => {
      f.test('test4');
      f.test('test5');
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1"))
        (group (name "g1") (id "g1") (test (object "test2")) (test (object "test3")))
        (if_failed "g1" (group (name "g2") (test (object "test4")) (test (object "test5")))))`);
  });

  it('FLOW-10: atp.test', () => {
    const f = newFlow();
    f.test('test1');
    expectTree(f.raw(), '(flow (name "sort1") (test (object "test1")))');
  });

  it('FLOW-11: atp.test with bin numbers', () => {
    const f = newFlow();
    f.test('test1', { bin: 1, softbin: 10, continue: true });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (on_fail (set_result "fail" (bin 1) (softbin 10)) (continue))))`);
  });

  it('FLOW-12: atp.test with bin descriptions', () => {
    const f = newFlow();
    f.test('test1', { bin: 1, softbin: 10, continue: true });
    f.test('test2', { bin: 2, binDescription: 'hbin2 fails', softbin: 20, continue: true });
    f.test('test3', { bin: 3, softbin: 30, softbinDescription: 'sbin3 fails', continue: true });
    f.test('test4', { bin: 4, binDescription: 'hbin4 fails', softbin: 40, softbinDescription: 'sbin4 fails', continue: true });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (on_fail (set_result "fail" (bin 1) (softbin 10)) (continue)))
        (test (object "test2") (on_fail (set_result "fail" (bin 2 "hbin2 fails") (softbin 20)) (continue)))
        (test (object "test3") (on_fail (set_result "fail" (bin 3) (softbin 30 "sbin3 fails")) (continue)))
        (test (object "test4") (on_fail (set_result "fail" (bin 4 "hbin4 fails") (softbin 40 "sbin4 fails")) (continue))))`);
    const results = f.raw().findAll('test').map((t) => t.find('on_fail')!.find('set_result')!);
    const read = (n: Node, type: string): [unknown, unknown] => [n.find(type)!.value, n.find(type)!.children[1] ?? null];
    expect(results.map((r) => [read(r, 'bin'), read(r, 'softbin')])).toEqual([
      [[1, null], [10, null]],
      [[2, 'hbin2 fails'], [20, null]],
      [[3, null], [30, 'sbin3 fails']],
      [[4, 'hbin4 fails'], [40, 'sbin4 fails']],
    ]);
  });

  it('FLOW-13: atp.test with not_over_on', () => {
    const f = newFlow();
    f.test('test1', { bin: 1, softbin: 10 });
    f.test('test2', { bin: 2, softbin: 20, binAttrs: { not_over_on: true } });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (on_fail (set_result "fail" (bin 1) (softbin 10))))
        (test (object "test2") (on_fail (set_result "fail" (bin 2) (softbin 20) (not_over_on true)))))`);
    const [r1, r2] = f.raw().findAll('test').map((t) => t.find('on_fail')!.find('set_result')!);
    expect([r1!.find('bin')!.value, r1!.find('softbin')!.value, r1!.find('bin')!.children[1]]).toEqual([1, 10, undefined]);
    expect([r2!.find('bin')!.value, r2!.find('softbin')!.value, r2!.find('bin')!.children[1]]).toEqual([2, 20, undefined]);
    expect(r1!.find('not_over_on')).toBeUndefined();
    expect(r2!.find('not_over_on')!.value).toBe(true);
  });

  it('FLOW-14: atp.cz with enable words (both forms give the same structure)', () => {
    const f = newFlow();
    f.ifEnable('cz', () => f.cz('test1', 'cz1'));
    f.cz('test1', 'cz1', { ifEnable: 'cz' });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (if_enabled "cz" (cz "cz1" (test (object "test1"))))
        (if_enabled "cz" (cz "cz1" (test (object "test1")))))`);
  });

  it('FLOW-15: tests of context_changed?', () => {
    const f = newFlow();
    expect(f.contextChanged()).toBe(false);
    expect(f.contextChanged({})).toBe(false);
    f.test('test1');
    expect(f.contextChanged({})).toBe(false);
    expect(f.contextChanged({ ifEnable: 'bitmap' })).toBe(true);
    expect(f.contextChanged({})).toBe(false);
    f.ifEnable('blah', () => {
      expect(f.contextChanged({})).toBe(true); // no test in this context yet
    });
    expect(f.contextChanged({})).toBe(false);
    f.ifEnable('blah', () => {
      f.test('test1');
      expect(f.contextChanged({})).toBe(false);
      expect(f.contextChanged({ ifFlag: 'my_flag' })).toBe(true);
      expect(f.contextChanged({ ifEnable: 'blah' })).toBe(false);
      expect(f.contextChanged({ ifEnable: 'blah' })).toBe(false);
    });
  });

  it('FLOW-16: can return a list of test IDs used within the flow', () => {
    const f = newFlow();
    expect(f.ids()).toEqual([]);
    f.test('test1', { id: 't1' });
    f.test('test2', { id: 'T2' });
    f.test('test3', { id: 't1' });
    expect(f.ids()).toEqual(['t1', 'T2', 't1']);
  });

  it('FLOW-17: can capture volatile flags and bin descriptions', () => {
    const a = newFlow();
    a.volatile('flag1', 'flag2');
    a.volatile('flag3');
    expectTree(a.raw(), '(flow (name "sort1") (volatile (flag "flag1") (flag "flag2") (flag "flag3")))');

    const b = newFlow();
    b.describeBin(10, 'Bin10');
    b.describeSoftbin(100, 'Soft Bin100');
    expectTree(b.raw(), '(flow (name "sort1") (bin_descriptions (hard 10 "Bin10") (soft 100 "Soft Bin100")))');

    const c = newFlow();
    c.volatile('flag1', 'flag2');
    c.volatile('flag3');
    c.describeBin(10, 'Bin10');
    c.describeSoftbin(100, 'Soft Bin100');
    expectTree(c.raw(), `
      (flow (name "sort1")
        (volatile (flag "flag1") (flag "flag2") (flag "flag3"))
        (bin_descriptions (hard 10 "Bin10") (soft 100 "Soft Bin100")))`);
  });

  it('FLOW-18: can handle a proc on_fail and a bin (block contents first)', () => {
    const f = newFlow();
    f.test('blah', { onFail: () => f.test('blah2'), bin: 10 });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "blah") (on_fail (test (object "blah2")) (set_result "fail" (bin 10)))))`);
  });

  it('FLOW-19: can enable and disable flow control variables', () => {
    const f = newFlow();
    f.enable('run_flag_1');
    f.ifEnabled('run_flag_1', () => f.test('test_should_run'));
    f.disable('run_flag_2');
    f.ifEnabled('run_flag_2', () => f.test('test_should_not_run'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (enable "run_flag_1")
        (if_enabled "run_flag_1" (test (object "test_should_run")))
        (disable "run_flag_2")
        (if_enabled "run_flag_2" (test (object "test_should_not_run"))))`);
  });
});
