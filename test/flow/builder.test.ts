// Builder behaviour beyond the catalogue: errors with the reference's text, context: 'current',
// metadata stacks, option shorthands and aliases, and the builder quirks fixed as recommended.
import { describe, expect, it } from 'vitest';
import { FlowError, Node, Program } from '../../src/flow/index.js';
import { expectTree, newFlow } from './helpers.js';

describe('builder errors carry the reference text', () => {
  it('bin/pass need the number first', () => {
    const f = newFlow();
    expect(() => f.bin({ x: 1 } as unknown as number)).toThrow('The bin number must be passed as the first argument');
    expect(() => f.pass({ x: 1 } as unknown as number)).toThrow(FlowError);
  });

  it('if_failed/if_passed take one ID', () => {
    const f = newFlow();
    expect(() => f.ifFailed(['a', 'b'], () => {})).toThrow('if_failed only accepts one ID, use if_any_failed or if_all_failed for multiple IDs');
    expect(() => f.ifPassed('a', 'b', () => {})).toThrow('if_passed only accepts one ID, use if_any_passed or if_all_passed for multiple IDs');
  });

  it('a condition method without a block needs then/else', () => {
    expect(() => newFlow().ifFlag('x')).toThrow('You must supply a :then or :else option when calling if_flag like this!');
  });

  it('two keys for one condition type must agree', () => {
    const f = newFlow();
    expect(() => f.test('t', { ifEnable: 'a', enabled: 'b' })).toThrow('Multiple values assigned to flow condition if_enabled');
    f.test('t', { ifEnable: 'a', enabled: 'a' });
    expectTree(f.raw(), '(flow (name "sort1") (if_enabled "a" (test (object "t"))))');
  });

  it('loops need from, to and step', () => {
    expect(() => newFlow().loop({ from: 1, to: 2 } as never, () => {})).toThrow('Loop must specify :from, :to, :step');
    const f = newFlow();
    f.loop({ from: null, to: null, step: null }, () => {});
    expectTree(f.raw(), '(flow (name "sort1") (loop nil nil nil nil))');
  });

  it('relational helpers take two operands', () => {
    const f = newFlow();
    expect(() => f.eq('A')).toThrow("Format for relational operation must match: ':<opertor>(var1, var2)'");
    expect(f.ge('A', 1, {})).toBeInstanceOf(Node);
  });
});

describe('context: current', () => {
  it('appends into the innermost wrapper of the last inline-conditioned node', () => {
    const f = newFlow();
    f.test('a', { ifEnable: 'x', ifJob: 'p1' });
    f.test('b', { context: 'current' });
    expectTree(f.raw(), '(flow (name "sort1") (if_job "p1" (if_enabled "x" (test (object "a")) (test (object "b")))))');
  });

  it('appends into the last block used, even after it closed', () => {
    const f = newFlow();
    f.ifEnable('y', () => f.test('c'));
    f.test('d', { context: 'current', ifJob: 'ignored' });
    expectTree(f.raw(), '(flow (name "sort1") (if_enabled "y" (test (object "c")) (test (object "d"))))');
  });

  it('a plain top-level append makes the flow the current context', () => {
    const f = newFlow();
    f.test('a', { ifEnable: 'x' });
    f.log('top');
    f.test('b', { context: 'current' });
    expectTree(f.raw(), '(flow (name "sort1") (if_enabled "x" (test (object "a"))) (log "top") (test (object "b")))');
  });

  it('fails when the last container is gone (it belonged to a sub-test)', () => {
    const f = newFlow();
    f.subTest('s');
    expect(() => f.test('b', { context: 'current' })).toThrow(
      'The request to apply the current context has failed, this is likely a bug in the ATP plugin',
    );
  });
});

describe('metadata', () => {
  it('each call annotates the nodes it builds; nested calls do not inherit', () => {
    const f = newFlow();
    f.group('g', { description: 'group d', sourceFile: 'g.ts', sourceLineNumber: 1 }, () => {
      f.test('t', { onFail: { bin: 3 } });
    });
    const g = f.raw().find('group')!;
    expect(g.meta.description).toBe('group d');
    expect(g.find('name')!.meta.description).toBe('group d');
    expect(g.find('test')!.meta.description).toBeUndefined();
    expect(g.find('test')!.source).toMatch(/^<Sorry/);
  });

  it("bin's description describes the bin, not the node", () => {
    const f = newFlow();
    f.bin(3, { description: 'bad' });
    const r = f.raw().find('set_result')!;
    expectTree(r, '(set_result "fail" (bin 3 "bad"))');
    expect(r.meta.description).toBeUndefined();
  });

  it('cz takes the metadata; its test does not', () => {
    const f = newFlow();
    f.cz('t', 'setup', { description: 'cz d' });
    const cz = f.raw().find('cz')!;
    expect(cz.meta.description).toBe('cz d');
    expect(cz.find('test')!.meta.description).toBeUndefined();
  });

  it('the flow node takes the options given to program.flow', () => {
    const f = new Program().flow('p', { sourceFile: 'p.ts', sourceLineNumber: 9 });
    expect(f.raw().source).toBe('p.ts:9');
    expect(f.name).toBe('p');
  });
});

describe('test options', () => {
  it('reads name and number from a host object, converting the number like Ruby to_i', () => {
    const f = newFlow();
    f.test({ name: 'suite', number: '1234abc' });
    f.test('plain', { num: 5.7, tname: 'n' });
    f.test('zero', { number: 0 });
    const [a, b, c] = f.raw().findAll('test');
    expect(a!.find('name')!.value).toBe('suite');
    expect(a!.find('number')!.value).toBe(1234);
    expect(b!.find('number')!.value).toBe(5);
    expect(b!.find('name')!.value).toBe('n');
    expect(c!.find('number')!.value).toBe(0);
  });

  it('accepts a single limit hash (the reference silently drops it)', () => {
    const f = newFlow();
    f.test('t', { limits: { value: 3, rule: 'gt', unit: 'V' }, lo: 1, hi: 9 });
    expectTree(f.raw(), '(flow (name "sort1") (test (object "t") (limit 3 "gt" "V" nil) (limit 1 "gte" nil nil) (limit 9 "lte" nil nil)))');
  });

  it("'none' limits win over lo/hi", () => {
    const f = newFlow();
    f.test('t', { limits: 'none', lo: 1 });
    expectTree(f.raw(), '(flow (name "sort1") (test (object "t") (nolimits)))');
  });

  it('folds shorthands into the branches, the shorthands winning', () => {
    const f = newFlow();
    const onFail = { bin: 1, render: 'r' };
    f.test('t', { onFail, bin: 2, sbin: 20, softbinDescription: 's', delayed: false, flagFail: 'F', flagPass: 'P' });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (test (object "t")
          (on_fail (set_result "fail" (bin 2) (softbin 20 "s")) (set_flag "F") (delayed false) (render "r"))
          (on_pass (set_flag "P"))))`);
    expect(onFail).toEqual({ bin: 1, render: 'r' }); // the caller's hash is not modified
  });

  it('group branches are built from hashes or blocks, without the test shorthands', () => {
    const f = newFlow();
    f.group('g', { id: 'G', onFail: { setFlag: 'x', continue: true }, onPass: () => f.log('ok') }, () => f.test('t'));
    expectTree(f.raw(), `
      (flow (name "sort1")
        (group (name "g") (id "G") (on_fail (set_flag "x") (continue)) (on_pass (log "ok")) (test (object "t"))))`);
  });

  it('an inline group condition wraps in a named group', () => {
    const f = newFlow();
    f.log('x', { group: 'g1', ifJob: 'p' });
    expectTree(f.raw(), '(flow (name "sort1") (if_job "p" (group (name "g1") (log "x"))))');
  });
});

describe('statements and declarations', () => {
  it('builds each statement, with inline conditions', () => {
    const f = newFlow();
    f.log(null);
    f.render('txt', { ifFlag: 'f' });
    f.setFlag('F', { unlessEnabled: 'e' });
    f.set('V', 3);
    f.enable('E');
    f.disable('E');
    f.continue();
    f.pass(1, { softBin: 11 });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (log "")
        (if_flag "f" (render "txt"))
        (unless_enabled "e" (set_flag "F"))
        (set "V" 3) (enable "E") (disable "E") (continue)
        (set_result "pass" (bin 1) (softbin 11)))`);
  });

  it('loops take inline conditions (the reference ignores them)', () => {
    const f = newFlow();
    f.loop({ from: 1, to: 3, step: 1, var: 'i', ifEnable: 'sweep' }, () => f.test('t'));
    expectTree(f.raw(), '(flow (name "sort1") (if_enabled "sweep" (loop 1 3 1 "i" (test (object "t")))))');
  });

  it('volatile merges across calls; bin descriptions keep the first of each number', () => {
    const f = newFlow();
    f.describeBin(10, 'first');
    f.volatile(['a', 'b'], 'a');
    f.volatile('b', 'c');
    f.describeBin(10, 'second');
    f.describeSoftBin(10, 'soft');
    expectTree(f.raw(), `
      (flow (name "sort1")
        (volatile (flag "a") (flag "b") (flag "a") (flag "c"))
        (bin_descriptions (hard 10 "first") (soft 10 "soft")))`);
  });

  it('sub-flows take a path and inline conditions', () => {
    const program = new Program();
    const a = program.flow('a');
    a.test('x');
    const b = program.flow('b');
    b.subFlow(a.raw(), { path: 'flows/a', ifJob: 'p1' });
    expectTree(b.raw(), '(flow (name "b") (if_job "p1" (sub_flow (name "a") (path "flows/a") (test (object "x")))))');
  });

  it('raw() shows open blocks at the end of their parent', () => {
    const f = newFlow();
    let inside: Node | undefined;
    f.group('g', () => {
      f.test('t');
      inside = f.raw();
    });
    expectTree(inside!, '(flow (name "sort1") (group (name "g") (test (object "t"))))');
  });

  it('condition methods accept several values as a list and options before the block', () => {
    const f = newFlow();
    f.ifEnable('a', 'b', { ifJob: 'p' }, () => f.test('t'));
    f.ifAnyFailed(['t1', 't2'], () => {});
    f.unlessJob('p2', { then: () => f.test('u') });
    expectTree(f.raw(), `
      (flow (name "sort1")
        (if_job "p" (if_enabled ["a", "b"] (test (object "t"))))
        (if_any_failed ["t1", "t2"])
        (unless_job "p2" (test (object "u"))))`);
  });

  it('every alias method makes its node type', () => {
    const f = newFlow();
    const aliases: Array<[keyof typeof f, string]> = [
      ['ifEnabled', 'if_enabled'], ['enabled', 'if_enabled'], ['enableFlag', 'if_enabled'],
      ['notEnabled', 'unless_enabled'], ['disabled', 'unless_enabled'], ['unlessEnable', 'unless_enabled'],
      ['unlessPassed', 'if_failed'], ['failed', 'if_failed'], ['unlessFailed', 'if_passed'], ['passed', 'if_passed'],
      ['unlessAllPassed', 'if_any_failed'], ['unlessAnyPassed', 'if_all_failed'], ['unlessAllFailed', 'if_any_passed'],
      ['unlessAnyFailed', 'if_all_passed'], ['ifExecuted', 'if_ran'], ['unlessExecuted', 'unless_ran'],
      ['ifJobs', 'if_job'], ['job', 'if_job'], ['jobs', 'if_job'], ['unlessJobs', 'unless_job'],
    ];
    for (const [method, type] of aliases) {
      const g = newFlow();
      (g[method] as (...a: unknown[]) => void)('v', () => {});
      expect(g.raw().children[1], method).toBeInstanceOf(Node);
      expect((g.raw().children[1] as Node).type, method).toBe(type);
    }
  });
});

describe('limit helpers', () => {
  it('build limit specs with default rules', async () => {
    const { hiLimit, limit, loLimit } = await import('../../src/flow/index.js');
    const f = newFlow();
    f.test('vdd', { limits: [loLimit(1.1, { units: 'V' }), hiLimit(1.3, { units: 'V', testMode: 'ft' }), limit(0, { rule: 'gt' })] });
    expectTree(f.raw(), '(flow (name "sort1") (test (object "vdd") (limit 1.1 "gte" "V" nil) (limit 1.3 "lte" "V" "ft") (limit 0 "gt" nil nil)))');
    expect(() => limit(1)).toThrow('You must supply option :rule (e.g. rule: :gt) when calling the limit helper');
  });
});
