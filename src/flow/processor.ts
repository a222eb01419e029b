/**
 * Processor: how every transformation of a flow AST is written. `process(node)` calls the handler
 * named for the node's type (`onTest` for `test`, `onIfFlag` for `if_flag`, `onOnFail` for
 * `on_fail`) or, when there is none, `handlerMissing`, which rebuilds the node from its processed
 * children. The base class therefore returns an equal tree; a subclass overrides the handlers of the
 * node types it cares about.
 *
 *   class DropLogs extends Processor {
 *     onLog(node: Node) { return this.removeMarker(node); }
 *   }
 *
 * Rules inherited from the reference: atoms pass through untouched; a handler that returns
 * `undefined`, `null` or `false` keeps the original node; a handler may return an `inline` marker
 * (its children are spliced into the parent in its place) or a `remove` marker (dropped).
 */
import { FlowError } from './errors.js';
import { Node } from './node.js';
import type { Child } from './node.js';

/** What a handler may return: a replacement, a marker, or nothing to keep the node as it is. */
export type HandlerResult = Child | void;
type Handler = (node: Node) => HandlerResult;

const handlerNames = new Map<string, string>();

/** `if_flag` → `onIfFlag`. */
export function handlerName(type: string): string {
  let name = handlerNames.get(type);
  if (name === undefined) {
    name = `on${type
      .split('_')
      .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : ''))
      .join('')}`;
    handlerNames.set(type, name);
  }
  return name;
}

export class Processor {
  /** Process one child: dispatch nodes to their handler, pass atoms through. */
  process(child: Child): Child {
    if (!(child instanceof Node)) return child;
    const handler = this.handlerFor(child.type);
    const result = handler ? handler.call(this, child) : this.handlerMissing(child);
    return result === undefined || result === null || result === false ? child : result;
  }

  /** Process a whole tree that must stay a node (the usual entry point). */
  run(node: Node): Node {
    const result = this.process(node);
    if (!(result instanceof Node) || result.type === 'inline' || result.type === 'remove') {
      throw new FlowError(`${this.constructor.name} did not return a node for (${node.type})`);
    }
    return result;
  }

  /** Process each child, splicing `inline` markers and dropping `remove` markers. */
  processAll(children: readonly Child[]): Child[] {
    const out: Child[] = [];
    for (const c of children) {
      const r = this.process(c);
      if (r instanceof Node) {
        if (r.type === 'inline') out.push(...r.children);
        else if (r.type !== 'remove') out.push(r);
      } else out.push(r);
    }
    return out;
  }

  /** The default for a node type without a handler: rebuild it from its processed children. */
  protected handlerMissing(node: Node): HandlerResult {
    return node.updated(undefined, this.processAll(node.children));
  }

  /** A marker whose children take the place of `node` in its parent. */
  protected inline(node: Node, children: Child[]): Node {
    return node.updated('inline', children);
  }

  /** A marker that drops `node` from its parent. */
  protected removeMarker(node: Node): Node {
    return node.updated('remove', []);
  }

  private handlerFor(type: string): Handler | undefined {
    const h = (this as unknown as Record<string, unknown>)[handlerName(type)];
    return typeof h === 'function' ? (h as Handler) : undefined;
  }
}
