/**
 * ContinueImplementer (smt): applies `continue` to binning the way a tester must. An on_fail that
 * holds a `(continue)`, and every on_fail inside a group whose own on_fail holds one, loses its
 * `(continue)` and its direct `set_result`s: the failure is recorded by flags, not by a bin.
 */
import { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class ContinueImplementer extends Processor {
  private inContinueGroup = false;

  onOnFail(node: Node): HandlerResult {
    let n = node;
    const cont = n.find('continue');
    if (cont || this.inContinueGroup) {
      n = n.updated(
        undefined,
        n.children.filter((c) => !(c instanceof Node && (c.type === 'set_result' || (cont !== undefined && cont.equals(c))))),
      );
    }
    return n.updated(undefined, this.processAll(n.children));
  }

  onGroup(node: Node): HandlerResult {
    if (!node.find('on_fail')?.find('continue')) return node.updated(undefined, this.processAll(node.children));
    const saved = this.inContinueGroup;
    this.inContinueGroup = true;
    try {
      return node.updated(undefined, this.processAll(node.children));
    } finally {
      this.inContinueGroup = saved;
    }
  }
}
