/**
 * Draft: a node still under construction. The builder appends into drafts in place (appending to an
 * immutable node would copy its children every time), and `toNode()` freezes a draft and everything
 * below it into ordinary nodes, which is what `flow.raw()` returns.
 */
import type { NodeMeta } from '../meta.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';

export type DraftChild = Draft | Child;

export class Draft {
  constructor(
    public type: string,
    readonly children: DraftChild[],
    readonly meta: NodeMeta,
  ) {}

  /** The finished node; `extra` children (still-open blocks) are appended at the end. */
  toNode(extra: readonly Child[] = []): Node {
    const children: Child[] = [];
    for (const c of this.children) children.push(c instanceof Draft ? c.toNode() : c);
    children.push(...extra);
    return new Node(this.type, children, this.meta);
  }

  /** True if `target` is this draft or sits anywhere below it. */
  holds(target: Draft): boolean {
    if (target === this) return true;
    for (const c of this.children) if (c instanceof Draft && c.holds(target)) return true;
    return false;
  }
}

/** Freeze a draft child into a finished child. */
export function finish(child: DraftChild): Child {
  return child instanceof Draft ? child.toNode() : child;
}
