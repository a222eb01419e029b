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
 * Speed: the reference re-processes the whole accumulated node after every merge, which is quadratic
 * in the length of a run of mergeable siblings. Processing is idempotent for a given set of enclosing
 * conditions, so a node this processor produced under the same set is returned as it is (`memo`);
 * a property test checks that the result equals the reference algorithm's.
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

export class Condition extends Processor {
  private volatiles = VolatileFlags.NONE;
  /** Conditions guaranteed by enclosing nodes: `(T V)`, or `(group (name N) [(id I)])`. */
  private readonly toRemove: Node[] = [];
  private readonly removeKeys: string[] = [];
  /** `removeKeys` as one order-independent string, kept up to date by push/pop. */
  private stackKey = '';
  /** The enclosing-condition set each output node was produced under (see the module comment). */
  private readonly settled = new WeakMap<Node, string>();
  private readonly memo: boolean;

  constructor(options: { memo?: boolean } = {}) {
    super();
    this.memo = options.memo ?? true;
  }

  override process(child: Child): Child {
    if (!(child instanceof Node)) return child;
    if (!this.memo) return super.process(child);
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
    const results: Child[] = [];
    let current: Child | undefined;
    let started = false;
    for (const next of nodes) {
      if (!started) {
        current = next;
        started = true;
      } else if (this.canBeCombined(current, next)) {
        current = this.process(this.combine(current as Node, next as Node));
      } else {
        results.push(current);
        current = next;
      }
    }
    if (started) results.push(current);
    return results;
  }

  private canBeCombined(a: Child, b: Child): boolean {
    if (!(a instanceof Node && b instanceof Node)) return false;
    if (!CONDITION_KEY_TYPES.has(a.type) || !CONDITION_KEY_TYPES.has(b.type)) return false;
    const cb = this.chain(b);
    return this.chain(a).some((c) => cb.some((d) => c.equals(d)));
  }

  /** Hoist the shared conditions, first node's order, and strip them from both nodes. */
  private combine(a: Node, b: Node): Node {
    const cb = this.chain(b);
    const common: Node[] = [];
    for (const c of this.chain(a)) {
      if (cb.some((d) => c.equals(d)) && !common.some((d) => c.equals(d))) common.push(c);
    }
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
    this.removeKeys.push(`${condition.type} ${condition.children.map((c) => atomToSexp(c)).join(' ')}`);
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
