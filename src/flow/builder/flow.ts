/**
 * Flow: the builder of one test flow. Its methods append nodes to the flow's AST as you call them;
 * block forms (groups, condition blocks, on_fail/on_pass blocks) put what their block builds inside
 * the new node. `raw()` is the AST as built; `ast(options)` validates and optimizes it.
 *
 *   const f = new Program().flow('sort1');
 *   f.test('test1', { id: 't1', bin: 5 });
 *   f.ifEnable('bitmap', () => f.test('test2', { ifFailed: 't1' }));
 *   f.raw();   // (flow (name "sort1") (test ...) (if_enabled "bitmap" (if_failed "t1" (test ...))))
 *
 * The method and option names are the reference's in camelCase; the semantics (wrapping order of
 * inline conditions, child order, metadata stacks, `context: 'current'`) follow the reference.
 */
import { CONDITION_KEY_TYPES } from '../conditions.js';
import { isPlainObject } from '../equality.js';
import { FlowError } from '../errors.js';
import { NodeMeta, nextMetaId } from '../meta.js';
import { Node, isNode } from '../node.js';
import type { Child } from '../node.js';
import { processFlow } from '../pipeline.js';
import type { AstOptions } from '../pipeline.js';
import { formatDatalog } from '../formatters/datalog.js';
import type { RunOptions } from '../runner/options.js';
import { present } from '../truthy.js';
import { setResultDraft, actionChildren } from './actions.js';
import { contextOf, extractConditions, sameContext } from './conditions.js';
import type { ConditionList } from './conditions.js';
import { Draft } from './draft.js';
import type { DraftChild } from './draft.js';
import type {
  BinOptions,
  Block,
  ConditionArg,
  GroupOptions,
  LoopOptions,
  MetaOptions,
  StatementOptions,
  SubFlowOptions,
  TestOptions,
} from './options.js';
import { testChildren } from './test-node.js';

/** The program a flow belongs to (only its type matters here). */
export interface FlowProgram {
  flow(name: string, options?: MetaOptions): Flow;
}

type Options = Record<string, unknown>;

/** Ruby's `to_s`: nil is the empty string. */
function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Read an option and mark it used (set, not deleted: deleting keys makes objects slow). */
function take(o: Options, key: string): unknown {
  const v = o[key];
  if (v !== undefined) o[key] = undefined;
  return v;
}

export class Flow {
  readonly program: FlowProgram;
  readonly name: string;

  /** Open containers, innermost last; the bottom one is the `flow` node. */
  private readonly pipeline: Draft[];
  private readonly metaStack: Array<{ file?: string; lineNumber?: number; description?: string }> = [];
  /** Conditions of the calls and blocks currently open (for `contextChanged`). */
  private readonly openConditions: ConditionList[] = [];
  private lastConditions: Map<string, string> = new Map();
  /** The container the last non-condition node went into (for `context: 'current'`). */
  private lastAppend: Draft | undefined;
  private readonly describedBins = { hard: new Set<unknown>(), soft: new Set<unknown>() };

  constructor(program: FlowProgram, name: string, options: MetaOptions = {}) {
    this.program = program;
    this.name = name;
    const o: Options = { ...options };
    this.pipeline = this.withMeta(o, () => [this.draft('flow', [this.draft('name', [name])])]);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading the flow

  /** The unprocessed AST as built so far; blocks still open appear at the end of their parent. */
  raw(): Node {
    let node: Node | undefined;
    for (let i = this.pipeline.length - 1; i >= 0; i--) node = this.pipeline[i]!.toNode(node ? [node] : []);
    return node!;
  }

  /** The validated, processed AST (see `processFlow` for the options; none means all defaults). */
  ast(options: AstOptions = {}): Node {
    return processFlow(this.raw(), this.name, options);
  }

  /** Every `(id X)` value in the raw AST, in pre-order, as written (not cleaned), duplicates kept. */
  ids(): unknown[] {
    return this.raw()
      .findAll('id', { recursive: true })
      .map((n) => n.value);
  }

  /** Dry-run the processed flow and return its datalog text (the reference prints it instead). */
  run(options: RunOptions = {}): string {
    return formatDatalog(this.ast(), options);
  }

  /**
   * True if the conditions that would apply to a test built now (open blocks plus the condition keys
   * in `options`) differ from those that applied to the last test built.
   */
  contextChanged(options: StatementOptions = {}): boolean {
    const current = contextOf([...this.openConditions, extractConditions({ ...options }, false)]);
    return !sameContext(this.lastConditions, current);
  }

  // ---------------------------------------------------------------------------------------------
  // Tests and results

  test(instance: unknown, options: TestOptions = {}): void {
    const o: Options = { ...options };
    this.withMeta(o, () => this.applyConditions(o, () => this.testDraft(instance, o)));
  }

  /** Build a test exactly as `test` does, but return it as a `sub_test` node instead of appending it. */
  subTest(instance: unknown, options: TestOptions = {}): Node {
    const temp = this.appendTo(this.draft('temp'), () => this.test(instance, options));
    const first = temp.children[0];
    if (!(first instanceof Draft)) throw new FlowError('subTest built nothing');
    return first.toNode().updated('sub_test');
  }

  /** Append `(set_result "fail" (bin N) ...)`. */
  bin(number: number, options: BinOptions = {}): void {
    if (isPlainObject(number)) throw new FlowError('The bin number must be passed as the first argument');
    const o: Options = { ...options };
    // The description describes the bin, so it is taken before it could become metadata.
    if (!present(o.binDescription)) o.binDescription = take(o, 'description');
    this.withMeta(o, () =>
      this.applyConditions(o, () =>
        setResultDraft(present(o.type) ? o.type : 'fail', {
          bin: number,
          softbin: [o.softbin, o.softBin, o.sbin].find((v) => present(v)),
          binDescription: o.binDescription,
          softbinDescription: o.softbinDescription,
          binAttrs: o.binAttrs,
        }, this.mk),
      ),
    );
  }

  /** Append `(set_result "pass" (bin N) ...)`. */
  pass(number: number, options: BinOptions = {}): void {
    if (isPlainObject(number)) throw new FlowError('The bin number must be passed as the first argument');
    this.bin(number, { ...options, type: 'pass' });
  }

  /** Append `(cz SETUP (test ...))`; the options' conditions wrap the cz, the rest go to the test. */
  cz(instance: unknown, setup: unknown, options: TestOptions = {}): void {
    const o: Options = { ...options };
    this.withMeta(o, () =>
      this.applyConditions(o, () =>
        this.appendTo(this.draft('cz', [setup as Child]), () => this.test(instance, o as TestOptions)),
      ),
    );
  }

  /** Alias of `cz`. */
  characterize(instance: unknown, setup: unknown, options: TestOptions = {}): void {
    this.cz(instance, setup, options);
  }

  // ---------------------------------------------------------------------------------------------
  // Groups, loops, sub-flows

  /** Append `(group (name N) [(id)] [(on_fail)] [(on_pass)] ...what the block builds)`. */
  group(name: string, block?: Block): void;
  group(name: string, options: GroupOptions, block?: Block): void;
  group(name: string, optionsOrBlock?: GroupOptions | Block, maybeBlock?: Block): void {
    const block = typeof optionsOrBlock === 'function' ? optionsOrBlock : maybeBlock;
    const o: Options = { ...(typeof optionsOrBlock === 'object' ? optionsOrBlock : {}) };
    this.withMeta(o, () =>
      this.applyConditions(o, () => {
        const children: DraftChild[] = [this.draft('name', [text(name)])];
        if (present(o.id)) children.push(this.draft('id', [o.id as Child]));
        const onFail = this.branch('on_fail', o.onFail);
        if (onFail) children.push(onFail);
        const onPass = this.branch('on_pass', o.onPass);
        if (onPass) children.push(onPass);
        return this.appendTo(this.draft('group', children), block);
      }),
    );
  }

  /** Append `(loop FROM TO STEP VAR ...what the block builds)`. */
  loop(options: LoopOptions, block?: Block): void {
    const o: Options = { ...options };
    if (!(Object.hasOwn(o, 'from') && Object.hasOwn(o, 'to') && Object.hasOwn(o, 'step'))) {
      throw new FlowError('Loop must specify :from, :to, :step');
    }
    const params = [take(o, 'from'), take(o, 'to'), take(o, 'step'), take(o, 'var')].map((v) => v ?? null);
    this.withMeta(o, () => this.applyConditions(o, () => this.appendTo(this.draft('loop', params as Child[]), block)));
  }

  /** Append another flow's AST (e.g. `other.raw()`) as `(sub_flow (name N) [(path P)] ...)`. */
  subFlow(flowNode: Node, options: SubFlowOptions = {}): void {
    const o: Options = { ...options };
    const [name, ...rest] = flowNode.children;
    const children: DraftChild[] = present(o.path) ? [name, this.draft('path', [o.path as Child]), ...rest] : [name, ...rest];
    this.applyConditions(o, () => new Draft('sub_flow', children, flowNode.meta));
  }

  // ---------------------------------------------------------------------------------------------
  // Simple statements

  log(message: unknown, options: StatementOptions = {}): void {
    this.statement('log', [text(message)], options);
  }

  render(str: unknown, options: StatementOptions = {}): void {
    this.statement('render', [str as Child], options);
  }

  /** A statement: turn the flow enable word on at run time (`enable:` as an option is a condition). */
  enable(name: string, options: StatementOptions = {}): void {
    this.statement('enable', [name], options);
  }

  /** A statement: turn the flow enable word off at run time. */
  disable(name: string, options: StatementOptions = {}): void {
    this.statement('disable', [name], options);
  }

  setFlag(flag: string, options: StatementOptions = {}): void {
    this.statement('set_flag', [flag], options);
  }

  set(variable: unknown, value: unknown, options: StatementOptions = {}): void {
    this.statement('set', [variable as Child, value as Child], options);
  }

  /** `(continue)`, meant for an on_fail block: a failure here does not bin the unit. */
  continue(options: StatementOptions = {}): void {
    this.statement('continue', [], options);
  }

  // ---------------------------------------------------------------------------------------------
  // Flow-level declarations

  /** Declare flags volatile (optimizers leave conditions on them alone); repeated calls merge. */
  volatile(...flags: Array<string | readonly string[] | Options>): void {
    if (isPlainObject(flags.at(-1))) flags.pop();
    const names = flags.flat() as unknown[];
    const root = this.pipeline[0]!;
    const found = root.children[1];
    let container: Draft;
    if (found instanceof Draft && found.type === 'volatile') container = found;
    else {
      container = this.draft('volatile');
      root.children.splice(1, 0, container);
    }
    const existing: unknown[] = container.children.map((f) => (f instanceof Draft && f.type === 'flag' ? f.children[0] : undefined));
    for (const flag of names) if (!existing.includes(flag)) container.children.push(this.draft('flag', [flag as Child]));
  }

  /** Record a hard bin's description (the first description of a number is kept). */
  describeBin(number: number, description: string): void {
    this.addBinDescription('hard', number, description);
  }

  /** Record a soft bin's description (the first description of a number is kept). */
  describeSoftBin(number: number, description: string): void {
    this.addBinDescription('soft', number, description);
  }

  /** Alias of `describeSoftBin`. */
  describeSoftbin(number: number, description: string): void {
    this.addBinDescription('soft', number, description);
  }

  // ---------------------------------------------------------------------------------------------
  // Relational expressions (returned, not appended), for `whenever*`

  eq(...args: unknown[]): Node {
    return this.relation('eq', args);
  }
  ne(...args: unknown[]): Node {
    return this.relation('ne', args);
  }
  lt(...args: unknown[]): Node {
    return this.relation('lt', args);
  }
  le(...args: unknown[]): Node {
    return this.relation('le', args);
  }
  gt(...args: unknown[]): Node {
    return this.relation('gt', args);
  }
  ge(...args: unknown[]): Node {
    return this.relation('ge', args);
  }

  // ---------------------------------------------------------------------------------------------
  // Condition methods: `method(value..., options?, block?)`. With a block, what it builds goes inside
  // `(TYPE VALUE ...)`; without one, `{then, else}` blocks give `(TYPE VALUE ...then (else ...else))`.

  ifEnabled(...args: ConditionArg[]): void {
    this.conditionMethod('if_enabled', args);
  }
  ifEnable(...args: ConditionArg[]): void {
    this.conditionMethod('if_enabled', args);
  }
  enabled(...args: ConditionArg[]): void {
    this.conditionMethod('if_enabled', args);
  }
  enableFlag(...args: ConditionArg[]): void {
    this.conditionMethod('if_enabled', args);
  }
  unlessEnabled(...args: ConditionArg[]): void {
    this.conditionMethod('unless_enabled', args);
  }
  notEnabled(...args: ConditionArg[]): void {
    this.conditionMethod('unless_enabled', args);
  }
  disabled(...args: ConditionArg[]): void {
    this.conditionMethod('unless_enabled', args);
  }
  unlessEnable(...args: ConditionArg[]): void {
    this.conditionMethod('unless_enabled', args);
  }
  ifFailed(...args: ConditionArg[]): void {
    this.conditionMethod('if_failed', args);
  }
  unlessPassed(...args: ConditionArg[]): void {
    this.conditionMethod('if_failed', args);
  }
  failed(...args: ConditionArg[]): void {
    this.conditionMethod('if_failed', args);
  }
  ifPassed(...args: ConditionArg[]): void {
    this.conditionMethod('if_passed', args);
  }
  unlessFailed(...args: ConditionArg[]): void {
    this.conditionMethod('if_passed', args);
  }
  passed(...args: ConditionArg[]): void {
    this.conditionMethod('if_passed', args);
  }
  ifAnyFailed(...args: ConditionArg[]): void {
    this.conditionMethod('if_any_failed', args);
  }
  unlessAllPassed(...args: ConditionArg[]): void {
    this.conditionMethod('if_any_failed', args);
  }
  ifAllFailed(...args: ConditionArg[]): void {
    this.conditionMethod('if_all_failed', args);
  }
  unlessAnyPassed(...args: ConditionArg[]): void {
    this.conditionMethod('if_all_failed', args);
  }
  ifAnyPassed(...args: ConditionArg[]): void {
    this.conditionMethod('if_any_passed', args);
  }
  unlessAllFailed(...args: ConditionArg[]): void {
    this.conditionMethod('if_any_passed', args);
  }
  ifAllPassed(...args: ConditionArg[]): void {
    this.conditionMethod('if_all_passed', args);
  }
  unlessAnyFailed(...args: ConditionArg[]): void {
    this.conditionMethod('if_all_passed', args);
  }
  ifRan(...args: ConditionArg[]): void {
    this.conditionMethod('if_ran', args);
  }
  ifExecuted(...args: ConditionArg[]): void {
    this.conditionMethod('if_ran', args);
  }
  unlessRan(...args: ConditionArg[]): void {
    this.conditionMethod('unless_ran', args);
  }
  unlessExecuted(...args: ConditionArg[]): void {
    this.conditionMethod('unless_ran', args);
  }
  ifJob(...args: ConditionArg[]): void {
    this.conditionMethod('if_job', args);
  }
  ifJobs(...args: ConditionArg[]): void {
    this.conditionMethod('if_job', args);
  }
  job(...args: ConditionArg[]): void {
    this.conditionMethod('if_job', args);
  }
  jobs(...args: ConditionArg[]): void {
    this.conditionMethod('if_job', args);
  }
  unlessJob(...args: ConditionArg[]): void {
    this.conditionMethod('unless_job', args);
  }
  unlessJobs(...args: ConditionArg[]): void {
    this.conditionMethod('unless_job', args);
  }
  ifFlag(...args: ConditionArg[]): void {
    this.conditionMethod('if_flag', args);
  }
  unlessFlag(...args: ConditionArg[]): void {
    this.conditionMethod('unless_flag', args);
  }
  /** `(whenever [expr...] ...)`: the expressions are always stored as a list. */
  whenever(...args: ConditionArg[]): void {
    const { values, options, block } = splitConditionArgs(args);
    this.flowControl('whenever', values, options, block);
  }
  wheneverAll(...args: ConditionArg[]): void {
    this.conditionMethod('whenever_all', args);
  }
  wheneverAny(...args: ConditionArg[]): void {
    this.conditionMethod('whenever_any', args);
  }

  // ---------------------------------------------------------------------------------------------
  // Machinery

  /** Make a draft carrying the metadata of the builder call in progress. */
  private draft(type: string, children: DraftChild[] = []): Draft {
    const top = this.metaStack.at(-1) ?? {};
    return new Draft(type, children, new NodeMeta({ id: nextMetaId(), ...top }));
  }

  private readonly mk = (type: string, children: DraftChild[] = []): Draft => this.draft(type, children);

  /** Run `fn` with this call's metadata (taken out of `o`) on top of the metadata stack. */
  private withMeta<T>(o: Options, fn: () => T): T {
    const entry: { file?: string; lineNumber?: number; description?: string } = {};
    const file = take(o, 'sourceFile');
    const line = take(o, 'sourceLineNumber');
    const description = take(o, 'description');
    if (present(file)) entry.file = String(file);
    if (present(line)) entry.lineNumber = Number(line);
    if (present(description)) entry.description = String(description);
    this.metaStack.push(entry);
    try {
      return fn();
    } finally {
      this.metaStack.pop();
    }
  }

  private statement(type: string, children: Child[], options: StatementOptions): void {
    const o: Options = { ...options };
    this.withMeta(o, () => this.applyConditions(o, () => this.draft(type, children)));
  }

  private testDraft(instance: unknown, o: Options): Draft {
    const children = testChildren(instance, o, this.mk, (container, block) => this.appendTo(container, block));
    // The context of this test: open blocks plus its own inline conditions.
    this.lastConditions = contextOf(this.openConditions);
    return this.draft('test', children);
  }

  /** An on_fail/on_pass given as a block or as a hash of actions (groups read no bin shorthands). */
  private branch(kind: 'on_fail' | 'on_pass', spec: unknown): Draft | undefined {
    if (typeof spec === 'function') return this.appendTo(this.draft(kind), spec as Block);
    if (isPlainObject(spec)) return this.draft(kind, actionChildren(kind, spec, this.mk));
    return undefined;
  }

  /**
   * Build a node and append it, wrapped in the inline conditions of `o` (first key innermost), or,
   * with `context: 'current'`, into the container of the last appended node.
   */
  private applyConditions(o: Options, build: () => Draft): Draft {
    if (o.context === 'current') {
      const node = build();
      const target = this.lastAppend;
      if (!target || !this.pipeline.some((p) => p.holds(target))) {
        throw new FlowError('The request to apply the current context has failed, this is likely a bug in the ATP plugin');
      }
      target.children.push(node);
      return node;
    }
    const conditions = extractConditions(o, true);
    this.openConditions.push(conditions);
    let node: Draft;
    try {
      node = build();
    } finally {
      this.openConditions.pop();
    }
    let updateLastAppend = !CONDITION_KEY_TYPES.has(node.type);
    for (const [type, value] of conditions) {
      node =
        type === 'group'
          ? this.draft('group', [this.draft('name', [text(value)]), node])
          : this.draft(type, [value as Child, node]);
      if (updateLastAppend) {
        this.lastAppend = node;
        updateLastAppend = false;
      }
    }
    this.append(node);
    return node;
  }

  private append(node: Draft): void {
    const top = this.pipeline.at(-1)!;
    if (!CONDITION_KEY_TYPES.has(node.type)) this.lastAppend = top;
    top.children.push(node);
  }

  /** Run `block` with `container` open, so what it builds lands inside; returns the container. */
  private appendTo(container: Draft, block: Block | undefined): Draft {
    this.pipeline.push(container);
    try {
      block?.();
    } finally {
      this.pipeline.pop();
    }
    return container;
  }

  private conditionMethod(type: string, args: ConditionArg[]): void {
    const { values, options, block } = splitConditionArgs(args);
    const value = values.length === 1 ? values[0] : values;
    if (present(options.or)) {
      // Legacy OrigenTesters switch: run the block in the current context, with no wrapper.
      if (!block) throw new FlowError(`The or: option of ${type} needs a block`);
      block();
      return;
    }
    this.flowControl(type, value, options, block);
  }

  private flowControl(type: string, value: unknown, options: Options, block: Block | undefined): void {
    this.withMeta(options, () => {
      if (Array.isArray(value)) {
        if (type === 'if_passed') {
          throw new FlowError('if_passed only accepts one ID, use if_any_passed or if_all_passed for multiple IDs');
        }
        if (type === 'if_failed') {
          throw new FlowError('if_failed only accepts one ID, use if_any_failed or if_all_failed for multiple IDs');
        }
      }
      this.applyConditions(options, () => {
        const node = this.draft(type, [value as Child]);
        if (block) {
          this.openConditions.push([[type, value]]);
          try {
            this.appendTo(node, block);
          } finally {
            this.openConditions.pop();
          }
          return node;
        }
        const thenBlock = options.then;
        const elseBlock = options.else;
        if (typeof thenBlock !== 'function' && typeof elseBlock !== 'function') {
          throw new FlowError(`You must supply a :then or :else option when calling ${type} like this!`);
        }
        if (typeof thenBlock === 'function') this.appendTo(node, thenBlock as Block);
        if (typeof elseBlock === 'function') node.children.push(this.appendTo(this.draft('else'), elseBlock as Block));
        return node;
      });
    });
  }

  private relation(op: string, args: unknown[]): Node {
    const operands = isPlainObject(args.at(-1)) ? args.slice(0, -1) : args;
    if (operands.length !== 2) {
      throw new FlowError("Format for relational operation must match: ':<opertor>(var1, var2)'");
    }
    return this.draft(op, operands as Child[]).toNode();
  }

  private addBinDescription(kind: 'hard' | 'soft', number: number, description: string): void {
    const seen = this.describedBins[kind];
    if (seen.has(number)) return;
    seen.add(number);
    const root = this.pipeline[0]!;
    let at = 1;
    if (root.children[at] instanceof Draft && (root.children[at] as Draft).type === 'volatile') at++;
    let d = root.children[at];
    if (!(d instanceof Draft && d.type === 'bin_descriptions')) {
      d = this.draft('bin_descriptions');
      root.children.splice(at, 0, d);
    }
    (d as Draft).children.push(this.draft(kind, [number, description]));
  }
}

/** Split `(value..., options?, block?)` condition-method arguments. */
function splitConditionArgs(args: readonly ConditionArg[]): { values: unknown[]; options: Options; block: Block | undefined } {
  const rest = [...args];
  const block = typeof rest.at(-1) === 'function' ? (rest.pop() as Block) : undefined;
  const last = rest.at(-1);
  const options: Options = isPlainObject(last) && !isNode(last) ? { ...(rest.pop() as Options) } : {};
  return { values: rest.map((v) => (Array.isArray(v) ? [...(v as unknown[])] : v)), options, block };
}
