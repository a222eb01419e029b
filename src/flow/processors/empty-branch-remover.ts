/**
 * EmptyBranchRemover (always the last step): drops a test's `on_pass` and then its `on_fail` when they
 * have no children. A group's empty `(on_fail)` is kept, as in the reference.
 */
import type { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class EmptyBranchRemover extends Processor {
  onTest(node: Node): HandlerResult {
    let n = node;
    const onPass = n.find('on_pass');
    if (onPass && onPass.children.length === 0) n = n.remove(onPass);
    const onFail = n.find('on_fail');
    if (onFail && onFail.children.length === 0) n = n.remove(onFail);
    return n.updated(undefined, this.processAll(n.children));
  }
}
