/**
 * FlagOptimizer: replaces "set a flag, then test it" by nesting. When a test (or sub-flow) sets an
 * auto-generated flag in a branch and the very next sibling is gated by that flag, the sibling's body
 * moves into the branch; the `set_flag` goes too unless the flag is referenced elsewhere.
 *
 *   (test A (on_fail (set_flag "A_FAILED" "auto_generated") (continue)))
 *   (if_flag "A_FAILED" X)
 *   → (test A (on_fail (continue) X))
 *
 * RAN flags and volatile flags are never optimized; with `optimizeWhenContinue: false`, tests whose
 * on_fail has a `(continue)` are left alone. An `(else ...)` of the gating node moves with the body,
 * becoming a direct child of the branch, as in the reference.
 *
 * Deviations (reference bugs): the branch that takes the sibling must satisfy the same rules that
 * allowed the merge (the reference lets the first branch whose first set_flag merely gates the
 * sibling take it, even a user flag's, moving it to the wrong outcome); and the sibling counts as
 * placed before it is reordered (the reference can recurse forever when the sibling holds a test
 * whose branch sets the same flag); a gating node that is not the sibling itself and has an else is
 * not moved (reordering would re-attach that else to another condition); and once a branch of the test
 * holds an else, no later sibling is merged into the test (its contents would run before that else,
 * which came first).
 */
import { atomsEqual } from '../equality.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';
import { VolatileFlags } from '../volatiles.js';

/** How many `if_flag`/`unless_flag` conditions name each flag (each element of a list counts). */
function flagReferences(ast: Node): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of ast.findAll('if_flag', 'unless_flag', { recursive: true })) {
    const names = Array.isArray(n.children[0]) ? (n.children[0] as unknown[]) : [n.children[0]];
    for (const name of names) counts.set(String(name), (counts.get(String(name)) ?? 0) + 1);
  }
  return counts;
}

/** The `(if_flag flag ...)` gating `node`: itself, or one behind single-child if_flag/unless_flag wrappers. */
function gate(flag: unknown, node: Node): Node | undefined {
  if (node.type === 'if_flag' && atomsEqual(node.children[0], flag)) return node;
  const last = node.children[1];
  if (node.children.length === 2 && last instanceof Node && (last.type === 'if_flag' || last.type === 'unless_flag')) {
    return gate(flag, last);
  }
  return undefined;
}

function gatedBy(flag: unknown, node: Node): boolean {
  return gate(flag, node) !== undefined;
}

export class FlagOptimizer extends Processor {
  private references = new Map<string, number>();
  private volatiles = VolatileFlags.NONE;
  private readonly optimizeWhenContinue: boolean;
  /** The gated sibling being moved into the current test's branch (null once placed). */
  private readonly toInline: Array<Node | null> = [];
  /** Flags whose `if_flag` wrappers are being stripped while a gated node is reordered. */
  private readonly flagsToRemove: unknown[] = [];

  constructor(options: { optimizeWhenContinue?: boolean } = {}) {
    super();
    this.optimizeWhenContinue = options.optimizeWhenContinue ?? true;
  }

  override run(node: Node): Node {
    this.references = flagReferences(node);
    this.volatiles = VolatileFlags.of(node);
    return super.run(node);
  }

  onFlow(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onGroup(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onSubFlow(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onUnlessFlag(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onWhenever(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onWheneverAll(node: Node): HandlerResult {
    return this.namedCollection(node);
  }
  onWheneverAny(node: Node): HandlerResult {
    return this.namedCollection(node);
  }

  onElse(node: Node): HandlerResult {
    return node.updated(undefined, this.optimize(this.processAll(node.children)));
  }

  onIfFlag(node: Node): HandlerResult {
    const [flag, ...rest] = node.children;
    const body = this.optimize(this.processAll(rest));
    if (this.flagsToRemove.length > 0 && atomsEqual(this.flagsToRemove.at(-1), flag)) return this.inline(node, body);
    return node.updated(undefined, [flag, ...body]);
  }

  onOnFail(node: Node): HandlerResult {
    return this.branch(node);
  }
  onOnPass(node: Node): HandlerResult {
    return this.branch(node);
  }

  private namedCollection(node: Node): Node {
    const [name, ...rest] = node.children;
    return node.updated(undefined, [name, ...this.optimize(this.processAll(rest))]);
  }

  /** A branch of the test being combined takes in the gated sibling if its first set_flag gates it. */
  private branch(node: Node): Node {
    let n = node;
    let appended: Child[] = [];
    const gated = this.toInline.at(-1);
    if (gated) {
      const setFlag = n.find('set_flag');
      if (setFlag && this.takes(setFlag, gated)) {
        const flag = setFlag.children[0];
        const refs = this.references.get(String(flag));
        if (refs === undefined || refs === 1) n = n.remove(setFlag);
        this.toInline[this.toInline.length - 1] = null;
        appended = this.reorder(flag, gated).children.slice(1);
      }
    }
    return n.updated(undefined, this.optimize(this.processAll([...n.children, ...appended])));
  }

  private optimize(nodes: Child[]): Child[] {
    const results: Child[] = [];
    let current: Child | undefined;
    let started = false;
    for (const next of nodes) {
      if (!started) {
        current = next;
        started = true;
      } else if (this.canBeCombined(current, next)) {
        current = this.combine(current as Node, next as Node);
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
    if (!(a.type === 'test' || a.type === 'sub_flow') || !(b.type === 'if_flag' || b.type === 'unless_flag')) return false;
    if (!this.optimizeWhenContinue && a.find('on_fail')?.find('continue')) return false;
    const branches = a.findAll('on_fail', 'on_pass');
    if (branches.some((branch) => branch.find('else'))) return false;
    return branches.some((branch) => {
      const s = branch.find('set_flag');
      return s !== undefined && this.takes(s, b);
    });
  }

  /** A branch whose first set_flag is `s` may take in `b`: an auto-generated, non-RAN, non-volatile flag gating it. */
  private takes(s: Node, b: Node): boolean {
    const flag = s.children[0];
    const g = gate(flag, b);
    if (!g || s.children[1] !== 'auto_generated' || /_RAN$/.test(String(flag)) || this.volatiles.has(flag)) return false;
    // Reordering strips the gating node: its else would end up attached to another condition.
    return g === b || !g.find('else');
  }

  private combine(a: Node, b: Node): Node {
    this.toInline.push(b);
    try {
      return a.updated(undefined, this.processAll(a.children));
    } finally {
      this.toInline.pop();
    }
  }

  /** `b` with `(if_flag flag ...)` outermost: `(unless_flag f1 (if_flag F X))` → `(if_flag F (unless_flag f1 X))`. */
  private reorder(flag: unknown, b: Node): Node {
    if (b.type === 'if_flag' && atomsEqual(b.children[0], flag)) return b;
    this.flagsToRemove.push(flag);
    try {
      return b.updated('if_flag', [flag as Child, this.process(b)]);
    } finally {
      this.flagsToRemove.pop();
    }
  }
}
