// The interpreter: the reference Runner's semantics with its quirks fixed (each fix has a test here),
// the sync and async drivers, the step/context protocol, and the run summary.
import { describe, expect, it } from 'vitest';
import {
  FlowError, Node, executeFlow, formatBasic, fromSexp, interpretFlow, runFlow, summarizeRun,
} from '../../src/flow/index.js';
import type { TestContext } from '../../src/flow/index.js';
import { expectTree, newFlow } from './helpers.js';

const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');

describe('runner quirks, fixed', () => {
  it("1. a test's own continue suppresses its bin", () => {
    const f = newFlow();
    f.test('t', { bin: 5, continue: true });
    f.test('u');
    f.pass(1);
    expect(formatBasic(f.ast(), { failedTestIds: 't1' })).toBe(lines('t F', 'u', 'PASS 1'));
    // ... but not the bins of dependants FlagOptimizer moved into the branch
    const g = newFlow();
    g.test('t', { id: 't', bin: 5, continue: true });
    g.bin(7, { ifFailed: 't' });
    g.pass(1);
    expectTree(g.ast().find('test')!, '(test (object "t") (id "t") (on_fail (set_result "fail" (bin 5)) (continue) (set_result "fail" (bin 7))))');
    expect(formatBasic(g.ast(), { failedTestIds: 't' })).toBe(lines('t F', 'FAIL 7'));
  });

  it("1b. a test's continue does not cover tests nested in its branch", () => {
    const f = newFlow();
    f.test('a', { id: 'a', continue: true, onFail: () => f.test('b', { id: 'b', bin: 3 }) });
    expect(formatBasic(f.ast(), { failedTestIds: ['a', 'b'] })).toBe(lines('a F', 'b F', 'FAIL 3'));
  });

  it('2. an else runs exactly when its condition is false', () => {
    const f = newFlow();
    f.test('a', { ifFlag: 'F' });
    f.test('b', { unlessFlag: 'F' });
    expectTree(f.ast({ addIds: false }), '(flow (name "sort1") (if_flag "F" (test (object "a")) (else (test (object "b")))))');
    expect(formatBasic(f.ast())).toBe(lines('b'));
    const g = newFlow();
    g.setFlag('F');
    g.test('a', { ifFlag: 'F' });
    g.test('b', { unlessFlag: 'F' });
    expect(formatBasic(g.ast())).toBe(lines('a'));
  });

  it('2b. an else moved into a branch runs on the opposite outcome', () => {
    const f = newFlow();
    f.test('t1', { id: 't1' });
    f.ifFailed('t1', { then: () => f.test('on_fail'), else: () => f.test('on_pass') });
    expect(f.ast().find('test')!.find('on_fail')!.find('else')).toBeInstanceOf(Node);
    expect(formatBasic(f.ast())).toBe(lines('t1', 'on_pass'));
    expect(formatBasic(f.ast(), { failedTestIds: 't1' })).toBe(lines('t1 F', 'on_fail'));
  });

  it('3a. outer groups learn of failures inside inner groups', () => {
    const f = newFlow();
    f.group('outer', { id: 'outer' }, () => f.group('inner', () => f.test('t', { id: 't' })));
    f.test('after', { ifFailed: 'outer' });
    expect(formatBasic(f.ast(), { failedTestIds: 't' })).toBe(lines('t F', 'after'));
  });

  it("3b. the continue state is restored after a group's on_fail", () => {
    const f = newFlow();
    f.group('outer', { onFail: { continue: true } }, () => {
      f.group('inner', { onFail: { continue: true } }, () => f.test('a', { id: 'a', bin: 2 }));
      f.test('b', { id: 'b', bin: 3 });
    });
    // Inside the outer group the bins stay suppressed after the inner group's on_fail ran.
    expect(formatBasic(f.ast(), { failedTestIds: ['a', 'b'] })).toBe(lines('a F', 'b F'));
  });

  it("4. a sub-flow's name is not output", () => {
    const f = newFlow();
    f.subFlow(fromSexp('(flow (name "other") (test (object "x")))'));
    expectTree(runFlow(f.ast()), '(flow (name "sort1") (test (object "x") (id "t1") (on_fail (set_result "fail"))))');
  });

  it('nothing is executed after the unit is binned', () => {
    const f = newFlow();
    f.test('a', { bin: 2 });
    f.group('g', () => f.test('b'));
    const asked: string[] = [];
    const walk = interpretFlow(f.ast());
    let step = walk.next();
    while (!step.done) {
      asked.push(step.value.context.id);
      step = walk.next({ failed: true });
    }
    expect(asked).toEqual(['t1']);
    expectTree(step.value, `
      (flow (name "sort1") (test (object "a") (id "t1") (failed)) (set_result "fail" (bin 2)) (group (name "g")))`);
  });
});

describe('runner semantics kept from the reference', () => {
  it('a group-level continue suppresses the bins of everything in the group', () => {
    const f = newFlow();
    f.group('g', { onFail: { continue: true } }, () => f.test('a', { bin: 9 }));
    f.pass(1);
    expect(formatBasic(f.ast(), { failedTestIds: 't1' })).toBe(lines('a F', 'PASS 1'));
  });

  it('jobs compare case-insensitively, and job conditions need a job', () => {
    const f = newFlow();
    f.test('a', { ifJob: ['P1', 'p2'] });
    expect(formatBasic(f.ast(), { job: 'p1' })).toBe(lines('a'));
    expect(() => runFlow(f.ast())).toThrow('Flow contains JOB-based conditions and no current JOB has been given!');
  });

  it('enable and disable statements change the enable words as the flow runs', () => {
    const f = newFlow();
    f.enable('x');
    f.test('a', { ifEnable: 'x' });
    f.disable('y');
    f.test('b', { ifEnable: 'y' });
    expect(formatBasic(f.ast(), { enables: ['y'] })).toBe(lines('a'));
  });

  it('evaluateEnables/evaluateFlags: false keep those conditions and run both sides', () => {
    const f = newFlow();
    f.ifEnable('x', { then: () => f.test('a'), else: () => f.test('b') });
    f.test('c', { ifFlag: 'F' });
    expectTree(runFlow(f.ast({ addIds: false }), { evaluateEnables: false, evaluateFlags: false }), `
      (flow (name "sort1")
        (if_enabled "x"
          (test (object "a") (id "t1") (on_fail (set_result "fail")))
          (else (test (object "b") (id "t2") (on_fail (set_result "fail")))))
        (if_flag "F" (test (object "c") (id "t3") (on_fail (set_result "fail")))))`);
  });

  it('evaluateSetResult: false records every result and keeps going', () => {
    const f = newFlow();
    f.test('a', { bin: 2 });
    f.test('b', { bin: 3 });
    expect(formatBasic(f.ast(), { failedTestIds: ['t1', 't2'], evaluateSetResult: false })).toBe(lines('a F', 'FAIL 2', 'b F', 'FAIL 3'));
  });

  it('result conditions left unconverted are evaluated against the tests that ran', () => {
    const f = newFlow();
    f.test('a', { id: 'a', continue: true });
    f.test('b', { id: 'b', ifEnable: 'never' });
    f.test('c', { ifFailed: 'a' });
    f.test('d', { ifPassed: 'a' });
    f.test('e', { ifRan: 'b' });
    f.test('g', { unlessRan: 'b' });
    f.test('h', { ifAnyFailed: ['a', 'b'] });
    f.test('i', { ifAllFailed: ['a', 'b'] });
    const ast = f.ast({ applyRelationships: false, optimization: 'none' });
    expect(formatBasic(ast, { failedTestIds: 'a' })).toBe(lines('a F', 'c', 'g', 'h'));
    expect(formatBasic(ast)).toBe(lines('a', 'd', 'g'));
  });
});

describe('executeFlow', () => {
  const flow = () => {
    const f = newFlow();
    f.group('thermal', () => f.test('hot', { id: 'hot', number: 2000, bin: 3, ifJob: 'FT' }));
    f.test('cold', { id: 'cold', name: 'Cold test', ifEnable: 'cold' });
    f.pass(1);
    return f.ast();
  };

  it('awaits each outcome and returns what runFlow returns for the same outcomes', async () => {
    const contexts: TestContext[] = [];
    const executed = await executeFlow(flow(), {
      job: 'ft',
      enable: 'cold',
      executeTest: async (_test, ctx) => {
        contexts.push({ ...ctx, enables: new Set(ctx.enables), flags: new Set(ctx.flags) });
        await new Promise((r) => setTimeout(r, 1));
        return { failed: ctx.id === 'cold' };
      },
    });
    expect(executed.equals(runFlow(flow(), { job: 'ft', enable: 'cold', failedTestIds: 'cold' }))).toBe(true);
    expect(contexts.map((c) => [c.id, c.name, c.number, c.groups, c.job])).toEqual([
      ['hot', 'hot', 2000, ['thermal'], 'FT'],
      ['cold', 'Cold test', undefined, [], 'FT'],
    ]);
    expect([...contexts[1]!.enables]).toEqual(['cold']);
    expect(summarizeRun(executed)).toEqual({
      tests: [
        { id: 'hot', number: 2000, name: 'hot', failed: false },
        { id: 'cold', name: 'Cold test', failed: true },
      ],
      logs: [],
      result: { result: 'fail' },
    });
  });

  it('accepts plain (non-promise) outcomes', async () => {
    const executed = await executeFlow(flow(), { job: 'FT', executeTest: () => ({ failed: false }) });
    expect(summarizeRun(executed).result).toEqual({ result: 'pass', bin: 1 });
  });

  it('lets an error thrown by executeTest propagate', async () => {
    await expect(
      executeFlow(flow(), {
        job: 'FT',
        executeTest: async () => {
          throw new Error('DUT unreachable');
        },
      }),
    ).rejects.toThrow('DUT unreachable');
  });

  it('rejects an outcome that is not {failed: boolean}', async () => {
    await expect(
      executeFlow(flow(), { job: 'FT', executeTest: () => ({ failed: 'yes' }) as unknown as { failed: boolean } }),
    ).rejects.toThrow(FlowError);
  });
});

describe('summarizeRun', () => {
  it('reads tests, logs and the result that ended the flow', () => {
    const f = newFlow();
    f.log('start');
    f.test({ Test: 'hash_test' }, { number: 7 });
    f.test('b', { bin: 4, softbin: 40 });
    f.log('never');
    expect(summarizeRun(runFlow(f.ast(), { failedTestIds: 't2' }))).toEqual({
      tests: [
        { id: 't1', number: 7, name: 'hash_test', failed: false },
        { id: 't2', name: 'b', failed: true },
      ],
      logs: ['start'],
      result: { result: 'fail', bin: 4, softbin: 40 },
    });
  });

  it('has no result when the flow runs off its end', () => {
    const f = newFlow();
    f.test('a');
    expect(summarizeRun(runFlow(f.ast())).result).toBeUndefined();
  });
});
