// Conformance cases RUN-1..RUN-6 (atp-cases.md, spec/runner_spec.rb): the interpreter through the
// Basic formatter, with the informational ASTs and runner tree of the catalogue checked too.
import { describe, expect, it } from 'vitest';
import { formatBasic, runFlow } from '../../../src/flow/index.js';
import type { Flow, RunOptions } from '../../../src/flow/index.js';
import { expectTree, newFlow } from '../helpers.js';

const run = (f: Flow, options: RunOptions = {}): string => formatBasic(f.ast(), options);
const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');

function bitmapFlow(): Flow {
  const f = newFlow();
  f.test('test1', { id: 't1' });
  f.test('test1', { id: 't2' });
  f.ifEnabled('bitmap', () => {
    f.test('test2');
    f.test('test3', { ifFailed: 't1' });
    f.test('test4', { ifPassed: 't2' });
  });
  return f;
}

function speedBinningFlow(): Flow {
  const f = newFlow();
  f.log('Speed binning example bug from video 5');
  f.group('200Mhz', { id: 'g200' }, () => {
    f.test('test200_1');
    f.test('test200_2');
    f.test('test200_3');
  });
  f.group('100Mhz', { id: 'g100', ifFailed: 'g200' }, () => {
    f.test('test100_1', { bin: 5 });
    f.test('test100_2', { bin: 5 });
    f.test('test100_3', { bin: 5 });
  });
  f.pass(2, { ifRan: 'g100' });
  f.pass(1, { softbin: 1 });
  return f;
}

describe('Runner (RUN)', () => {
  const simple = (): Flow => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.ifEnabled('bitmap', () => {
      f.test('test2');
      f.test('test3', { ifFailed: 't1' });
    });
    return f;
  };

  it('RUN-1: is alive', () => {
    const f = simple();
    expect(run(f)).toBe(lines('test1'));
    expectTree(f.ast(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1") (on_fail (set_flag "t1_FAILED" "auto_generated") (continue)))
        (if_enabled "bitmap"
          (test (object "test2") (id "t2"))
          (if_flag "t1_FAILED" (test (object "test3") (id "t3")))))`);
  });

  it('RUN-2: can enable flow flags', () => {
    const f = simple();
    expect(run(f)).toBe(lines('test1'));
    expect(run(f, { enable: 'bitmap' })).toBe(lines('test1', 'test2'));
  });

  for (const name of ['RUN-3: can assume test failures', 'RUN-6: can handle test failures']) {
    it(name, () => {
      const f = bitmapFlow();
      expect(run(f, { enable: 'bitmap' })).toBe(lines('test1', 'test1', 'test2', 'test4'));
      expect(run(f, { enable: 'bitmap', failedTestIds: 't1' })).toBe(lines('test1 F', 'test1', 'test2', 'test3', 'test4'));
      expect(run(f, { enable: 'bitmap', failedTestIds: ['t1', 't2'] })).toBe(lines('test1 F', 'test1 F', 'test2', 'test3'));
      expectTree(f.ast(), `
        (flow (name "sort1")
          (test (object "test1") (id "t1") (on_fail (set_flag "t1_FAILED" "auto_generated") (continue)))
          (test (object "test1") (id "t2") (on_pass (set_flag "t2_PASSED" "auto_generated")) (on_fail (continue)))
          (if_enabled "bitmap"
            (test (object "test2") (id "t3"))
            (if_flag "t1_FAILED" (test (object "test3") (id "t4")))
            (if_flag "t2_PASSED" (test (object "test4") (id "t5")))))`);
    });
  }

  it('RUN-4: can enable a job', () => {
    const f = newFlow();
    f.test('test1');
    f.test('test2', { ifJob: 'j1' });
    f.test('test3', { ifJob: 'j2' });
    f.test('test4', { unlessJob: 'j2' });
    f.test('test5', { ifJob: ['j1', 'j2'] });
    f.test('test6', { unlessJob: ['j1', 'j2'] });
    expect(run(f, { job: 'j1' })).toBe(lines('test1', 'test2', 'test4', 'test5'));
    expect(run(f, { job: 'j2' })).toBe(lines('test1', 'test3', 'test5'));
    expect(run(f, { job: 'j3' })).toBe(lines('test1', 'test4', 'test6'));
  });

  it('RUN-5: can handle a speed binning flow', () => {
    const f = speedBinningFlow();
    expect(run(f)).toBe(lines('test200_1', 'test200_2', 'test200_3', 'PASS 1 1'));
    expect(run(f, { failedTestIds: ['t1'] })).toBe(
      lines('test200_1 F', 'test200_2', 'test200_3', 'test100_1', 'test100_2', 'test100_3', 'PASS 2'),
    );
    expect(run(f, { failedTestIds: ['t1', 't5'] })).toBe(
      lines('test200_1 F', 'test200_2', 'test200_3', 'test100_1', 'test100_2 F', 'FAIL 5'),
    );
    expectTree(f.ast(), `
      (flow (name "sort1")
        (log "Speed binning example bug from video 5")
        (group (name "200Mhz") (id "g200")
          (test (object "test200_1") (id "t1"))
          (test (object "test200_2") (id "t2"))
          (test (object "test200_3") (id "t3"))
          (on_fail (set_flag "g200_FAILED" "auto_generated") (continue)))
        (if_flag "g200_FAILED"
          (group (name "100Mhz") (id "g100")
            (set_flag "g100_RAN" "auto_generated")
            (test (object "test100_1") (on_fail (set_result "fail" (bin 5))) (id "t4"))
            (test (object "test100_2") (on_fail (set_result "fail" (bin 5))) (id "t5"))
            (test (object "test100_3") (on_fail (set_result "fail" (bin 5))) (id "t6"))))
        (if_flag "g100_RAN" (set_result "pass" (bin 2)))
        (set_result "pass" (bin 1) (softbin 1)))`);
    expectTree(runFlow(f.ast(), { failedTestIds: ['t1', 't5'] }), `
      (flow (name "sort1")
        (log "Speed binning example bug from video 5")
        (group (name "200Mhz")
          (test (object "test200_1") (id "t1") (failed))
          (test (object "test200_2") (id "t2") (on_fail (set_result "fail")))
          (test (object "test200_3") (id "t3") (on_fail (set_result "fail"))))
        (group (name "100Mhz")
          (test (object "test100_1") (on_fail (set_result "fail" (bin 5))) (id "t4"))
          (test (object "test100_2") (id "t5") (failed))
          (set_result "fail" (bin 5))))`);
  });
});
