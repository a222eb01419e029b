// Conformance cases CP-1..CP-13 (atp-cases.md, spec/condition_processor_spec.rb): the Condition
// processor, run alone through the 'full' (unknown) optimization.
import { describe, it } from 'vitest';
import { CONDITION_ONLY, expectTree, newFlow } from '../helpers.js';

describe('Condition processor (CP)', () => {
  it('CP-1: wraps adjacent nodes that share the same conditions', () => {
    const f = newFlow();
    f.test('test1', { id: 't1' });
    f.test('test2', { ifEnabled: 'bitmap' });
    f.test('test3', { ifEnabled: 'bitmap', ifFailed: 't1' });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (if_enabled "bitmap" (test (object "test2")))
        (if_failed "t1" (if_enabled "bitmap" (test (object "test3")))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (test (object "test1") (id "t1"))
        (if_enabled "bitmap"
          (test (object "test2"))
          (if_failed "t1" (test (object "test3")))))`);
  });

  it('CP-2: wraps nested conditions', () => {
    const f = newFlow();
    f.test('test1');
    f.test('test2', { ifFlag: 'bitmap' });
    f.ifFlag('bitmap', () => {
      f.test('test3', { ifFlag: 'x' });
      f.ifFlag('y', () => f.test('test4', { ifFlag: 'x' }));
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1"))
        (if_flag "bitmap" (test (object "test2")))
        (if_flag "bitmap"
          (if_flag "x" (test (object "test3")))
          (if_flag "y" (if_flag "x" (test (object "test4"))))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (test (object "test1"))
        (if_flag "bitmap"
          (test (object "test2"))
          (if_flag "x"
            (test (object "test3"))
            (if_flag "y" (test (object "test4"))))))`);
  });

  it('CP-3: optimizes groups too', () => {
    const f = newFlow();
    f.test('test1');
    f.test('test2', { group: 'g1' });
    f.group('g1', () => {
      f.group('g2', () => f.test('test3'));
      f.group('g2', () => f.test('test4', { group: 'g3' }));
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1"))
        (group (name "g1") (test (object "test2")))
        (group (name "g1")
          (group (name "g2") (test (object "test3")))
          (group (name "g2") (group (name "g3") (test (object "test4"))))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (test (object "test1"))
        (group (name "g1")
          (test (object "test2"))
          (group (name "g2")
            (test (object "test3"))
            (group (name "g3") (test (object "test4"))))))`);
  });

  it('CP-4: combined condition and group test', () => {
    const f = newFlow();
    f.group('g1', () => {
      f.test('test1');
      f.test('test2', { ifEnable: 'bitmap' });
    });
    f.ifEnable('bitmap', () => {
      f.group('g1', () => {
        f.test('test3', { ifFlag: 'x' });
        f.ifFlag('y', () => f.test('test4', { ifFlag: 'x' }));
      });
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (group (name "g1")
          (test (object "test1"))
          (if_enabled "bitmap" (test (object "test2"))))
        (if_enabled "bitmap"
          (group (name "g1")
            (if_flag "x" (test (object "test3")))
            (if_flag "y" (if_flag "x" (test (object "test4")))))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (group (name "g1")
          (test (object "test1"))
          (if_enabled "bitmap"
            (test (object "test2"))
            (if_flag "x"
              (test (object "test3"))
              (if_flag "y" (test (object "test4")))))))`);
  });

  it('CP-5: optimizes jobs', () => {
    const f = newFlow();
    f.ifJob('p1', () => {
      f.test('test1');
      f.test('test2', { ifEnable: 'bitmap' });
    });
    f.ifEnabled('bitmap', () => {
      f.ifJob('p1', () => {
        f.test('test3', { ifFlag: 'x' });
        f.ifFlag('y', () => f.test('test4', { ifFlag: 'x' }));
      });
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (if_job "p1"
          (test (object "test1"))
          (if_enabled "bitmap" (test (object "test2"))))
        (if_enabled "bitmap"
          (if_job "p1"
            (if_flag "x" (test (object "test3")))
            (if_flag "y" (if_flag "x" (test (object "test4")))))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (if_job "p1"
          (test (object "test1"))
          (if_enabled "bitmap"
            (test (object "test2"))
            (if_flag "x"
              (test (object "test3"))
              (if_flag "y" (test (object "test4")))))))`);
  });

  it('CP-6: job optimization test 2 (conditions that are not adjacent are never merged)', () => {
    const f = newFlow();
    f.test('test1', { ifJob: ['p1', 'p2'] });
    f.test('test2');
    f.test('test3', { ifJob: ['p1', 'p2'] });
    f.test('test4');
    f.test('test5', { ifJob: ['p1', 'p2'] });
    f.test('test6');
    f.test('test7', { ifJob: ['p1', 'p2'] });
    const expected = `
      (flow (name "sort1")
        (if_job ["p1", "p2"] (test (object "test1")))
        (test (object "test2"))
        (if_job ["p1", "p2"] (test (object "test3")))
        (test (object "test4"))
        (if_job ["p1", "p2"] (test (object "test5")))
        (test (object "test6"))
        (if_job ["p1", "p2"] (test (object "test7"))))`;
    expectTree(f.raw(), expected);
    expectTree(f.ast(CONDITION_ONLY), expected);
  });

  it('CP-7: job optimization test 3 (adjacent nodes with equal array values are merged)', () => {
    const f = newFlow();
    f.test('test1', { ifJob: ['p1', 'p2'] });
    f.test('test2');
    f.test('test3', { ifJob: ['p1', 'p2'] });
    f.test('test4', { ifJob: ['p1', 'p2'] });
    f.test('test5');
    f.test('test6', { ifJob: ['p1', 'p2'] });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (if_job ["p1", "p2"] (test (object "test1")))
        (test (object "test2"))
        (if_job ["p1", "p2"] (test (object "test3")))
        (if_job ["p1", "p2"] (test (object "test4")))
        (test (object "test5"))
        (if_job ["p1", "p2"] (test (object "test6"))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (if_job ["p1", "p2"] (test (object "test1")))
        (test (object "test2"))
        (if_job ["p1", "p2"] (test (object "test3")) (test (object "test4")))
        (test (object "test5"))
        (if_job ["p1", "p2"] (test (object "test6"))))`);
  });

  it('CP-8: test result optimization test', () => {
    const f = newFlow();
    f.test('test1', { id: 'ifallb1' });
    f.test('test2', { id: 'ifallb2' });
    f.ifFailed('ifallb1', () => f.test('test3', { ifFailed: 'ifallb2' }));
    f.ifFailed('ifallb2', () => f.test('test4', { ifFailed: 'ifallb1' }));
    f.log('Embedded conditional tests 1');
    f.test('test1', { id: 'ect1_1' });
    f.test('test2', { ifFailed: 'ect1_1' });
    f.test('test3', { ifFailed: 'ect1_1', id: 'ect1_3' });
    f.ifFailed('ect1_3', () => f.test('test4', { ifFailed: 'ect1_1' }));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "test1") (id "ifallb1"))
        (test (object "test2") (id "ifallb2"))
        (if_failed "ifallb1" (if_failed "ifallb2" (test (object "test3"))))
        (if_failed "ifallb2" (if_failed "ifallb1" (test (object "test4"))))
        (log "Embedded conditional tests 1")
        (test (object "test1") (id "ect1_1"))
        (if_failed "ect1_1" (test (object "test2")))
        (if_failed "ect1_1" (test (object "test3") (id "ect1_3")))
        (if_failed "ect1_3" (if_failed "ect1_1" (test (object "test4")))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (test (object "test1") (id "ifallb1"))
        (test (object "test2") (id "ifallb2"))
        (if_failed "ifallb1"
          (if_failed "ifallb2"
            (test (object "test3"))
            (test (object "test4"))))
        (log "Embedded conditional tests 1")
        (test (object "test1") (id "ect1_1"))
        (if_failed "ect1_1"
          (test (object "test2"))
          (test (object "test3") (id "ect1_3"))
          (if_failed "ect1_3" (test (object "test4")))))`);
  });

  it('CP-9: test result optimization test 2', () => {
    const f = newFlow();
    f.log('Test that if_any_failed works');
    f.test('test1', { id: 'ifa1' });
    f.test('test2', { id: 'ifa2' });
    f.test('test3', { ifAnyFailed: ['ifa1', 'ifa2'] });
    f.log('Test the block form of if_any_failed');
    f.test('test1', { id: 'oof_passcode1' });
    f.test('test2', { id: 'oof_passcode2' });
    f.ifAnyFailed(['oof_passcode1', 'oof_passcode2'], () => f.test('test3'));
    f.ifAnyFailed(['oof_passcode1', 'oof_passcode2'], () => f.test('test4'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (log "Test that if_any_failed works")
        (test (object "test1") (id "ifa1"))
        (test (object "test2") (id "ifa2"))
        (if_any_failed ["ifa1", "ifa2"] (test (object "test3")))
        (log "Test the block form of if_any_failed")
        (test (object "test1") (id "oof_passcode1"))
        (test (object "test2") (id "oof_passcode2"))
        (if_any_failed ["oof_passcode1", "oof_passcode2"] (test (object "test3")))
        (if_any_failed ["oof_passcode1", "oof_passcode2"] (test (object "test4"))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (log "Test that if_any_failed works")
        (test (object "test1") (id "ifa1"))
        (test (object "test2") (id "ifa2"))
        (if_any_failed ["ifa1", "ifa2"] (test (object "test3")))
        (log "Test the block form of if_any_failed")
        (test (object "test1") (id "oof_passcode1"))
        (test (object "test2") (id "oof_passcode2"))
        (if_any_failed ["oof_passcode1", "oof_passcode2"]
          (test (object "test3"))
          (test (object "test4"))))`);
  });

  it('CP-10: adjacent group optimization test (the shared if_job moves above the if_flag)', () => {
    const f = newFlow();
    f.group('additional_erase', () => {
      f.ifFlag('additional_erase', () => f.test('erase_all', { ifJob: ['fr'] }));
    });
    f.group('additional_erase', () => f.test('erase_all', { ifJob: ['fr'] }));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (group (name "additional_erase")
          (if_flag "additional_erase" (if_job ["fr"] (test (object "erase_all")))))
        (group (name "additional_erase")
          (if_job ["fr"] (test (object "erase_all")))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (group (name "additional_erase")
          (if_job ["fr"]
            (if_flag "additional_erase" (test (object "erase_all")))
            (test (object "erase_all")))))`);
  });

  it('CP-11: removes duplicate conditions', () => {
    const f = newFlow();
    f.ifFlag('data_collection', () => f.test('nvm_dist_vcg', { ifFlag: 'data_collection' }));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (if_flag "data_collection" (if_flag "data_collection" (test (object "nvm_dist_vcg")))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (if_flag "data_collection" (test (object "nvm_dist_vcg"))))`);
  });

  it('CP-12: flag conditions are not optimized when marked as volatile', () => {
    const f = newFlow();
    f.ifFlag('my_flag', () => {
      f.test('test1', { onFail: { setFlag: '$My_Mixed_Flag', continue: true } });
      f.test('test2', { ifFlag: '$My_Mixed_Flag' });
      f.test('test1', { ifFlag: 'my_flag' });
      f.test('test2', { ifFlag: 'my_flag' });
    });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (if_flag "my_flag"
          (test (object "test1") (on_fail (set_flag "$My_Mixed_Flag") (continue)))
          (if_flag "$My_Mixed_Flag" (test (object "test2")))
          (if_flag "my_flag" (test (object "test1")))
          (if_flag "my_flag" (test (object "test2")))))`);
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (if_flag "my_flag"
          (test (object "test1") (on_fail (set_flag "$My_Mixed_Flag") (continue)))
          (if_flag "$My_Mixed_Flag" (test (object "test2")))
          (test (object "test1"))
          (test (object "test2"))))`);
    f.volatile('my_flag', '$my_other_flag');
    expectTree(f.ast(CONDITION_ONLY), `
      (flow (name "sort1")
        (volatile (flag "my_flag") (flag "$my_other_flag"))
        (if_flag "my_flag"
          (test (object "test1") (on_fail (set_flag "$My_Mixed_Flag") (continue)))
          (if_flag "$My_Mixed_Flag" (test (object "test2")))
          (if_flag "my_flag" (test (object "test1")))
          (if_flag "my_flag" (test (object "test2")))))`);
  });

  it('CP-13: condition block methods can be inhibited with the legacy or: switch', () => {
    const f = newFlow();
    f.ifEnable('my_flag', () => f.test('test1'));
    f.ifEnable('my_flag', { or: false }, () => f.test('test2'));
    f.ifEnable('my_flag', { or: true }, () => f.test('test3'));
    expectTree(f.ast({ optimization: 'full', addIds: false }), `
      (flow (name "sort1")
        (if_enabled "my_flag" (test (object "test1")) (test (object "test2")))
        (test (object "test3")))`);
  });
});
