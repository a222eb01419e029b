/**
 * ElseRemover (igxl, flat): a condition with an `(else ...)` becomes two siblings, the condition
 * without its else and the inverse condition holding the else's contents.
 *
 *   (if_enabled "bitmap" A (else B))  →  (if_enabled "bitmap" A) (unless_enabled "bitmap" B)
 *
 * The inverse swaps a leading `if_`/`unless_` (so `if_failed` gives `unless_failed`, a type nothing
 * else understands, as in the reference). Neither result is processed further.
 */
import { CONDITION_NODE_TYPES } from '../conditions.js';
import { FlowError } from '../errors.js';
import type { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

function inverse(type: string): string {
  if (type.includes('if_')) return type.replace('if_', 'unless_');
  if (type.includes('unless_')) return type.replace('unless_', 'if_');
  throw new FlowError(`Don't know how to inverse: ${type}`);
}

export class ElseRemover extends Processor {
  protected override handlerMissing(node: Node): HandlerResult {
    if (!CONDITION_NODE_TYPES.has(node.type)) return super.handlerMissing(node);
    const e = node.find('else');
    if (!e) return node.updated(undefined, this.processAll(node.children));
    const without = node.remove(e);
    const opposite = e.updated(inverse(node.type), [without.children[0], ...e.children]);
    return this.inline(node, [without, opposite]);
  }
}
