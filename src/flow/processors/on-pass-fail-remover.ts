/**
 * OnPassFailRemover (igxl, flat): moves what a row-based tester cannot nest out of test branches. A
 * branch holding anything besides `set_result`, `continue` and `set_flag` leaves the test and follows
 * it as `(if_failed ID ...)` / `(if_passed ID ...)` (fail first); plain branches stay.
 */
import { FlowError } from '../errors.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

const PLAIN = new Set(['set_result', 'continue', 'set_flag']);

function interesting(branch: Node): boolean {
  return branch.children.some((c) => !(c instanceof Node && PLAIN.has(c.type)));
}

export class OnPassFailRemover extends Processor {
  onTest(node: Node): HandlerResult {
    const onPass = node.find('on_pass');
    const onFail = node.find('on_fail');
    if (!onPass && !onFail) return node.updated(undefined, this.processAll(node.children));
    const id = node.find('id');
    if (!id) throw new FlowError('Something has gone wrong, all nodes should have IDs by this point');
    let test = node;
    const after: Child[] = [];
    if (onFail && interesting(onFail)) {
      after.push(node.updated('if_failed', [id.value, ...onFail.children]));
      test = test.remove(onFail);
    }
    if (onPass && interesting(onPass)) {
      after.push(node.updated('if_passed', [id.value, ...onPass.children]));
      test = test.remove(onPass);
    }
    return this.inline(node, [test, ...after]);
  }
}
