/**
 * The flow interpreter: one walk of a processed flow AST that both dry-runs a flow and executes it
 * live. It is a generator: each time a test must run it yields a `TestStep` and waits to be told the
 * outcome, so the caller decides how tests run (look the ID up in a list of assumed failures, or call
 * a device and await it). When the walk ends it returns the executed flow: only what ran, in run
 * order, failing tests marked `(failed)`, ending at the first binning `set_result`.
 *
 *   const walk = interpretFlow(ast, { enable: 'bitmap' });
 *   let step = walk.next();
 *   while (!step.done) step = walk.next({ failed: step.value.context.id === 't2' });
 *   step.value;   // (flow (name "sort1") (test ... (id "t1")) (test ... (id "t2") (failed)) (set_result "fail"))
 *
 * Semantics are the reference Runner's (the flow is first given IDs and default fail results), with
 * its quirks fixed: an `else` runs exactly when its condition is false (including an else that
 * FlagOptimizer moved into a branch, which runs on the opposite outcome); a `(continue)` in a test's
 * on_fail suppresses the test's own bins, those written before it in the branch (what follows it was
 * moved in by FlagOptimizer from after the test; nested tests follow their own branches); every
 * enclosing group learns of a failure; the continue
 * state is restored after a group's on_fail; a sub-flow's name is not output; nothing runs once the
 * unit is binned; result conditions left unconverted are evaluated against the tests that ran.
 */
import { FlowError } from '../errors.js';
import { isPlainObject } from '../equality.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { AddIds } from '../processors/add-ids.js';
import { AddSetResult } from '../processors/add-set-result.js';
import type { EvaluateOptions, TestContext, TestOutcome, TestStep } from './options.js';

/** The interpreter as a generator of test steps; its return value is the executed flow. */
export type FlowWalk = Generator<TestStep, Node, TestOutcome | undefined>;

type Outcome = 'passed' | 'failed';

export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? [...(value as readonly string[])] : [value as string]).map(String);
}

function valueList(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

/** A test's display name: its name, else its object (a hash's `Test`). */
export function testName(test: Node): string {
  const name = test.find('name');
  if (name) return String(name.value);
  const o = test.find('object')?.value;
  if (typeof o === 'string') return o;
  if (isPlainObject(o)) return String(o.Test ?? o.name ?? '');
  if (typeof o === 'object' && o !== null && 'name' in o) return String((o as { name: unknown }).name);
  return o === null || o === undefined ? '' : String(o);
}

function isElse(c: Child): c is Node {
  return c instanceof Node && c.type === 'else';
}

/**
 * The flow with IDs and default fail results, as the runner needs it. Nodes are immutable, so it is
 * kept per AST: a batch interprets the same flow once per unit.
 */
const preparedFlows = new WeakMap<Node, Node>();
function prepare(ast: Node): Node {
  let prepared = preparedFlows.get(ast);
  if (!prepared) {
    prepared = new AddSetResult().run(new AddIds().run(ast));
    preparedFlows.set(ast, prepared);
  }
  return prepared;
}

/** Walk `ast` (normally `flow.ast()`); see the module comment. */
export function interpretFlow(ast: Node, options: EvaluateOptions = {}): FlowWalk {
  return new Walk(options).flow(prepare(ast));
}

class Walk {
  private readonly flags = new Set<string>();
  private readonly enables: Set<string>;
  private readonly job: string | undefined;
  private readonly evaluateEnables: boolean;
  private readonly evaluateFlags: boolean;
  private readonly evaluateSetResult: boolean;
  private completed = false;
  /** True while failures must not bin (inside a group whose on_fail continues). */
  private continuing = false;
  /** True inside the own actions of a failed test whose on_fail continues (outside nested tests). */
  private branchContinues = false;
  private readonly containers: Child[][] = [];
  /** One marker per open group: set when any test inside it fails. */
  private readonly groupMarkers: Array<{ failed: boolean }> = [];
  private readonly groupNames: string[] = [];
  /** Outcome of every test and group that ran, by ID. */
  private readonly outcomes = new Map<string, Outcome>();

  constructor(options: EvaluateOptions) {
    this.enables = new Set(asList(options.enable ?? options.enables));
    this.job = options.job === undefined || options.job === null ? undefined : String(options.job).toUpperCase();
    this.evaluateEnables = options.evaluateEnables ?? true;
    this.evaluateFlags = options.evaluateFlags ?? true;
    this.evaluateSetResult = options.evaluateSetResult ?? true;
  }

  *flow(node: Node): FlowWalk {
    const out = yield* this.collect(node.children);
    return node.updated(undefined, out);
  }

  /** Visit children into a fresh output container and return what it collected. */
  private *collect(children: readonly Child[]): Generator<TestStep, Child[], TestOutcome | undefined> {
    const container: Child[] = [];
    this.containers.push(container);
    for (const c of children) yield* this.visit(c);
    this.containers.pop();
    return container;
  }

  private output(node: Node): void {
    this.containers.at(-1)!.push(node);
  }

  private *visit(child: Child): Generator<TestStep, void, TestOutcome | undefined> {
    if (!(child instanceof Node)) return;
    const n = child;
    switch (n.type) {
      case 'name':
        this.output(n);
        return;
      case 'test':
        return yield* this.test(n);
      case 'group':
        return yield* this.group(n);
      case 'if_flag':
      case 'unless_flag':
        return yield* this.condition(n, this.evaluateFlags, this.anyOf(n, this.flags));
      case 'if_enabled':
      case 'unless_enabled':
        return yield* this.condition(n, this.evaluateEnables, this.anyOf(n, this.enables));
      case 'if_job':
      case 'unless_job': {
        if (this.job === undefined) throw new FlowError('Flow contains JOB-based conditions and no current JOB has been given!');
        const listed = valueList(n.children[0]).some((j) => String(j).toUpperCase() === this.job);
        return yield* this.condition(n, true, n.type === 'if_job' ? listed : !listed);
      }
      case 'if_failed':
      case 'if_passed':
      case 'if_any_failed':
      case 'if_all_failed':
      case 'if_any_passed':
      case 'if_all_passed':
      case 'if_ran':
      case 'unless_ran':
        return yield* this.condition(n, true, this.resultCondition(n));
      case 'set_result':
        if (this.continuing || this.branchContinues) return;
        if (!this.completed) this.output(n);
        if (this.evaluateSetResult) this.completed = true;
        return;
      case 'set_flag':
        this.flags.add(String(n.value));
        return;
      case 'enable':
        this.enables.add(String(n.value));
        return;
      case 'disable':
        this.enables.delete(String(n.value));
        return;
      case 'log':
      case 'render':
        if (!this.completed) this.output(n);
        return;
      case 'sub_flow':
        // Its contents run in place; its name and path are not output.
        for (const c of n.children) {
          if (!(c instanceof Node && (c.type === 'name' || c.type === 'path'))) yield* this.visit(c);
        }
        return;
      default:
        // Everything else (cz, loop, whenever*, else, set, ...) is transparent: its contents run once.
        for (const c of n.children) yield* this.visit(c);
    }
  }

  /** `if_*`: active when any of the named values is in `set`; `unless_*`: when none is. */
  private anyOf(n: Node, set: ReadonlySet<string>): boolean {
    const active = valueList(n.children[0]).some((v) => set.has(String(v)));
    return n.type.startsWith('if_') ? active : !active;
  }

  private resultCondition(n: Node): boolean {
    const ids = valueList(n.children[0]).map(String);
    const is = (id: string, outcome: Outcome): boolean => this.outcomes.get(id) === outcome;
    switch (n.type) {
      case 'if_failed':
      case 'if_any_failed':
        return ids.some((id) => is(id, 'failed'));
      case 'if_all_failed':
        return ids.every((id) => is(id, 'failed'));
      case 'if_passed':
      case 'if_any_passed':
        return ids.some((id) => is(id, 'passed'));
      case 'if_all_passed':
        return ids.every((id) => is(id, 'passed'));
      case 'if_ran':
        return ids.some((id) => this.outcomes.has(id));
      default: // unless_ran
        return !ids.some((id) => this.outcomes.has(id));
    }
  }

  /**
   * A condition with its body and optional `(else ...)`. Evaluated: the body runs when `holds`, the
   * else contents when not. Not evaluated: the condition is output with both sides run inside it.
   */
  private *condition(n: Node, evaluate: boolean, holds: boolean): Generator<TestStep, void, TestOutcome | undefined> {
    const [value, ...rest] = n.children;
    if (evaluate) {
      for (const c of rest) {
        if (isElse(c)) {
          if (!holds) for (const e of c.children) yield* this.visit(e);
        } else if (holds) yield* this.visit(c);
      }
      return;
    }
    const kept: Child[] = [value];
    for (const c of rest) {
      if (isElse(c)) kept.push(c.updated(undefined, yield* this.collect(c.children)));
      else kept.push(...(yield* this.collect([c])));
    }
    this.output(n.updated(undefined, kept));
  }

  private *test(n: Node): Generator<TestStep, void, TestOutcome | undefined> {
    if (this.completed) return; // the unit is binned: nothing more is executed
    const id = String(n.find('id')?.value ?? '');
    const context: TestContext = {
      id,
      name: testName(n),
      enables: this.enables,
      flags: this.flags,
      groups: [...this.groupNames],
    };
    const number = n.find('number')?.value;
    if (typeof number === 'number') context.number = number;
    if (this.job !== undefined) context.job = this.job;

    const outcome = yield { test: n, context };
    if (typeof outcome !== 'object' || outcome === null || typeof outcome.failed !== 'boolean') {
      throw new FlowError(`The outcome of test ${id} must be {failed: boolean}`);
    }
    const failed = outcome.failed;
    this.outcomes.set(id, failed ? 'failed' : 'passed');

    const onFail = n.find('on_fail');
    const onPass = n.find('on_pass');
    let out = n;
    if (failed) {
      out = n.add(n.updated('failed', []));
      if (onFail) out = out.remove(onFail);
    } else if (onPass) out = n.remove(onPass);
    this.output(out);

    yield* this.actions(failed ? onFail : onPass, failed);
    // The other branch's elses stand for code that followed the test.
    yield* this.elses(failed ? onPass : onFail);
    if (failed) for (const m of this.groupMarkers) m.failed = true;
  }

  /**
   * A branch's actions, without its elses. In a failed test's on_fail, a `(continue)` means the test's
   * own bins, the ones before it, must not end the flow; what follows it was moved in by FlagOptimizer
   * from after the test and bins as it would have there.
   */
  private *actions(branch: Node | undefined, ownFailure = false): Generator<TestStep, void, TestOutcome | undefined> {
    if (!branch) return;
    const saved = this.branchContinues;
    let own = ownFailure && branch.find('continue') !== undefined;
    this.branchContinues = own;
    for (const c of branch.children) {
      if (own && c instanceof Node && c.type === 'continue') {
        own = false;
        this.branchContinues = saved;
      }
      if (!isElse(c)) yield* this.visit(c);
    }
    this.branchContinues = saved;
  }

  /** The contents of a branch's elses: they run when the branch's outcome did not happen. */
  private *elses(branch: Node | undefined): Generator<TestStep, void, TestOutcome | undefined> {
    if (branch) for (const c of branch.children) if (isElse(c)) for (const e of c.children) yield* this.visit(e);
  }

  private *group(n: Node): Generator<TestStep, void, TestOutcome | undefined> {
    const onFail = n.find('on_fail');
    const onPass = n.find('on_pass');
    const marker = { failed: false };
    const saved = this.continuing;
    const container: Child[] = [];
    this.containers.push(container);
    this.groupMarkers.push(marker);
    this.groupNames.push(String(n.find('name')?.value ?? ''));

    if (onFail?.find('continue')) this.continuing = true;
    for (const c of n.children) {
      if (c instanceof Node && ((onFail && onFail.equals(c)) || (onPass && onPass.equals(c)))) continue;
      yield* this.visit(c);
    }
    this.continuing = saved;
    this.groupMarkers.pop();

    const id = n.find('id')?.value;
    if (id !== undefined && id !== null) this.outcomes.set(String(id), marker.failed ? 'failed' : 'passed');
    if (marker.failed && onFail) {
      if (onFail.find('continue')) this.continuing = true;
      yield* this.actions(onFail);
      this.continuing = saved;
      yield* this.elses(onPass);
    } else if (!marker.failed && onPass) {
      yield* this.actions(onPass);
      yield* this.elses(onFail);
    }
    this.groupNames.pop();
    this.containers.pop();
    this.output(n.updated(undefined, container));
  }
}
