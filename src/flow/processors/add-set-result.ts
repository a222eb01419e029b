/**
 * AddSetResult (used by the interpreter only): every test gets an on_fail, and an on_fail without
 * `(continue)` and without a `set_result` gets a bare `(set_result "fail")` at its end, so a failing
 * test that has no bin of its own still ends the flow.
 */
import type { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

export class AddSetResult extends Processor {
  onTest(node: Node): HandlerResult {
    const n = node.ensureNodePresent('on_fail');
    return n.updated(undefined, this.processAll(n.children));
  }

  onOnFail(node: Node): HandlerResult {
    const n = node.find('continue') ? node : node.ensureNodePresent('set_result', 'fail');
    return n.updated(undefined, this.processAll(n.children));
  }
}
