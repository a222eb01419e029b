// The reference's spec examples that atp-cases.md does not carry (adjacent_if_combiner, flag_optimizer,
// optimization, post_group_actions, pre_cleaner, flattener, validators, processor and misc specs of
// Origen-SDK/atp), rewritten against this API. Expected trees are the specs' own.
import { describe, expect, it } from 'vitest';
import { FlowValidationError, Processor } from '../../src/flow/index.js';
import { expectTree, newFlow } from './helpers.js';

describe('AdjacentIfCombiner (adjacent_if_combiner_spec)', () => {
  const ast = { optimization: 'smt', addIds: false } as const;

  it('works', () => {
    const f = newFlow();
    f.test('test1', { ifFlag: 'SOME_FLAG' });
    f.test('test2', { unlessFlag: 'SOME_FLAG' });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (if_flag "SOME_FLAG" (test (object "test1")) (else (test (object "test2")))))`);
  });

  it('does not combine if the first branch may modify the flag', () => {
    const f = newFlow();
    f.ifFlag('SOME_FLAG', () => {
      f.test('test1');
      f.setFlag('SOME_FLAG');
    });
    f.test('test2', { unlessFlag: 'SOME_FLAG' });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (if_flag "SOME_FLAG" (test (object "test1")) (set_flag "SOME_FLAG"))
        (unless_flag "SOME_FLAG" (test (object "test2"))))`);
  });
});

describe('FlagOptimizer (flag_optimizer_spec)', () => {
  const ast = { optimization: 'smt', addIds: false, implementContinue: false } as const;

  it('works at the top-level', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { ifFailed: 't1' });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "test1") (id "t1") (on_fail (continue) (test (object "test2")))))`);
  });

  it("doesn't eliminate flags with later references", () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { ifFailed: 't1' });
    f.test('test3');
    f.test('test4', { ifFailed: 't1' });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "test1") (id "t1")
          (on_fail (set_flag "t1_FAILED" "auto_generated") (continue) (test (object "test2"))))
        (test (object "test3"))
        (if_flag "t1_FAILED" (test (object "test4"))))`);
  });

  it('applies the optimization within nested groups', () => {
    const f = newFlow();
    f.group('group1', () => {
      f.test('test1', { id: 't1' });
      f.test('test2', { ifFailed: 't1' });
    });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (group (name "group1")
          (test (object "test1") (id "t1") (on_fail (continue) (test (object "test2"))))))`);
  });

  it('optimizes both pass and fail branches', () => {
    const f = newFlow();
    f.test('test1', { id: 't1', number: 0 });
    f.test('test2', { ifPassed: 't1', number: 0 });
    f.test('test3', { ifFailed: 't1', number: 0 });
    f.bin(10, { ifFailed: 't1' });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "test1") (number 0) (id "t1")
          (on_pass (test (object "test2") (number 0)))
          (on_fail (continue) (test (object "test3") (number 0)) (set_result "fail" (bin 10)))))`);
  });

  it("optionally doesn't eliminate flags on tests with a continue", () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { ifFailed: 't1' });
    expectTree(f.ast({ ...ast, optimizeFlagsWhenContinue: false }), `
      (flow (name "sort1")
        (test (object "test1") (id "t1") (on_fail (set_flag "t1_FAILED" "auto_generated") (continue)))
        (if_flag "t1_FAILED" (test (object "test2"))))`);
  });
});

describe('General optimization (optimization_spec, smt)', () => {
  const ast = { optimization: 'smt' } as const;

  it('test 1: group-level dependencies', () => {
    const f = newFlow();
    f.log('Another group-level dependencies test based on a real life use case');
    f.test('gt1', { bin: 90 });
    f.group('gt_grp1', { id: 'gt_grp1' }, () => {
      f.test('gt_grp1_test1', { bin: 90 });
      f.test('gt_grp1_test2', { bin: 90 });
    });
    f.test('gt2', { bin: 90, ifFailed: 'gt_grp1' });
    f.group('gt_grp2', { id: 'gt_grp2', ifFailed: 'gt_grp1' }, () => {
      f.test('gt_grp2_test1', { bin: 90 });
      f.test('gt_grp2_test2', { bin: 90 });
    });
    f.test('gt3', { ifFailed: 'gt_grp2' });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (log "Another group-level dependencies test based on a real life use case")
        (test (object "gt1") (on_fail (set_result "fail" (bin 90))) (id "t1"))
        (group (name "gt_grp1") (id "gt_grp1")
          (test (object "gt_grp1_test1") (id "t2"))
          (test (object "gt_grp1_test2") (id "t3"))
          (on_fail (set_flag "gt_grp1_FAILED" "auto_generated")))
        (if_flag "gt_grp1_FAILED"
          (test (object "gt2") (on_fail (set_result "fail" (bin 90))) (id "t4"))
          (group (name "gt_grp2") (id "gt_grp2")
            (test (object "gt_grp2_test1") (id "t5"))
            (test (object "gt_grp2_test2") (id "t6"))
            (on_fail (set_flag "gt_grp2_FAILED" "auto_generated"))))
        (if_flag "gt_grp2_FAILED" (test (object "gt3") (id "t7"))))`);
  });

  it('test 2: nested groups', () => {
    const f = newFlow();
    f.log('Test that nested groups work');
    f.group('level1', () => {
      f.test('lev1_test1', { bin: 5 });
      f.test('lev1_test2', { bin: 5 });
      f.test('lev1_test3', { bin: 10, id: 'l1t3' });
      f.test('lev1_test4', { bin: 12, ifFailed: 'l1t3' });
      f.test('lev1_test5', { bin: 12, id: 'l1t5' });
      f.group('level2', () => {
        f.test('lev2_test1', { bin: 5 });
        f.test('lev2_test2', { bin: 5 });
        f.test('lev2_test3', { bin: 10, id: 'l2t3' });
        f.test('lev2_test4', { bin: 12, ifFailed: 'l2t3' });
        f.test('lev2_test5', { bin: 12, ifFailed: 'l1t5' });
      });
    });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (log "Test that nested groups work")
        (group (name "level1")
          (test (object "lev1_test1") (on_fail (set_result "fail" (bin 5))) (id "t1"))
          (test (object "lev1_test2") (on_fail (set_result "fail" (bin 5))) (id "t2"))
          (test (object "lev1_test3") (id "l1t3")
            (on_fail (test (object "lev1_test4") (on_fail (set_result "fail" (bin 12))) (id "t3"))))
          (test (object "lev1_test5") (id "l1t5") (on_fail (set_flag "l1t5_FAILED" "auto_generated")))
          (group (name "level2")
            (test (object "lev2_test1") (on_fail (set_result "fail" (bin 5))) (id "t4"))
            (test (object "lev2_test2") (on_fail (set_result "fail" (bin 5))) (id "t5"))
            (test (object "lev2_test3") (id "l2t3")
              (on_fail (test (object "lev2_test4") (on_fail (set_result "fail" (bin 12))) (id "t6"))))
            (if_flag "l1t5_FAILED"
              (test (object "lev2_test5") (on_fail (set_result "fail" (bin 12))) (id "t7")))
            (id "t8"))
          (id "t9")))`);
  });

  it('test 3', () => {
    const f = newFlow();
    f.test('t1', { id: 'check_drb_completed' });
    f.test('nvm_pass_rd_prb1_temp_old', {
      name: 'nvm_pass_rd_prb1_temp_old', number: 204016080, id: 'check_prb1_new', bin: 204, softbin: 204, ifFailed: 'check_drb_completed',
    });
    f.ifFailed('check_drb_completed', () => {
      f.test('nvm_pass_rd_prb1_temp', { name: 'nvm_pass_rd_prb1_temp', number: 204016100, bin: 204, softbin: 204, ifFailed: 'check_prb1_new' });
    });
    f.ifFailed('check_drb_completed', () => {
      f.ifEnabled('data_collection', () => {
        f.test('nvm_dist_vcg', { name: 'PostDRB', number: 16120, continue: true, ifEnabled: 'data_collection' });
      });
    });
    for (const [obj, name, number] of [
      ['nvm_dist_vcg_f', 'PostDRBFW', 16290],
      ['nvm_dist_vcg_t', 'PostDRBTIFR', 16460],
      ['nvm_dist_vcg_u', 'PostDRBUIFR', 16630],
    ] as const) {
      f.ifEnabled('data_collection_all', () => {
        f.ifFailed('check_drb_completed', () => f.test(obj, { name, number, continue: true }));
      });
    }
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "t1") (id "check_drb_completed")
          (on_fail
            (test (object "nvm_pass_rd_prb1_temp_old") (name "nvm_pass_rd_prb1_temp_old") (number 204016080) (id "check_prb1_new")
              (on_fail
                (test (object "nvm_pass_rd_prb1_temp") (name "nvm_pass_rd_prb1_temp") (number 204016100)
                  (on_fail (set_result "fail" (bin 204) (softbin 204)))
                  (id "t1"))))
            (if_enabled "data_collection"
              (test (object "nvm_dist_vcg") (name "PostDRB") (number 16120) (id "t2")))
            (if_enabled "data_collection_all"
              (test (object "nvm_dist_vcg_f") (name "PostDRBFW") (number 16290) (id "t3"))
              (test (object "nvm_dist_vcg_t") (name "PostDRBTIFR") (number 16460) (id "t4"))
              (test (object "nvm_dist_vcg_u") (name "PostDRBUIFR") (number 16630) (id "t5"))))))`);
  });

  it('embedded common rules test', () => {
    const f = newFlow();
    f.ifJob('j1', () => f.test('test1', { ifEnabled: 'bitmap' }));
    f.ifJob('j2', () => f.test('test2', { ifEnabled: 'bitmap' }));
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (if_enabled "bitmap"
          (if_job "j1" (test (object "test1") (id "t1")))
          (if_job "j2" (test (object "test2") (id "t2")))))`);
  });

  it('test case from origen_testers: nested conditions on a group', () => {
    const f = newFlow();
    f.log('Test nested conditions on a group');
    f.test('test1', { name: 'nt1', number: 0, id: 'nt1', bin: 10 });
    f.test('test2', { name: 'nt2', number: 0, id: 'nt2', bin: 11, ifFailed: 'nt1' });
    f.ifPassed('nt2', () => {
      f.group('ntg1', { id: 'ntg1' }, () => f.test('test3', { name: 'nt3', number: 0, bin: 12, ifFailed: 'nt1' }));
    });
    f.group('ntg2', { id: 'ntg2', ifFailed: 'nt2' }, () => f.test('test4', { name: 'nt4', number: 0, bin: 13, ifFailed: 'nt1' }));
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (log "Test nested conditions on a group")
        (test (object "test1") (name "nt1") (number 0) (id "nt1")
          (on_fail
            (test (object "test2") (name "nt2") (number 0) (id "nt2")
              (on_fail
                (group (name "ntg2") (id "ntg2")
                  (test (object "test4") (name "nt4") (number 0) (on_fail (set_result "fail" (bin 13))) (id "t2"))))
              (on_pass
                (group (name "ntg1") (id "ntg1")
                  (test (object "test3") (name "nt3") (number 0) (on_fail (set_result "fail" (bin 12))) (id "t1"))))))))`);
  });

  it('a test case where test3 was lost (if_all_failed)', () => {
    const f = newFlow();
    f.test('test1', { id: 'ifallb1' });
    f.test('test2', { id: 'ifallb2' });
    f.ifAllFailed(['ifallb1', 'ifallb2'], () => {
      f.test('test3');
      f.test('test4');
    });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "test1") (id "ifallb1") (on_fail (set_flag "ifallb1_FAILED" "auto_generated")))
        (test (object "test2") (id "ifallb2")
          (on_fail
            (if_flag "ifallb1_FAILED"
              (test (object "test3") (id "t1"))
              (test (object "test4") (id "t2"))))))`);
  });

  it('a test case that ended up with an additional render', () => {
    const f = newFlow();
    f.render('multi_bin;', { ifFlag: 'my_flag' });
    f.test('test1', { onFail: { render: 'multi_bin;' }, ifFlag: 'my_flag' });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (if_flag "my_flag"
          (render "multi_bin;")
          (test (object "test1") (on_fail (render "multi_bin;")) (id "t1"))))`);
  });

  it('a test case that dropped a bin out', () => {
    const f = newFlow();
    f.test('test1', { id: 't1a' });
    f.ifPassed('t1a', () => f.test('test2'));
    f.ifFailed('t1a', () => {
      f.test('test3');
      f.bin(10);
    });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "test1") (id "t1a")
          (on_pass (test (object "test2") (id "t1")))
          (on_fail (test (object "test3") (id "t2")) (set_result "fail" (bin 10)))))`);
  });

  it('a test case which got it really confused', () => {
    const f = newFlow();
    const body = (): void => {
      f.test('test1', { ifEnable: 'small_flow' });
      f.test('test2', { ifEnable: 'small_flow' });
      for (let i = 0; i < 4; i++) f.test('test1');
      f.test('test1', { ifEnable: 'small_flow' });
      f.test('test2', { ifEnable: 'small_flow' });
    };
    f.unlessEnable('eword1', () => {
      f.unlessEnable('eword2', body);
      f.ifEnable('eword2', body);
    });
    const inner = `
      (if_enabled "small_flow" (test (object "test1")) (test (object "test2")))
      (test (object "test1")) (test (object "test1")) (test (object "test1")) (test (object "test1"))
      (if_enabled "small_flow" (test (object "test1")) (test (object "test2")))`;
    expectTree(f.ast({ ...ast, addIds: false }), `
      (flow (name "sort1")
        (unless_enabled "eword1"
          (unless_enabled "eword2" ${inner})
          (if_enabled "eword2" ${inner})))`);
  });

  const nestedTestFlagFlow = (volatile: boolean) => {
    const f = newFlow();
    if (volatile) f.volatile('TestFlag');
    f.test('test1', {
      id: 't1',
      onFail: () => {
        f.ifFlag('TestFlag', () => f.bin(1));
        f.unlessFlag('TestFlag', () => {
          f.test('test2', { id: 't2', onFail: () => f.ifFlag('TestFlag', () => f.bin(1)) });
          f.unlessFlag('TestFlag', () => f.bin(2, { ifFailed: 't2' }));
        });
      },
    });
    return f;
  };

  it("a nested if_flag/unless_flag on one flag is rejected", () => {
    const f = nestedTestFlagFlow(false);
    expect(() => f.ast(ast)).toThrow(/if_flag and unless_flag conditions cannot be nested and refer to the same flag/);
  });

  it('the same flow with the flag declared volatile', () => {
    expectTree(nestedTestFlagFlow(true).ast(ast), `
      (flow (name "sort1")
        (volatile (flag "TestFlag"))
        (test (object "test1") (id "t1")
          (on_fail
            (if_flag "TestFlag"
              (set_result "fail" (bin 1))
              (else
                (test (object "test2") (id "t2")
                  (on_fail
                    (if_flag "TestFlag"
                      (set_result "fail" (bin 1))
                      (else (set_result "fail" (bin 2)))))))))))`);
  });

  it('a test case where the if_passed/if_failed was not rendering properly (else moves into on_fail)', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.ifFailed('t1', {
      then: () => f.bin(2),
      else: () =>
        f.ifFlag('TestFlag', {
          then: () => f.bin(1),
          else: () => {
            f.test('test2', { id: 't2' });
            f.bin(3, { ifFailed: 't2' });
          },
        }),
    });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "test1") (id "t1")
          (on_fail
            (set_result "fail" (bin 2))
            (else
              (if_flag "TestFlag"
                (set_result "fail" (bin 1))
                (else
                  (test (object "test2") (id "t2") (on_fail (set_result "fail" (bin 3))))))))))`);
  });
});

describe('Post group actions (post_group_actions_spec, igxl)', () => {
  const build = (withPassed: boolean) => {
    const f = newFlow();
    f.group('outer', { id: 'g1' }, () => {
      f.test('test1');
      f.group('inner', () => f.test('test2'));
    });
    f.test('test3', { ifFailed: 'g1' });
    if (withPassed) f.test('test4', { ifPassed: 'g1' });
    return f;
  };

  it("applies the group's actions to all contained tests", () => {
    const f = build(false);
    expectTree(f.raw(), `
      (flow (name "sort1")
        (group (name "outer") (id "g1")
          (test (object "test1"))
          (group (name "inner") (test (object "test2"))))
        (if_failed "g1" (test (object "test3"))))`);
    expectTree(f.ast({ optimization: 'igxl', addIds: false, oneFlagPerTest: false }), `
      (flow (name "sort1")
        (group (name "outer") (id "g1")
          (test (object "test1") (on_fail (set_flag "g1_FAILED" "auto_generated") (continue)))
          (group (name "inner")
            (test (object "test2") (on_fail (set_flag "g1_FAILED" "auto_generated") (continue)))))
        (if_flag "g1_FAILED" (test (object "test3"))))`);
  });

  it('applies the Teradyne optimization to set each flag from one test only', () => {
    const f = build(true);
    expectTree(f.ast({ optimization: 'igxl', addIds: false, oneFlagPerTest: false }), `
      (flow (name "sort1")
        (group (name "outer") (id "g1")
          (test (object "test1")
            (on_pass (set_flag "g1_PASSED" "auto_generated"))
            (on_fail (continue) (set_flag "g1_FAILED" "auto_generated")))
          (group (name "inner")
            (test (object "test2")
              (on_pass (set_flag "g1_PASSED" "auto_generated"))
              (on_fail (continue) (set_flag "g1_FAILED" "auto_generated")))))
        (if_flag "g1_FAILED" (test (object "test3")))
        (if_flag "g1_PASSED" (test (object "test4"))))`);
    expectTree(f.ast({ optimization: 'igxl', addIds: false, oneFlagPerTest: true }), `
      (flow (name "sort1")
        (group (name "outer") (id "g1")
          (test (object "test1")
            (on_fail (continue) (set_flag "g1_FAILED_0" "auto_generated"))
            (on_pass (set_flag "g1_PASSED_0" "auto_generated")))
          (if_flag "g1_FAILED_0" (set_flag "g1_FAILED" "auto_generated"))
          (if_flag "g1_PASSED_0" (set_flag "g1_PASSED" "auto_generated"))
          (group (name "inner")
            (test (object "test2")
              (on_fail (continue) (set_flag "g1_FAILED_1" "auto_generated"))
              (on_pass (set_flag "g1_PASSED_1" "auto_generated")))
            (if_flag "g1_FAILED_1" (set_flag "g1_FAILED" "auto_generated"))
            (if_flag "g1_PASSED_1" (set_flag "g1_PASSED" "auto_generated"))))
        (if_flag "g1_FAILED" (test (object "test3")))
        (if_flag "g1_PASSED" (test (object "test4"))))`);
  });
});

describe('PreCleaner (pre_cleaner_spec)', () => {
  const ast = { applyRelationships: false, addIds: false } as const;

  it('lower-cases all IDs and references', () => {
    const f = newFlow();
    f.test('test1', { id: 'T1' });
    f.group('G1', { id: 'G1' }, () => f.test('test2', { id: 'T2' }));
    f.test('test3', { ifFailed: 'T1' });
    f.test('test4', { ifAnyFailed: ['T1', 'T2'] });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (group (name "G1") (id "g1") (test (object "test2") (id "t2")))
        (if_failed "t1" (test (object "test3")))
        (if_any_failed ["t1", "t2"] (test (object "test4"))))`);
  });

  it('removes test ID assignments that refer to the parent group', () => {
    const f = newFlow();
    f.group('G1', { id: 'G1' }, () => {
      f.test('test1', { id: 'G1' });
      f.test('test2', { id: 'G1' });
    });
    expectTree(f.ast(ast), `
      (flow (name "sort1")
        (group (name "G1") (id "g1") (test (object "test1")) (test (object "test2"))))`);
  });
});

describe('Flattener (flattener_spec)', () => {
  it('flattens flag conditions and removes redundancies', () => {
    const f = newFlow();
    f.test('test1');
    f.test('test2', { ifFlag: 'f1' });
    f.ifFlag('f1', () => {
      f.test('test3');
      f.test('test4', { ifFlag: 'f1' });
      f.test('test5', { ifFlag: 'f2' });
    });
    expectTree(f.ast({ optimization: 'flat', addIds: false }), `
      (flow (name "sort1")
        (test (object "test1"))
        (if_flag "f1" (test (object "test2")))
        (if_flag "f1" (test (object "test3")))
        (if_flag "f1" (test (object "test4")))
        (if_flag "f1" (if_flag "f2" (test (object "test5")))))`);
  });

  it('preserves groups', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.ifFailed('t1', () => {
      f.group('my_group', { id: 'g1' }, () => {
        f.test('test2');
        f.test('test3');
      });
      f.test('test4');
    });
    expectTree(f.ast({ optimization: 'flat', addIds: false, applyRelationships: false }), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (group (name "my_group") (id "g1")
          (if_failed "t1" (test (object "test2")))
          (if_failed "t1" (test (object "test3"))))
        (if_failed "t1" (test (object "test4"))))`);
  });

  it('converts else nodes to the equivalent inverse parent node', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.ifEnabled('bitmap', { then: () => f.test('test2'), else: () => f.test('test3', { ifFailed: 't1' }) });
    expectTree(f.ast({ optimization: 'flat', applyRelationships: false, addIds: false }), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (if_enabled "bitmap" (test (object "test2")))
        (unless_enabled "bitmap" (if_failed "t1" (test (object "test3")))))`);
  });

  it('converts most things in on_pass/on_fail to the equivalent if_failed/if_passed node', () => {
    const f = newFlow();
    f.test('test1', {
      onFail: () => {
        f.test('test2');
        f.bin(5);
      },
      onPass: () => f.test('test3'),
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1")
          (on_fail (test (object "test2")) (set_result "fail" (bin 5)))
          (on_pass (test (object "test3")))))`);
    expectTree(f.ast({ optimization: 'flat', applyRelationships: false }), `
      (flow (name "sort1")
        (test (object "test1") (id "t3"))
        (if_failed "t3" (test (object "test2") (id "t1")))
        (if_failed "t3" (set_result "fail" (bin 5)))
        (if_passed "t3" (test (object "test3") (id "t2"))))`);
  });
});

describe('Validators (validators_spec)', () => {
  it('catches duplicate IDs', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2');
    f.test('test3', { id: 't1' });
    expect(() => f.ast()).toThrow(/Test ID t1 is defined more than once in flow sort1/);
    expect(() => f.ast()).toThrow(FlowValidationError);
  });

  it('catches missing IDs', () => {
    const f = newFlow();
    f.test('test1');
    f.test('test2');
    f.test('test3', { ifFailed: 't1' });
    expect(() => f.ast()).toThrow(/Test ID t1 is referenced in flow sort1/);
  });

  it("positive and negative job conditions can't be nested (siblings are fine)", () => {
    const f = newFlow();
    f.test('test1', { ifJob: 'p1' });
    f.test('test2', { unlessJob: 'p2' });
    expectTree(f.ast({ addIds: false }), `
      (flow (name "sort1")
        (if_job "p1" (test (object "test1")))
        (unless_job "p2" (test (object "test2"))))`);
    f.ifJob('p1', () => {
      f.test('test3');
      f.test('test4', { unlessJob: 'p2' });
    });
    expect(() => f.ast()).toThrow(/if_job and unless_job conditions cannot both be applied to the same tests/);
  });

  it("if_job names can't start with a negative symbol", () => {
    const f = newFlow();
    f.test('test1', { ifJob: '!p1' });
    expect(() => f.ast()).toThrow(/Job names should not be negated, use unless_job/);
  });

  it("unless_job names can't start with a negative symbol", () => {
    const f = newFlow();
    f.test('test1', { unlessJob: '~p1' });
    expect(() => f.ast()).toThrow(/Job names should not be negated, use unless_job/);
  });
});

describe('Base processor and node removal (processor_spec, misc_spec)', () => {
  it('the base processor returns an equal AST', () => {
    const f = newFlow();
    f.test('test1', { onFail: { bin: 5 } });
    f.test('test2', { onFail: { bin: 6, continue: true } });
    expect(new Processor().run(f.raw()).equals(f.raw())).toBe(true);
  });
});
