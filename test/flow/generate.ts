// Random flows for property tests: a small language of builder calls (tests with bins, branches and
// inline conditions, groups, condition blocks with then/else, result references to earlier IDs, logs,
// flags, enables, bins), replayed on a Flow. Generated programs respect the validators' rules: IDs are
// unique, references point to IDs defined earlier, and an if/unless flag (or job) is never nested in
// its opposite.
import fc from 'fast-check';
import { Program } from '../../src/flow/index.js';
import type { Flow, TestOptions } from '../../src/flow/index.js';

export const WORDS = ['e1', 'e2', 'e3'] as const;
export const FLAGS = ['f1', 'f2'] as const;
export const JOBS = ['p1', 'p2', 'P3'] as const;
const GROUPS = ['g1', 'g2', 'g3'] as const;
const REF_KINDS = ['ifFailed', 'ifPassed', 'ifRan', 'unlessRan', 'ifAnyFailed', 'ifAllFailed', 'ifAnyPassed', 'ifAllPassed'] as const;
const BLOCK_KINDS = ['ifEnable', 'unlessEnable', 'ifFlag', 'unlessFlag', 'ifJob', 'unlessJob'] as const;

type BlockKind = (typeof BLOCK_KINDS)[number];
type RefKind = (typeof REF_KINDS)[number];

export interface Cond {
  kind: BlockKind | 'ifFailed' | 'ifPassed';
  value: string;
  pick: number;
}

export type Op =
  | { k: 'test'; conds: Cond[]; id: boolean; bin: number | null; softbin: number | null; cont: boolean; flagFail: string | null; onFail: Op[] | null; onPass: Op[] | null }
  | { k: 'group'; name: string; id: boolean; conds: Cond[]; cont: boolean; body: Op[] }
  | { k: 'block'; kind: BlockKind; value: string | string[]; body: Op[]; orElse: Op[] | null }
  | { k: 'ref'; kind: RefKind; picks: number[]; body: Op[]; orElse: Op[] | null }
  | { k: 'log' }
  | { k: 'setFlag'; flag: string }
  | { k: 'enable'; word: string; on: boolean }
  | { k: 'bin'; n: number; pass: boolean; conds: Cond[] };

const cond: fc.Arbitrary<Cond> = fc.record({
  kind: fc.constantFrom(...BLOCK_KINDS, 'ifFailed', 'ifPassed'),
  value: fc.constantFrom(...WORDS, ...FLAGS, ...JOBS),
  pick: fc.nat(20),
});
const conds = fc.array(cond, { maxLength: 2 });
const blockValue = (kind: BlockKind): fc.Arbitrary<string | string[]> => {
  const pool = kind.endsWith('Job') ? JOBS : kind.endsWith('Flag') ? FLAGS : WORDS;
  return fc.oneof(fc.constantFrom(...pool), fc.uniqueArray(fc.constantFrom(...pool), { minLength: 2, maxLength: 2 }));
};

export const opsArbitrary: fc.Arbitrary<Op[]> = fc.letrec<{ ops: Op[]; op: Op }>((tie) => {
  const body = tie('ops');
  const leaf: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ k: fc.constant('log' as const) }),
    fc.record({ k: fc.constant('setFlag' as const), flag: fc.constantFrom(...FLAGS) }),
    fc.record({ k: fc.constant('enable' as const), word: fc.constantFrom(...WORDS), on: fc.boolean() }),
    fc.record({ k: fc.constant('bin' as const), n: fc.integer({ min: 1, max: 9 }), pass: fc.boolean(), conds }),
  );
  const test = fc.record({
    k: fc.constant('test' as const),
    conds,
    id: fc.boolean(),
    bin: fc.option(fc.integer({ min: 1, max: 9 })),
    softbin: fc.option(fc.integer({ min: 10, max: 99 })),
    cont: fc.boolean(),
    flagFail: fc.option(fc.constantFrom(...FLAGS)),
    onFail: fc.option(body, { freq: 4 }),
    onPass: fc.option(body, { freq: 4 }),
  }) as fc.Arbitrary<Op>;
  const group: fc.Arbitrary<Op> = fc.record({
    k: fc.constant('group' as const),
    name: fc.constantFrom(...GROUPS),
    id: fc.boolean(),
    conds,
    cont: fc.boolean(),
    body,
  });
  const block: fc.Arbitrary<Op> = fc
    .constantFrom(...BLOCK_KINDS)
    .chain((kind) => fc.record({ k: fc.constant('block' as const), kind: fc.constant(kind), value: blockValue(kind), body, orElse: fc.option(body, { freq: 2 }) }) as fc.Arbitrary<Op>);
  const ref = fc.record({
    k: fc.constant('ref' as const),
    kind: fc.constantFrom(...REF_KINDS),
    picks: fc.array(fc.nat(20), { minLength: 1, maxLength: 2 }),
    body,
    orElse: fc.option(body, { freq: 2 }),
  }) as fc.Arbitrary<Op>;
  return {
    ops: fc.array(tie('op'), { maxLength: 5 }),
    op: fc.oneof({ depthSize: 'small', maxDepth: 3 }, leaf, test, test, group, block, ref),
  };
}).ops;

/** Build state: IDs defined so far and the polarity of open flag/job conditions. */
interface Ctx {
  /** Give every group its own name (Condition merges and dissolves groups by name). */
  distinctGroups: boolean;
  /** Use then/else blocks (else only then-blocks otherwise). */
  withElse: boolean;
  /** Condition blocks on one value only (a list is never volatile). */
  scalarBlocks: boolean;
  count: number;
  ids: string[];
  flags: Map<string, 'if' | 'unless'>;
  job: 'if' | 'unless' | undefined;
}

/** Make `kind` agree with the open conditions on the same flag (or any job), then record it open. */
function settle(kind: BlockKind, value: string | string[], ctx: Ctx): { kind: BlockKind; undo: () => void } {
  if (kind === 'ifJob' || kind === 'unlessJob') {
    const want = ctx.job ?? (kind === 'ifJob' ? 'if' : 'unless');
    const before = ctx.job;
    ctx.job = want;
    return { kind: want === 'if' ? 'ifJob' : 'unlessJob', undo: () => (ctx.job = before) };
  }
  if (kind === 'ifFlag' || kind === 'unlessFlag') {
    // The validator compares whole values: a list of flags is its own key.
    const key = Array.isArray(value) ? JSON.stringify(value) : value;
    const before = ctx.flags.get(key);
    const fixed = before ?? (kind === 'ifFlag' ? 'if' : 'unless');
    ctx.flags.set(key, fixed);
    return {
      kind: fixed === 'if' ? 'ifFlag' : 'unlessFlag',
      undo: () => {
        if (before === undefined) ctx.flags.delete(key);
        else ctx.flags.set(key, before);
      },
    };
  }
  return { kind, undo: () => {} };
}

function pick(ctx: Ctx, i: number): string | undefined {
  return ctx.ids.length === 0 ? undefined : ctx.ids[i % ctx.ids.length];
}

/** Turn generated inline conditions into builder options; returns the undo of their open state. */
function inline(conds: Cond[], ctx: Ctx): { options: Record<string, unknown>; undo: () => void } {
  const options: Record<string, unknown> = {};
  const undos: Array<() => void> = [];
  for (const c of conds) {
    if (c.kind === 'ifFailed' || c.kind === 'ifPassed') {
      const id = pick(ctx, c.pick);
      if (id !== undefined && !(c.kind in options)) options[c.kind] = id;
      continue;
    }
    const pool = c.kind.endsWith('Job') ? JOBS : c.kind.endsWith('Flag') ? FLAGS : WORDS;
    const value = (pool as readonly string[]).includes(c.value) ? c.value : pool[0];
    const s = settle(c.kind, value, ctx);
    // Keys map to node types; two keys of one type would need equal values.
    if (Object.keys(options).some((k) => k === s.kind)) {
      s.undo();
      continue;
    }
    options[s.kind] = value;
    undos.push(s.undo);
  }
  return { options, undo: () => undos.reverse().forEach((u) => u()) };
}

function apply(f: Flow, ops: readonly Op[], ctx: Ctx): void {
  for (const op of ops) {
    switch (op.k) {
      case 'log':
        f.log(`log${ctx.count++}`);
        break;
      case 'setFlag':
        f.setFlag(op.flag);
        break;
      case 'enable':
        if (op.on) f.enable(op.word);
        else f.disable(op.word);
        break;
      case 'bin': {
        const { options, undo } = inline(op.conds, ctx);
        if (op.pass) f.pass(op.n, options);
        else f.bin(op.n, options);
        undo();
        break;
      }
      case 'test': {
        const n = ctx.count++;
        const { options, undo } = inline(op.conds, ctx);
        const o: TestOptions = { ...options };
        if (op.id) {
          o.id = `i${n}`;
          ctx.ids.push(o.id);
        }
        if (op.bin !== null) o.bin = op.bin;
        if (op.softbin !== null) o.softbin = op.softbin;
        if (op.cont) o.continue = true;
        if (op.flagFail !== null) o.flagFail = op.flagFail;
        const onFail = op.onFail;
        const onPass = op.onPass;
        if (onFail) o.onFail = () => apply(f, onFail, ctx);
        if (onPass) o.onPass = () => apply(f, onPass, ctx);
        f.test(`T${n}`, o);
        undo();
        break;
      }
      case 'group': {
        const { options, undo } = inline(op.conds, ctx);
        const o: Record<string, unknown> = { ...options };
        if (op.id) {
          o.id = `i${ctx.count++}`;
          ctx.ids.push(o.id as string);
        }
        if (op.cont) o.onFail = { continue: true };
        f.group(ctx.distinctGroups ? `${op.name}_${ctx.count++}` : op.name, o, () => apply(f, op.body, ctx));
        undo();
        break;
      }
      case 'block': {
        const value = ctx.scalarBlocks && Array.isArray(op.value) ? op.value[0]! : op.value;
        const s = settle(op.kind, value, ctx);
        const then = () => apply(f, op.body, ctx);
        if (op.orElse && ctx.withElse) {
          const orElse = op.orElse;
          f[s.kind](value, { then, else: () => apply(f, orElse, ctx) });
        } else f[s.kind](value, then);
        s.undo();
        break;
      }
      case 'ref': {
        const ids = [...new Set(op.picks.map((p) => pick(ctx, p)).filter((x): x is string => x !== undefined))];
        if (ids.length === 0) {
          apply(f, op.body, ctx);
          break;
        }
        const single = op.kind === 'ifFailed' || op.kind === 'ifPassed' || op.kind === 'ifRan' || op.kind === 'unlessRan';
        const value = single ? ids[0]! : ids;
        const then = () => apply(f, op.body, ctx);
        if (op.orElse && ctx.withElse) {
          const orElse = op.orElse;
          f[op.kind](value, { then, else: () => apply(f, orElse, ctx) });
        } else f[op.kind](value, then);
        break;
      }
    }
  }
}

/** Replay generated ops on a fresh flow. */
export function buildFlow(
  ops: readonly Op[],
  options: { distinctGroups?: boolean; withElse?: boolean; scalarBlocks?: boolean } = {},
): Flow {
  const f = new Program().flow('sort1');
  const ctx: Ctx = {
    distinctGroups: options.distinctGroups ?? false,
    withElse: options.withElse ?? true,
    scalarBlocks: options.scalarBlocks ?? false,
    count: 1,
    ids: [],
    flags: new Map(),
    job: undefined,
  };
  apply(f, ops, ctx);
  return f;
}

/** A dry run's conditions: enable words, a job, and a seed to pick assumed failures. */
export const runConditions = fc.record({
  enable: fc.subarray([...WORDS]),
  job: fc.constantFrom('p1', 'P2', 'p3'),
  failMask: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
});
