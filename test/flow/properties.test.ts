// Property tests over generated flows: the text form round-trips; the live and dry interpreters agree;
// nothing runs after the unit is binned; each test runs at most once; else bodies run exactly when
// their condition is false; the fast Condition processor equals the reference algorithm.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AddIds, Condition, EmptyBranchRemover, Node, PreCleaner, Program, Relationship, executeFlow, fromJson, fromSexp, runFlow,
  summarizeRun, toJson, toSexp,
} from '../../src/flow/index.js';
import type { Child, Flow } from '../../src/flow/index.js';
import { FLAGS, JOBS, WORDS, buildFlow, opsArbitrary, runConditions } from './generate.js';

// FLOW_PROPERTY_RUNS scales every property's number of runs (e.g. 20 for a soak).
const SCALE = Number(process.env.FLOW_PROPERTY_RUNS ?? 1);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE) });
const RUNS = runs(150);

function testIds(ast: Node): string[] {
  return ast.findAll('test', { recursive: true }).map((t) => String(t.find('id')?.value));
}

function runOptions(ast: Node, c: { enable: string[]; job: string; failMask: boolean[] }) {
  const failedTestIds = testIds(ast).filter((_, i) => c.failMask[i % c.failMask.length]);
  return { enable: c.enable, job: c.job, failedTestIds };
}

/** The executed flow's items in run order, not looking inside tests. */
function runOrder(executed: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    for (const c of n.children) {
      if (!(c instanceof Node)) continue;
      out.push(c);
      if (c.type !== 'test') walk(c);
    }
  };
  walk(executed);
  return out;
}

describe('optimization', () => {
  /** The flow as Relationship leaves it: numbered, result conditions turned into flags, nothing merged. */
  const unoptimized = (f: Flow): Node =>
    new EmptyBranchRemover().run(new Relationship().run(new AddIds().run(new PreCleaner().run(f.raw()))));

  it('the runner pipeline does not change what runs or how the unit bins', () => {
    fc.assert(
      fc.property(opsArbitrary, runConditions, (ops, c) => {
        // The reference's contract: flags and enable words the flow itself changes are declared volatile
        // (a list of them never is, so block conditions name one), and distinct groups have distinct names
        // (Condition merges and dissolves groups by name). User then/else blocks are left out: Condition and
        // Relationship keep the reference's handling of them (docs/flow.md, "Known reference behaviours");
        // the else property below covers the elses the pipeline makes itself.
        const f = buildFlow(ops, { distinctGroups: true, withElse: false, scalarBlocks: true });
        f.volatile(...FLAGS, ...WORDS);
        const o = runOptions(unoptimized(f), c);
        const expected = summarizeRun(runFlow(unoptimized(f), o));
        expect(summarizeRun(runFlow(f.ast(), o))).toEqual(expected);
        expect(summarizeRun(runFlow(f.ast({ optimizeFlags: false }), o))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('optimizing flags does not change what runs, volatile declarations or not', () => {
    fc.assert(
      fc.property(opsArbitrary, runConditions, (ops, c) => {
        const f = buildFlow(ops);
        const plain = f.ast({ optimizeFlags: false });
        const o = runOptions(plain, c);
        expect(summarizeRun(runFlow(f.ast(), o))).toEqual(summarizeRun(runFlow(plain, o)));
      }),
      RUNS,
    );
  });
});

describe('text form', () => {
  it('fromSexp(toSexp(x)) equals x for generated flows, raw and processed', () => {
    fc.assert(
      fc.property(opsArbitrary, (ops) => {
        const f = buildFlow(ops);
        for (const tree of [f.raw(), f.ast(), f.ast({ optimization: 'igxl' }), f.ast({ optimization: 'flat' })]) {
          expect(fromSexp(toSexp(tree)).equals(tree)).toBe(true);
          expect(fromJson(JSON.parse(JSON.stringify(toJson(tree)))).equals(tree)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('fromSexp(toSexp(x)) equals x for arbitrary atoms', () => {
    const atom: fc.Arbitrary<Child> = fc.letrec<{ atom: Child }>((tie) => ({
      atom: fc.oneof(
        { maxDepth: 2 },
        fc.string({ unit: 'grapheme' }),
        fc.string(),
        fc.double({ noNaN: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('atom'), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie('atom'), { maxKeys: 3 }),
      ),
    })).atom;
    fc.assert(
      fc.property(fc.array(atom, { maxLength: 5 }), fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), (children, type) => {
        const node = new Node(type, [new Node('object', children), ...children]);
        expect(fromSexp(toSexp(node)).equals(node)).toBe(true);
      }),
      runs(300),
    );
  });
});

describe('interpreter', () => {
  it('runFlow and executeFlow agree for generated flows and failure sets', async () => {
    await fc.assert(
      fc.asyncProperty(opsArbitrary, runConditions, fc.array(fc.nat(3), { minLength: 1 }), async (ops, c, delays) => {
        const ast = buildFlow(ops).ast();
        const o = runOptions(ast, c);
        const failed = new Set(o.failedTestIds);
        let call = 0;
        const dry = runFlow(ast, o);
        const live = await executeFlow(ast, {
          enable: o.enable,
          job: o.job,
          executeTest: async (_test, ctx) => {
            const delay = delays[call++ % delays.length]!;
            for (let i = 0; i < delay; i++) await Promise.resolve();
            return { failed: failed.has(ctx.id) };
          },
        });
        expect(toSexp(live)).toBe(toSexp(dry));
        expect(call).toBe(summarizeRun(dry).tests.length);
      }),
      RUNS,
    );
  });

  it('never outputs a test after the first binning result, and each test at most once', () => {
    fc.assert(
      fc.property(opsArbitrary, runConditions, (ops, c) => {
        const ast = buildFlow(ops).ast();
        const order = runOrder(runFlow(ast, runOptions(ast, c)));
        const firstResult = order.findIndex((n) => n.type === 'set_result');
        if (firstResult >= 0) {
          expect(order.slice(firstResult + 1).filter((n) => n.type === 'test' || n.type === 'set_result')).toEqual([]);
        }
        const ids = order.filter((n) => n.type === 'test').map((t) => String(t.find('id')!.value));
        expect(new Set(ids).size).toBe(ids.length);
      }),
      RUNS,
    );
  });

  it('the summary lists what ran, in order, with the binning result', () => {
    fc.assert(
      fc.property(opsArbitrary, runConditions, (ops, c) => {
        const ast = buildFlow(ops).ast();
        const o = runOptions(ast, c);
        const executed = runFlow(ast, o);
        const summary = summarizeRun(executed);
        const order = runOrder(executed);
        expect(summary.tests.map((t) => t.id)).toEqual(order.filter((n) => n.type === 'test').map((t) => String(t.find('id')!.value)));
        expect(summary.tests.map((t) => t.failed)).toEqual(summary.tests.map((t) => o.failedTestIds.includes(t.id)));
        const result = order.find((n) => n.type === 'set_result');
        expect(summary.result?.result).toBe(result ? String(result.children[0]) : undefined);
      }),
      RUNS,
    );
  });
});

/**
 * Flows of top-level if/else constructs, each with a then-marker and an else-marker log, built every
 * way the pipeline makes an else: then/else blocks, adjacent if/unless pairs (AdjacentIfCombiner), and
 * then/else on a test result right after the test (FlagOptimizer moves the else into its on_fail). A
 * model walks the same program to say which marker each construct must log.
 */
type ElseOp =
  | { k: 'words'; kind: 'ifEnable' | 'unlessEnable'; word: string; pair: boolean }
  | { k: 'flag'; kind: 'ifFlag' | 'unlessFlag'; flag: string; pair: boolean }
  | { k: 'job'; kind: 'ifJob' | 'unlessJob'; job: string }
  | { k: 'result'; kind: 'ifFailed' | 'ifPassed'; fails: boolean; flagFail: string | null }
  | { k: 'set'; flag: string }
  | { k: 'enable'; word: string; on: boolean }
  | { k: 'group'; body: ElseOp[] };

const elseOps: fc.Arbitrary<ElseOp[]> = fc.letrec<{ ops: ElseOp[]; op: ElseOp }>((tie) => ({
  ops: fc.array(tie('op'), { maxLength: 8 }),
  op: fc.oneof(
    { maxDepth: 2, depthSize: 'small' },
    fc.record({ k: fc.constant('words' as const), kind: fc.constantFrom('ifEnable' as const, 'unlessEnable' as const), word: fc.constantFrom(...WORDS), pair: fc.boolean() }),
    fc.record({ k: fc.constant('flag' as const), kind: fc.constantFrom('ifFlag' as const, 'unlessFlag' as const), flag: fc.constantFrom(...FLAGS), pair: fc.boolean() }),
    fc.record({ k: fc.constant('job' as const), kind: fc.constantFrom('ifJob' as const, 'unlessJob' as const), job: fc.constantFrom(...JOBS) }),
    fc.record({ k: fc.constant('result' as const), kind: fc.constantFrom('ifFailed' as const, 'ifPassed' as const), fails: fc.boolean(), flagFail: fc.option(fc.constantFrom(...FLAGS)) }),
    fc.record({ k: fc.constant('set' as const), flag: fc.constantFrom(...FLAGS) }),
    fc.record({ k: fc.constant('enable' as const), word: fc.constantFrom(...WORDS), on: fc.boolean() }),
    fc.record({ k: fc.constant('group' as const), body: tie('ops') }),
  ),
})).ops;

interface ElseModel {
  enables: Set<string>;
  flags: Set<string>;
  job: string;
  failed: string[];
  expected: Array<[then: string, other: string, thenRuns: boolean]>;
  n: number;
}

function buildElseFlow(f: Flow, ops: readonly ElseOp[], m: ElseModel): void {
  for (const op of ops) {
    const k = m.n++;
    const [then, other] = [`then${k}`, `else${k}`];
    switch (op.k) {
      case 'words': {
        const on = m.enables.has(op.word);
        m.expected.push([then, other, op.kind === 'ifEnable' ? on : !on]);
        const opposite = op.kind === 'ifEnable' ? 'unlessEnable' : 'ifEnable';
        if (op.pair) {
          f.log(then, { [op.kind]: op.word });
          f.log(other, { [opposite]: op.word });
        } else f[op.kind](op.word, { then: () => f.log(then), else: () => f.log(other) });
        break;
      }
      case 'flag': {
        const set = m.flags.has(op.flag);
        m.expected.push([then, other, op.kind === 'ifFlag' ? set : !set]);
        const opposite = op.kind === 'ifFlag' ? 'unlessFlag' : 'ifFlag';
        if (op.pair) {
          f.log(then, { [op.kind]: op.flag });
          f.log(other, { [opposite]: op.flag });
        } else f[op.kind](op.flag, { then: () => f.log(then), else: () => f.log(other) });
        break;
      }
      case 'job': {
        const listed = op.job.toUpperCase() === m.job.toUpperCase();
        m.expected.push([then, other, op.kind === 'ifJob' ? listed : !listed]);
        f[op.kind](op.job, { then: () => f.log(then), else: () => f.log(other) });
        break;
      }
      case 'result': {
        const id = `r${k}`;
        if (op.fails) {
          m.failed.push(id);
          if (op.flagFail) m.flags.add(op.flagFail);
        }
        m.expected.push([then, other, op.kind === 'ifFailed' ? op.fails : !op.fails]);
        f.test(`T${k}`, op.flagFail ? { id, flagFail: op.flagFail } : { id });
        f[op.kind](id, { then: () => f.log(then), else: () => f.log(other) });
        break;
      }
      case 'set':
        m.flags.add(op.flag);
        f.setFlag(op.flag);
        break;
      case 'enable':
        if (op.on) m.enables.add(op.word);
        else m.enables.delete(op.word);
        if (op.on) f.enable(op.word);
        else f.disable(op.word);
        break;
      case 'group':
        f.group(`grp${k}`, () => buildElseFlow(f, op.body, m));
        break;
    }
  }
}

describe('else', () => {
  it('an else body runs exactly when its condition is false', () => {
    fc.assert(
      fc.property(elseOps, fc.subarray([...WORDS]), fc.constantFrom('p1', 'p2', 'p3'), (ops, enable, job) => {
        const f = new Program().flow('sort1');
        const m: ElseModel = { enables: new Set(enable), flags: new Set(), job, failed: [], expected: [], n: 0 };
        buildElseFlow(f, ops, m);
        const ast = f.ast();
        // Binning would stop the run; here every construct must be reached.
        const logs = summarizeRun(runFlow(ast, { enable, job, failedTestIds: m.failed, evaluateSetResult: false })).logs;
        for (const [then, other, thenRuns] of m.expected) {
          expect(logs.includes(then), `${then} in ${logs.join(' ')}`).toBe(thenRuns);
          expect(logs.includes(other), `${other} in ${logs.join(' ')}`).toBe(!thenRuns);
        }
      }),
      runs(300),
    );
  });
});

describe('Condition speed-ups', () => {
  it('give the same tree as the reference algorithm on generated flows', () => {
    fc.assert(
      fc.property(opsArbitrary, (ops) => {
        const pre = new PreCleaner().run(buildFlow(ops).raw());
        expect(toSexp(new Condition().run(pre))).toBe(toSexp(new Condition({ fast: false }).run(pre)));
      }),
      runs(400),
    );
  });

  it('give the same tree on long runs of repeated inline conditions', () => {
    const cond = fc.record({
      ifJob: fc.option(fc.constantFrom('p1', 'p2'), { freq: 1 }),
      ifEnable: fc.option(fc.constantFrom('a', 'b'), { freq: 2 }),
      ifFlag: fc.option(fc.constantFrom('x'), { freq: 2 }),
      group: fc.option(fc.constantFrom('g'), { freq: 3 }),
    });
    fc.assert(
      fc.property(fc.array(cond, { maxLength: 40 }), (list) => {
        const f = new Program().flow('f');
        list.forEach((c, i) => f.test(`t${i}`, Object.fromEntries(Object.entries(c).filter(([, v]) => v !== null))));
        const pre = new PreCleaner().run(f.raw());
        expect(toSexp(new Condition().run(pre))).toBe(toSexp(new Condition({ fast: false }).run(pre)));
      }),
      runs(400),
    );
  });
});
