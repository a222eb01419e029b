// The examples of the seed document (seeds/004, the reference's README). The README predates today's
// node vocabulary, so its ASTs are checked as translated to it, each translation named where it applies:
//   - every flow starts with `(name N)`;
//   - enable words are `if_enabled`, not `if_flag` (flags are run-time flags now);
//   - the README leaves out the IDs that AddIds gives every test: `addIds: false` here;
//   - relationship flags carry "auto_generated";
//   - `if_passed: t1` becomes `(if_flag "t1_PASSED" ...)` (the README's `unless_flag` is a typo: it
//     would run test4 when t1 did not pass; the reference's own spec, REL-1, shows `if_flag`).
import { describe, it } from 'vitest';
import { Program } from '../../src/flow/index.js';
import { expectTree } from './helpers.js';

const AST = { addIds: false } as const;

describe('seed document examples', () => {
  it('a new flow is empty (but for its name)', () => {
    const flow = new Program().flow('probe1');
    expectTree(flow.ast(), '(flow (name "probe1"))');
  });

  it('tests are added in order', () => {
    const flow = new Program().flow('probe1');
    flow.test('test1');
    flow.test('test2');
    expectTree(flow.ast(AST), '(flow (name "probe1") (test (object "test1")) (test (object "test2")))');
  });

  it('a test carries its name, number, ID and bins', () => {
    const flow = new Program().flow('probe1');
    flow.test('test1');
    flow.test('test2');
    flow.test('test2', { name: 'MyTest', bin: 3, softbin: 102, number: 1000, id: 't2' });
    expectTree(flow.ast(AST), `
      (flow (name "probe1")
        (test (object "test1"))
        (test (object "test2"))
        (test (object "test2") (name "MyTest") (number 1000) (id "t2")
          (on_fail (set_result "fail" (bin 3) (softbin 102)))))`);
  });

  const conditionsAst = `
    (flow (name "probe1")
      (if_enabled "bitmap"
        (if_job "probe1" (test (object "test3")))
        (unless_job "probe1" (test (object "test4")))))`;

  it('conditions gate tests, and shared ones are combined (if_flag "bitmap" → if_enabled)', () => {
    const flow = new Program().flow('probe1');
    flow.test('test3', { ifEnable: 'bitmap', ifJob: 'probe1' });
    flow.test('test4', { ifEnable: 'bitmap', unlessJob: 'probe1' });
    expectTree(flow.ast(AST), conditionsAst);
  });

  it('the block form produces the same AST', () => {
    const flow = new Program().flow('probe1');
    flow.ifEnable('bitmap', () => {
      flow.test('test3', { ifJob: 'probe1' });
      flow.test('test4', { unlessJob: 'probe1' });
    });
    expectTree(flow.ast(AST), conditionsAst);
  });

  it('run-time relationships set flags on the referenced test', () => {
    const flow = new Program().flow('probe1');
    flow.test('test1', { id: 't1' });
    flow.test('test2');
    flow.test('test3', { ifFailed: 't1' });
    flow.test('test4', { ifPassed: 't1' });
    expectTree(flow.ast(AST), `
      (flow (name "probe1")
        (test (object "test1") (id "t1")
          (on_pass (set_flag "t1_PASSED" "auto_generated"))
          (on_fail (continue) (set_flag "t1_FAILED" "auto_generated")))
        (test (object "test2"))
        (if_flag "t1_FAILED" (test (object "test3")))
        (if_flag "t1_PASSED" (test (object "test4"))))`);
  });
});
