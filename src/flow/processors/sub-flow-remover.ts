/**
 * SubFlowRemover (`includeSubFlows: false`): deletes every `sub_flow` node, leaving only the flow's
 * own contents.
 */
import type { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class SubFlowRemover extends Processor {
  onSubFlow(node: Node): HandlerResult {
    return this.removeMarker(node);
  }
}
