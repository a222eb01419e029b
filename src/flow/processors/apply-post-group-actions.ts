/**
 * ApplyPostGroupActions (igxl): a row-based tester has no group-level on_fail/on_pass, so a group's
 * branches are taken off the group and their contents appended to the matching branch of every test
 * inside it (outermost group first).
 */
import type { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class ApplyPostGroupActions extends Processor {
  private readonly onPass: Array<Node | undefined> = [];
  private readonly onFail: Array<Node | undefined> = [];

  onGroup(node: Node): HandlerResult {
    const onPass = node.find('on_pass');
    const onFail = node.find('on_fail');
    this.onPass.push(onPass);
    this.onFail.push(onFail);
    try {
      let n = node;
      if (onPass) n = n.remove(onPass);
      if (onFail) n = n.remove(onFail);
      return n.updated(undefined, this.processAll(n.children));
    } finally {
      this.onFail.pop();
      this.onPass.pop();
    }
  }

  onTest(node: Node): HandlerResult {
    let n = node;
    if (this.onPass.some((b) => b)) n = n.ensureNodePresent('on_pass');
    if (this.onFail.some((b) => b)) n = n.ensureNodePresent('on_fail');
    return n.updated(undefined, this.processAll(n.children));
  }

  onOnPass(node: Node): HandlerResult {
    return this.appendGroupActions(node, this.onPass);
  }

  onOnFail(node: Node): HandlerResult {
    return this.appendGroupActions(node, this.onFail);
  }

  private appendGroupActions(branch: Node, groups: ReadonlyArray<Node | undefined>): Node {
    let n = branch;
    for (const g of groups) if (g) n = n.updated(undefined, [...n.children, ...this.processAll(g.children)]);
    return n;
  }
}
