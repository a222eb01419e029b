// Conformance cases TN-1..TN-7 (atp-cases.md, spec/test_node_spec.rb): test node attributes.
import { describe, it } from 'vitest';
import { expectTree, newFlow } from '../helpers.js';

const AST = { addIds: false } as const;

describe('Test node attributes (TN)', () => {
  it('TN-1: can capture limit information', () => {
    const f = newFlow();
    f.test('test1', { limits: [{ value: 5, rule: 'lte' }, { value: 1, rule: 'gt', units: 'mV' }] });
    f.test('test2', { limits: 'none' });
    f.test('test3', { high: 5 });
    f.test('test4', { low: 22 });
    expectTree(f.ast(AST), `
      (flow (name "sort1")
        (test (object "test1") (limit 5 "lte" nil nil) (limit 1 "gt" "mV" nil))
        (test (object "test2") (nolimits))
        (test (object "test3") (limit 5 "lte" nil nil))
        (test (object "test4") (limit 22 "gte" nil nil)))`);
  });

  it('TN-2: can capture target pin information', () => {
    const f = newFlow();
    f.test('test1', { pin: { name: 'pinx' } });
    f.test('test2', { pins: [{ name: 'pinx' }, { name: 'piny' }] });
    expectTree(f.ast(AST), `
      (flow (name "sort1")
        (test (object "test1") (pin "pinx"))
        (test (object "test2") (pin "pinx") (pin "piny")))`);
  });

  it('TN-3: can include level information', () => {
    const f = newFlow();
    f.test('test1', { level: { name: 'vdd', value: 1.5 } });
    f.test('test2', { levels: [{ name: 'vdd', value: 1.1 }, { name: 'vddc', value: 700, units: 'mV' }] });
    expectTree(f.ast(AST), `
      (flow (name "sort1")
        (test (object "test1") (level "vdd" 1.5))
        (test (object "test2") (level "vdd" 1.1) (level "vddc" 700 "mV")))`);
  });

  it('TN-4: can include arbitrary attributes/meta data', () => {
    const f = newFlow();
    f.test('test1', { meta: { frequency: 25, cz: true } });
    expectTree(f.ast(AST), `
      (flow (name "sort1")
        (test (object "test1") (meta (attribute "frequency" 25) (attribute "cz" true))))`);
  });

  it('TN-5: bin nodes can include a description', () => {
    const f = newFlow();
    f.test('test1', { bin: 5, binDescription: 'This is bad news' });
    expectTree(f.ast(AST), `
      (flow (name "sort1")
        (test (object "test1") (on_fail (set_result "fail" (bin 5 "This is bad news")))))`);
  });

  it('TN-6: can capture a list of patterns', () => {
    const f = newFlow();
    f.test('test1', { pattern: 'my_pattern' });
    f.test('test2', { patterns: ['my_pat1', { name: 'my_pat2', path: 'production/flash' }] });
    expectTree(f.ast(AST), `
      (flow (name "sort1")
        (test (object "test1") (pattern "my_pattern"))
        (test (object "test2") (pattern "my_pat1") (pattern "my_pat2" "production/flash")))`);
  });

  it('TN-7: can include sub-tests', () => {
    const f = newFlow();
    f.test('test1', {
      subTests: [
        f.subTest('test1_s1', { limits: [{ value: 5, rule: 'lte' }, { value: 1, rule: 'gt', units: 'mV' }] }),
        f.subTest('test1_s2', { bin: 10 }),
      ],
    });
    expectTree(f.ast(AST), `
      (flow (name "sort1")
        (test (object "test1")
          (sub_test (object "test1_s1") (limit 5 "lte" nil nil) (limit 1 "gt" "mV" nil))
          (sub_test (object "test1_s2") (on_fail (set_result "fail" (bin 10))))))`);
  });
});
