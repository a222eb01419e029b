/**
 * FlowId (`uniqueId` option): appends `_<uniqueId>` to every test/group ID and to every ID referenced
 * by a result condition, except IDs starting with `extern`, so flows can be merged without clashes.
 *
 *   (id "t1") → (id "t1_abc");  (if_failed "extern_x" ...) is left alone
 */
import { RESULT_REFERENCE_TYPES } from '../conditions.js';
import type { Child } from '../node.js';
import { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class FlowId extends Processor {
  constructor(private readonly uniqueId: string) {
    super();
  }

  private suffixed(id: unknown): unknown {
    const s = id === null || id === undefined ? '' : String(id);
    return s.startsWith('extern') ? id : `${s}_${this.uniqueId}`;
  }

  onId(node: Node): HandlerResult {
    return node.updated(undefined, [this.suffixed(node.value) as Child]);
  }

  protected override handlerMissing(node: Node): HandlerResult {
    if (!RESULT_REFERENCE_TYPES.has(node.type)) return super.handlerMissing(node);
    const [ids, ...rest] = node.children;
    const renamed = Array.isArray(ids) ? ids.map((i: unknown) => this.suffixed(i)) : this.suffixed(ids);
    return node.updated(undefined, [renamed as Child, ...this.processAll(rest)]);
  }
}
