/**
 * AdjacentIfCombiner: turns opposite neighbours into if/else.
 *
 *   (if_flag "F" A) (unless_flag "F" B)  →  (if_flag "F" A (else B))
 *
 * Pairs are `if_flag`/`unless_flag` or `if_enabled`/`unless_enabled` (either order) on an equal value,
 * among the children of a flow, group, sub-flow, on_fail or on_pass. They combine only when the first
 * cannot change the value (no `set_flag`, `enable` or `disable` of it inside) and, for a volatile flag,
 * holds no test.
 *
 * Deviation: a second node that has an `(else ...)` of its own is not combined. The reference would
 * nest that else inside the new one, where it could never run (it means "the value is set").
 */
import { atomsEqual } from '../equality.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';
import { VolatileFlags } from '../volatiles.js';

const OPPOSITES: Record<string, string> = {
  if_flag: 'unless_flag',
  unless_flag: 'if_flag',
  if_enabled: 'unless_enabled',
  unless_enabled: 'if_enabled',
};

/** True if a set_flag/enable/disable of `name` sits anywhere below `node`. */
function changes(node: Node, name: unknown): boolean {
  for (const c of node.children) {
    if (!(c instanceof Node)) continue;
    if ((c.type === 'set_flag' || c.type === 'enable' || c.type === 'disable') && atomsEqual(c.children[0], name)) return true;
    if (changes(c, name)) return true;
  }
  return false;
}

export class AdjacentIfCombiner extends Processor {
  private volatiles = VolatileFlags.NONE;

  onFlow(node: Node): HandlerResult {
    this.volatiles = VolatileFlags.of(node);
    return this.namedCollection(node);
  }
  onGroup(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onSubFlow(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onOnFail(node: Node): HandlerResult {
    return node.updated(undefined, this.optimize(this.processAll(node.children)));
  }
  onOnPass(node: Node): HandlerResult {
    return node.updated(undefined, this.optimize(this.processAll(node.children)));
  }

  private namedCollection(node: Node): Node {
    const [name, ...rest] = node.children;
    return node.updated(undefined, [name, ...this.optimize(this.processAll(rest))]);
  }

  private optimize(nodes: Child[]): Child[] {
    const results: Child[] = [];
    let current: Child | undefined;
    let held = false;
    for (const next of nodes) {
      if (!held) {
        current = next;
        held = true;
      } else if (this.opposite(current, next) && this.safe(current as Node) && !(next as Node).find('else')) {
        results.push(this.combine(current as Node, next as Node));
        held = false; // a combined pair is never combined again
      } else {
        results.push(current);
        current = next;
      }
    }
    if (held) results.push(current);
    return results;
  }

  /** As in the reference, both halves are processed again as they are combined. */
  private combine(a: Node, b: Node): Node {
    return a.updated(undefined, [...this.processAll(a.children), b.updated('else', this.processAll(b.children.slice(1)))]);
  }

  private opposite(a: Child, b: Child): boolean {
    return a instanceof Node && b instanceof Node && OPPOSITES[a.type] === b.type && atomsEqual(a.children[0], b.children[0]);
  }

  private safe(a: Node): boolean {
    const value = a.children[0];
    return (!this.volatiles.has(value) || !a.contains('test')) && !changes(a, value);
  }
}
