/**
 * RedundantConditionRemover (igxl): a condition nested inside an identical enclosing condition (same
 * type and value; a group by its name) is removed and its contents kept in its place. Volatile flags
 * get no special treatment here.
 */
import { CONDITION_NODE_TYPES } from '../conditions.js';
import { atomsEqual } from '../equality.js';
import type { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class RedundantConditionRemover extends Processor {
  private readonly open: Array<[string, unknown]> = [];

  protected override handlerMissing(node: Node): HandlerResult {
    if (!CONDITION_NODE_TYPES.has(node.type)) return super.handlerMissing(node);
    const [value, ...rest] = node.children;
    if (this.open.some(([t, v]) => t === node.type && atomsEqual(v, value))) {
      return this.inline(node, this.processAll(rest));
    }
    this.open.push([node.type, value]);
    try {
      return node.updated(undefined, this.processAll(node.children));
    } finally {
      this.open.pop();
    }
  }
}
