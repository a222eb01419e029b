/**
 * Condition: merges adjacent siblings that share a condition and drops conditions already guaranteed
 * by an enclosing one.
 *
 *   (if_job "j1" (if_enabled "bitmap" t1)) (if_job "j2" (if_enabled "bitmap" t2))
 *   → (if_enabled "bitmap" (if_job "j1" t1) (if_job "j2" t2))
 *   (if_flag "dc" (if_flag "dc" t))  → (if_flag "dc" t)
 *
 * Two siblings combine when both are condition nodes (groups count, keyed by name) and the condition
 * chains found by walking down their single-child wrappers intersect; the shared conditions are
 * hoisted, in the first node's order, and stripped from inside. Volatile flags are never merged or
 * stripped.
 *
 * Speed: the reference re-processes the whole merged node after every merge, which is quadratic in
 * the length of a run of mergeable siblings (a thousand tests sharing one inline condition). Here a
 * merged node is kept open while its run lasts: the next sibling is processed and fed to the scan of
 * its innermost body, which is exactly what re-processing would do, since processing a node this
 * processor produced, under the same enclosing conditions, gives it back unchanged. For the same
 * reason a node produced under the same enclosing conditions is not processed again (a memo).
 * `new Condition({ fast: false })` runs the reference algorithm as written; a property test checks
 * that both give equal trees.
 */
import { CONDITION_KEY_TYPES, CONDITION_NODE_TYPES } from '../conditions.js';
import { atomsEqual, childrenEqual } from '../equality.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';
import { atomToSexp } from '../sexp.js';
import { VolatileFlags } from '../volatiles.js';

const FLAG_CONDITIONS = new Set(['if_enabled', 'unless_enabled', 'if_flag', 'unless_flag']);

/** The state of a sibling scan: finished results, and the node being folded (or an open merge). */
interface Scan {
  results: Child[];
  current: Child;
  started: boolean;
  open?: OpenMerge | undefined;
}

/** A merged node still growing: its shared conditions (outermost first) and the scan of its body. */
interface OpenMerge {
  common: Node[];
  body: Scan;
}

function conditionKey(condition: Node): string {
  return `${condition.type} ${condition.children.map((c) => atomToSexp(c)).join(' ')}`;
}

export class Condition extends Processor {
  private volatiles = VolatileFlags.NONE;
  /** Conditions guaranteed by enclosing nodes: `(T V)`, or `(group (name N) [(id I)])`. */
  private readonly toRemove: Node[] = [];
  private readonly removeKeys: string[] = [];
  /** `removeKeys` as one order-independent string, kept up to date by push/pop. */
  private stackKey = '';
  /** The enclosing-condition set each output node was produced under (see the module comment). */
  private readonly settled = new WeakMap<Node, string>();
  private readonly fast: boolean;

  constructor(options: { fast?: boolean } = {}) {
    super();
    this.fast = options.fast ?? true;
  }

  override process(child: Child): Child {
    if (!(child instanceof Node)) return child;
    if (!this.fast) return super.process(child);
    const key = this.stackKey;
    if (this.settled.get(child) === key) return child;
    const result = super.process(child);
    if (result instanceof Node) this.settled.set(result, key);
    return result;
  }

  onFlow(node: Node): HandlerResult {
    this.volatiles = VolatileFlags.of(node);
    return node.updated(undefined, this.optimize(this.processAll(node.children)));
  }

  onSubFlow(node: Node): HandlerResult {
    return node.updated(undefined, this.optimize(this.processAll(node.children)));
  }

  onGroup(node: Node): HandlerResult {
    const [name, ...rest] = node.children;
    const redundant = this.toRemove.some((c) => c.type === 'group' && childrenEqual(c.children, [name]));
    this.push(node.updated(undefined, [name]));
    const body = this.optimize(this.processAll(rest));
    this.pop(1);
    return redundant ? this.inline(node, body) : node.updated(undefined, [name, ...body]);
  }

  protected override handlerMissing(node: Node): HandlerResult {
    if (!CONDITION_NODE_TYPES.has(node.type)) return super.handlerMissing(node);
    const [flag, ...rest] = node.children;
    const redundant = this.toRemove.some(
      (c) => c.type === node.type && c.children.length === 1 && atomsEqual(c.children[0], flag),
    );
    const volatile = this.volatiles.has(flag);
    if (!volatile) this.push(node.updated(undefined, [flag]));
    const body = this.optimize(this.processAll(rest));
    if (!volatile) this.pop(1);
    return redundant ? this.inline(node, body) : node.updated(undefined, [flag, ...body]);
  }

  /** Scan siblings, folding each into the previous one while they share a condition. */
  private optimize(nodes: Child[]): Child[] {
    const scan: Scan = { results: [], current: undefined, started: false };
    for (const next of nodes) this.feed(scan, next);
    return this.finish(scan);
  }

  /** One step of the sibling scan. */
  private feed(scan: Scan, next: Child): void {
    if (!scan.started) {
      scan.current = next;
      scan.started = true;
      return;
    }
    if (scan.open) {
      const open = scan.open;
      if (this.chainIsCommon(open) && next instanceof Node && CONDITION_KEY_TYPES.has(next.type)) {
        const cb = this.chain(next);
        if (open.common.every((c) => cb.some((d) => c.equals(d)))) {
          this.grow(open, next);
          return;
        }
      }
      scan.current = this.close(open);
      scan.open = undefined;
    }
    const current = scan.current;
    if (this.canBeCombined(current, next)) {
      const common = this.commonConditions(current as Node, next as Node);
      const merged = this.process(this.combine(current as Node, next as Node, common));
      scan.current = merged;
      if (this.fast) scan.open = this.reopen(merged, common);
    } else {
      scan.results.push(current);
      scan.current = next;
    }
  }

  private finish(scan: Scan): Child[] {
    if (scan.open) scan.results.push(this.close(scan.open));
    else if (scan.started) scan.results.push(scan.current);
    return scan.results;
  }

  /** Merge `next` into an open merged node whose conditions it shares: feed it to the innermost scan. */
  private grow(open: OpenMerge, next: Node): void {
    for (const c of open.common) this.push(c);
    const incoming = this.processAll([this.process(next)]);
    for (const x of incoming) this.feed(open.body, x);
    this.pop(open.common.length);
  }

  /**
   * A merged node as an open merge: `(c1 (c2 ... (cn ...body)))`, one wrapper per shared condition,
   * with the scan of its (already optimized) body ready to continue. Undefined if it has another shape.
   */
  private reopen(merged: Child, common: Node[]): OpenMerge | undefined {
    let n: Child = merged;
    for (let i = 0; i < common.length; i++) {
      const c = common[i]!;
      if (!(n instanceof Node) || n.type !== c.type) return undefined;
      const head = n.children.slice(0, c.children.length);
      if (!childrenEqual(head, c.children)) return undefined;
      const rest = n.children.slice(c.children.length);
      if (i === common.length - 1) {
        const body: Scan = { results: rest.slice(0, -1), current: rest.at(-1), started: rest.length > 0 };
        return { common, body };
      }
      if (rest.length !== 1) return undefined;
      n = rest[0];
    }
    return undefined;
  }

  /** True when an open merge's condition chain is exactly its shared conditions (so it is cheap to know). */
  private chainIsCommon(open: OpenMerge): boolean {
    const size = open.body.results.length + (open.body.started ? 1 : 0);
    if (size < 2) return false;
    const innermost = open.common.at(-1)!;
    const first = open.body.results[0];
    // A group wrapper whose body starts with an (id) would read that id into its chain entry.
    return !(innermost.type === 'group' && innermost.children.length === 1 && first instanceof Node && first.type === 'id');
  }

  /** Build the node of an open merge; each wrapper is marked as produced under its enclosing conditions. */
  private close(open: OpenMerge): Node {
    const keys = [...this.removeKeys];
    // The body's own scan (and any merge still open inside it) lives inside the shared conditions.
    for (const c of open.common) this.push(c);
    const body = this.finish(open.body);
    this.pop(open.common.length);
    const levelKeys = open.common.map((c) => {
      const key = keys.length === 0 ? '' : [...keys].sort().join('\n');
      keys.push(conditionKey(c));
      return key;
    });
    let node: Node | undefined;
    for (let i = open.common.length - 1; i >= 0; i--) {
      const c = open.common[i]!;
      node = c.updated(undefined, node ? [...c.children, node] : [...c.children, ...body]);
      this.settled.set(node, levelKeys[i]!);
    }
    return node!;
  }

  private canBeCombined(a: Child, b: Child): boolean {
    if (!(a instanceof Node && b instanceof Node)) return false;
    if (!CONDITION_KEY_TYPES.has(a.type) || !CONDITION_KEY_TYPES.has(b.type)) return false;
    const cb = this.chain(b);
    return this.chain(a).some((c) => cb.some((d) => c.equals(d)));
  }

  /** The conditions both chains hold, in the first node's order. */
  private commonConditions(a: Node, b: Node): Node[] {
    const cb = this.chain(b);
    const common: Node[] = [];
    for (const c of this.chain(a)) {
      if (cb.some((d) => c.equals(d)) && !common.some((d) => c.equals(d))) common.push(c);
    }
    return common;
  }

  /** Hoist the shared conditions, first node's order, and strip them from both nodes. */
  private combine(a: Node, b: Node, common: Node[]): Node {
    for (const c of common) this.push(c);
    const a2 = this.process(a);
    const b2 = this.process(b);
    this.pop(common.length);
    let node: Node | undefined;
    for (let i = common.length - 1; i >= 0; i--) {
      const c = common[i]!;
      node = node ? c.updated(undefined, [...c.children, node]) : c.updated(undefined, [...c.children, a2, b2]);
    }
    return node!;
  }

  /** The conditions found walking down wrappers that have exactly one body child. */
  private chain(node: Node): Node[] {
    const out: Node[] = [];
    let n: Child = node;
    while (n instanceof Node) {
      let body: Child[];
      if (FLAG_CONDITIONS.has(n.type)) {
        const [flag, ...rest] = n.children;
        if (!this.volatiles.has(flag)) out.push(n.updated(undefined, [flag]));
        body = rest;
      } else if (n.type === 'group') {
        const [name, ...rest] = n.children;
        const first = rest[0];
        if (first instanceof Node && first.type === 'id') {
          out.push(n.updated(undefined, [name, first]));
          rest.shift();
        } else out.push(n.updated(undefined, [name]));
        body = rest;
      } else if (CONDITION_NODE_TYPES.has(n.type)) {
        const [flag, ...rest] = n.children;
        out.push(n.updated(undefined, [flag]));
        body = rest;
      } else break;
      if (body.length !== 1) break;
      n = body[0];
    }
    return out;
  }

  private push(condition: Node): void {
    this.toRemove.push(condition);
    this.removeKeys.push(conditionKey(condition));
    this.updateStackKey();
  }

  private pop(count: number): void {
    this.toRemove.length -= count;
    this.removeKeys.length -= count;
    this.updateStackKey();
  }

  /** Processing depends only on which conditions are enclosing, not on their order. */
  private updateStackKey(): void {
    this.stackKey = this.removeKeys.length === 0 ? '' : [...this.removeKeys].sort().join('\n');
  }
}
