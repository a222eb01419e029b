/**
 * Flattener (flat): gives every node its own complete wrapper of conditions, so a flow reads as
 * rows. Groups are kept (their contents flattened inside them, wrapped in all enclosing conditions,
 * those outside the group included); `name`, `id` and `volatile` are kept as they are.
 *
 *   (if_flag "f1" t3 (if_flag "f2" t5))  →  (if_flag "f1" t3) (if_flag "f1" (if_flag "f2" t5))
 */
import { CONDITION_NODE_TYPES } from '../conditions.js';
import type { Child, Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class Flattener extends Processor {
  private readonly results: Child[][] = [[]];
  private readonly conditions: Node[] = [];

  override run(node: Node): Node {
    this.results.length = 0;
    this.results.push([]);
    this.process(node);
    return node.updated('flow', this.results[0]!);
  }

  onFlow(node: Node): HandlerResult {
    this.processAll(node.children);
    return undefined;
  }

  onName(node: Node): HandlerResult {
    this.emit(node);
  }
  onId(node: Node): HandlerResult {
    this.emit(node);
  }
  onVolatile(node: Node): HandlerResult {
    this.emit(node);
  }

  onGroup(node: Node): HandlerResult {
    this.results.push([]);
    this.processAll(node.children);
    const contents = this.results.pop()!;
    this.emit(node.updated(undefined, contents));
  }

  protected override handlerMissing(node: Node): HandlerResult {
    if (CONDITION_NODE_TYPES.has(node.type)) {
      const [value, ...rest] = node.children;
      this.conditions.push(node.updated(undefined, [value]));
      this.processAll(rest);
      this.conditions.pop();
      return undefined;
    }
    let wrapped = node;
    for (let i = this.conditions.length - 1; i >= 0; i--) {
      const c = this.conditions[i]!;
      wrapped = c.updated(undefined, [...c.children, wrapped]);
    }
    this.emit(wrapped);
    return undefined;
  }

  private emit(node: Node): void {
    this.results.at(-1)!.push(node);
  }
}
