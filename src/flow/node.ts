/**
 * Node: one element of a flow's abstract syntax tree. A node has a `type` (`test`, `if_flag`,
 * `on_fail`, ...) and ordered `children`, each another node or an atom (a string, number, boolean,
 * null, an array or a hash). Nodes are immutable by convention: every transform returns a new tree,
 * and `updated()` copies keep the original's `meta` (where the node was built and why), which takes
 * no part in equality.
 *
 *   const t = new Node('test', [new Node('object', ['test1']), new Node('id', ['t1'])]);
 *   t.find('id')?.value;   // 't1'
 */
import { atomsEqual, childrenEqual } from './equality.js';
import { NodeMeta } from './meta.js';

/** Anything that can sit in a node's children besides another node. */
export type Atom = string | number | boolean | null | undefined | object;
/** One child of a node: a node or an atom. */
export type Child = Node | Atom;

/** True for a flow AST node (as opposed to an atom). */
export function isNode(value: unknown): value is Node {
  return value instanceof Node;
}

export class Node {
  readonly type: string;
  readonly children: readonly Child[];
  readonly meta: NodeMeta;

  /** The children array becomes the node's own (it is frozen, not copied). */
  constructor(type: string, children: Child[] = [], meta: NodeMeta = NodeMeta.EMPTY) {
    this.type = type;
    this.children = Object.freeze(children);
    this.meta = meta;
  }

  /** The first child, descending while that child is a node: `(a (b (c 5)))` gives 5. */
  get value(): Atom {
    let v: Child = this.children[0];
    while (v instanceof Node) v = v.children[0];
    return v;
  }

  /** Where the node was built: `"file:line"`, or the reference's apology when unknown. */
  get source(): string {
    return this.meta.source;
  }

  /** The first direct child whose type is one of `types`. */
  find(...types: string[]): Node | undefined {
    for (const c of this.children) if (c instanceof Node && types.includes(c.type)) return c;
    return undefined;
  }

  /**
   * Direct children of the given types; with a trailing `{recursive: true}`, every node of those types
   * in the subtree, pre-order, the node itself included.
   */
  findAll(...args: Array<string | { recursive?: boolean }>): Node[] {
    const last = args.at(-1);
    const recursive = typeof last === 'object' && last !== null && last.recursive === true;
    const types = args.filter((a): a is string => typeof a === 'string');
    if (!recursive) {
      return this.children.filter((c): c is Node => c instanceof Node && types.includes(c.type));
    }
    const found: Node[] = [];
    const walk = (n: Node): void => {
      if (types.includes(n.type)) found.push(n);
      for (const c of n.children) if (c instanceof Node) walk(c);
    };
    walk(this);
    return found;
  }

  /** True if this node or any node below it has one of the types. */
  contains(...types: string[]): boolean {
    if (types.includes(this.type)) return true;
    for (const c of this.children) if (c instanceof Node && c.contains(...types)) return true;
    return false;
  }

  /** A copy with the nodes appended. */
  add(...nodes: Child[]): Node {
    return new Node(this.type, [...this.children, ...nodes], this.meta);
  }

  /**
   * A copy without the given children: a type name removes every direct child of that type, a node
   * removes every direct child structurally equal to it.
   */
  remove(...nodesOrTypes: Array<Node | string>): Node {
    const types = nodesOrTypes.filter((x): x is string => typeof x === 'string');
    const nodes = nodesOrTypes.filter((x): x is Node => x instanceof Node);
    const kept = this.children.filter(
      (c) => !(c instanceof Node && (types.includes(c.type) || nodes.some((n) => n.equals(c)))),
    );
    return kept.length === this.children.length ? this : new Node(this.type, kept, this.meta);
  }

  /**
   * This node if it already has a direct child of `type`; otherwise a copy with `(type ...children)`
   * appended at the end (the new child shares this node's meta).
   */
  ensureNodePresent(type: string, ...children: Child[]): Node {
    if (this.find(type)) return this;
    return this.add(new Node(type, children, this.meta));
  }

  /** The names set by `(set_flag NAME ...)` nodes below this one, de-duplicated, first seen first. */
  setFlags(): string[] {
    const flags = new Set<string>();
    const walk = (n: Node): void => {
      for (const c of n.children) {
        if (!(c instanceof Node)) continue;
        if (c.type === 'set_flag') flags.add(String(c.value));
        else walk(c);
      }
    };
    walk(this);
    return [...flags];
  }

  /** A copy with every `sub_flow` node removed, at any depth. */
  excludingSubFlows(): Node {
    const strip = (n: Node): Node => {
      let changed = false;
      const kept: Child[] = [];
      for (const c of n.children) {
        if (c instanceof Node) {
          if (c.type === 'sub_flow') {
            changed = true;
            continue;
          }
          const s = strip(c);
          if (s !== c) changed = true;
          kept.push(s);
        } else kept.push(c);
      }
      return changed ? new Node(n.type, kept, n.meta) : n;
    };
    return strip(this);
  }

  /**
   * A copy with a new type and/or children and the same meta; this very node when nothing changes
   * (children compared by identity, which is what every transform needs).
   */
  updated(type?: string, children?: Child[], meta?: NodeMeta): Node {
    const newType = type ?? this.type;
    const newMeta = meta ?? this.meta;
    if (newType === this.type && newMeta === this.meta) {
      if (children === undefined) return this;
      if (children.length === this.children.length && children.every((c, i) => c === this.children[i])) {
        return this;
      }
    }
    return new Node(newType, children ?? [...this.children], newMeta);
  }

  /** Structural equality: same type, equal children, recursively; meta is ignored. */
  equals(other: unknown): boolean {
    if (other === this) return true;
    return other instanceof Node && other.type === this.type && childrenEqual(this.children, other.children);
  }
}

/** Structural equality of any two children (nodes or atoms). */
export function equals(a: unknown, b: unknown): boolean {
  if (a instanceof Node) return a.equals(b);
  if (b instanceof Node) return false;
  return atomsEqual(a, b);
}
