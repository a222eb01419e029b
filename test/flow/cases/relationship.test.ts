// Conformance cases REL-1..REL-7 (atp-cases.md, spec/relationship_processor_spec.rb).
import { describe, it } from 'vitest';
import { expectTree, newFlow } from '../helpers.js';

const SMT = { optimization: 'smt', addIds: false, implementContinue: false } as const;

describe('Relationship processor (REL)', () => {
  it('REL-1: updates both sides of the relationship', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { id: 't2', bin: 10 });
    f.test('test3', { ifPassed: 't1' });
    f.test('test4', { ifPassed: 't2' });
    f.test('test5', { ifFailed: 't2' });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (test (object "test2") (id "t2") (on_fail (set_result "fail" (bin 10))))
        (if_passed "t1" (test (object "test3")))
        (if_passed "t2" (test (object "test4")))
        (if_failed "t2" (test (object "test5"))))`);
    expectTree(f.ast(SMT), `
      (flow (name "sort1")
        (test (object "test1") (id "t1")
          (on_pass (set_flag "t1_PASSED" "auto_generated"))
          (on_fail (continue)))
        (test (object "test2") (id "t2")
          (on_fail (set_result "fail" (bin 10)) (continue) (set_flag "t2_FAILED" "auto_generated"))
          (on_pass (set_flag "t2_PASSED" "auto_generated")))
        (if_flag "t1_PASSED" (test (object "test3")))
        (if_flag "t2_PASSED" (test (object "test4")))
        (if_flag "t2_FAILED" (test (object "test5"))))`);
  });

  it('REL-2: embedded test results are processed', () => {
    const f = newFlow();
    f.test('test1', { id: 'ect1_1' });
    f.ifFailed('ect1_1', () => {
      f.test('test2');
      f.test('test3', { id: 'ect1_3' });
      f.test('test4', { ifFailed: 'ect1_3' });
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "ect1_1"))
        (if_failed "ect1_1"
          (test (object "test2"))
          (test (object "test3") (id "ect1_3"))
          (if_failed "ect1_3" (test (object "test4")))))`);
    expectTree(f.ast(SMT), `
      (flow (name "sort1")
        (test (object "test1") (id "ect1_1")
          (on_fail
            (continue)
            (test (object "test2"))
            (test (object "test3") (id "ect1_3")
              (on_fail (continue) (test (object "test4")))))))`);
  });

  it('REL-3: any failed is processed', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { id: 't2' });
    f.test('test3', { ifAnyFailed: ['t1', 't2'] });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (test (object "test2") (id "t2"))
        (if_any_failed ["t1", "t2"] (test (object "test3"))))`);
    expectTree(f.ast(SMT), `
      (flow (name "sort1")
        (test (object "test1") (id "t1") (on_fail (set_flag "t1_FAILED" "auto_generated") (continue)))
        (test (object "test2") (id "t2") (on_fail (set_flag "t2_FAILED" "auto_generated") (continue)))
        (if_flag ["t1_FAILED", "t2_FAILED"] (test (object "test3"))))`);
  });

  it('REL-4: group-based if_failed is processed', () => {
    const f = newFlow();
    f.group('group1', { id: 'grp1' }, () => {
      f.test('test1');
      f.test('test2');
    });
    f.ifFailed('grp1', () => {
      f.test('test3');
      f.test('test4');
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (group (name "group1") (id "grp1") (test (object "test1")) (test (object "test2")))
        (if_failed "grp1" (test (object "test3")) (test (object "test4"))))`);
    expectTree(f.ast(SMT), `
      (flow (name "sort1")
        (group (name "group1") (id "grp1")
          (test (object "test1"))
          (test (object "test2"))
          (on_fail (set_flag "grp1_FAILED" "auto_generated") (continue)))
        (if_flag "grp1_FAILED" (test (object "test3")) (test (object "test4"))))`);
  });

  it('REL-5: group-based if_passed is processed', () => {
    const f = newFlow();
    f.group('group1', { id: 'grp1' }, () => {
      f.test('test1');
      f.test('test2');
    });
    f.ifPassed('grp1', () => {
      f.group('group2', () => {
        f.test('test3');
        f.test('test4');
      });
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (group (name "group1") (id "grp1") (test (object "test1")) (test (object "test2")))
        (if_passed "grp1" (group (name "group2") (test (object "test3")) (test (object "test4")))))`);
    expectTree(f.ast(SMT), `
      (flow (name "sort1")
        (group (name "group1") (id "grp1")
          (test (object "test1"))
          (test (object "test2"))
          (on_pass (set_flag "grp1_PASSED" "auto_generated"))
          (on_fail (continue)))
        (if_flag "grp1_PASSED" (group (name "group2") (test (object "test3")) (test (object "test4")))))`);
  });

  it('REL-6: ran conditions are converted to flag conditions', () => {
    const f = newFlow();
    f.test('test1', { id: 'e1' });
    f.test('test2', { id: 'e2' });
    f.test('test3', { unlessRan: 'e1' });
    f.ifRan('e2', () => f.test('test4'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "e1"))
        (test (object "test2") (id "e2"))
        (unless_ran "e1" (test (object "test3")))
        (if_ran "e2" (test (object "test4"))))`);
    expectTree(f.ast(SMT), `
      (flow (name "sort1")
        (test (object "test1") (id "e1"))
        (set_flag "e1_RAN" "auto_generated")
        (test (object "test2") (id "e2"))
        (set_flag "e2_RAN" "auto_generated")
        (unless_flag "e1_RAN" (test (object "test3")))
        (if_flag "e2_RAN" (test (object "test4"))))`);
  });

  it('REL-7: should not add continue to the parent test if it is already set to delayed', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { id: 't2', bin: 10, delayed: true });
    f.test('test3', { ifPassed: 't1' });
    f.test('test4', { ifPassed: 't2' });
    f.test('test5', { ifFailed: 't2' });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (test (object "test2") (id "t2") (on_fail (set_result "fail" (bin 10)) (delayed true)))
        (if_passed "t1" (test (object "test3")))
        (if_passed "t2" (test (object "test4")))
        (if_failed "t2" (test (object "test5"))))`);
    expectTree(f.ast(SMT), `
      (flow (name "sort1")
        (test (object "test1") (id "t1")
          (on_pass (set_flag "t1_PASSED" "auto_generated"))
          (on_fail (continue)))
        (test (object "test2") (id "t2")
          (on_fail (set_result "fail" (bin 10)) (delayed true) (set_flag "t2_FAILED" "auto_generated"))
          (on_pass (set_flag "t2_PASSED" "auto_generated")))
        (if_flag "t1_PASSED" (test (object "test3")))
        (if_flag "t2_PASSED" (test (object "test4")))
        (if_flag "t2_FAILED" (test (object "test5"))))`);
  });
});
