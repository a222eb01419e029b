/**
 * PreCleaner: makes test IDs consistent before anything else looks at them. Every `(id X)` and every
 * ID referenced by `if_failed`, `if_any_passed`, `if_ran`, ... is cleaned (`'T1'` → `'t1'`, see
 * `cleanId`), and a test ID equal to the ID of its innermost enclosing group is dropped (writing the
 * group's ID on its tests is a mistake this tolerates).
 */
import { RESULT_REFERENCE_TYPES } from '../conditions.js';
import { cleanId, cleanIdOrList } from '../ids.js';
import { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class PreCleaner extends Processor {
  /** The cleaned ID (or null) of each enclosing group or sub-flow, innermost last. */
  private readonly groupIds: Array<string | null> = [];

  onId(node: Node): HandlerResult {
    return node.updated(undefined, [cleanId(node.children[0])]);
  }

  onGroup(node: Node): HandlerResult {
    const id = node.find('id');
    this.groupIds.push(id ? cleanId(id.children[0]) : null);
    try {
      return node.updated(undefined, this.processAll(node.children));
    } finally {
      this.groupIds.pop();
    }
  }

  onSubFlow(node: Node): HandlerResult {
    return this.onGroup(node);
  }

  onTest(node: Node): HandlerResult {
    const groupId = this.groupIds.at(-1);
    const children =
      groupId === undefined || groupId === null
        ? node.children
        : node.children.filter((c) => !(c instanceof Node && c.type === 'id' && cleanId(c.children[0]) === groupId));
    return node.updated(undefined, this.processAll(children));
  }

  protected override handlerMissing(node: Node): HandlerResult {
    if (!RESULT_REFERENCE_TYPES.has(node.type)) return super.handlerMissing(node);
    const [ids, ...rest] = node.children;
    return node.updated(undefined, [cleanIdOrList(ids), ...this.processAll(rest)]);
  }
}
