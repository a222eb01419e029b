/**
 * Relationship: turns result conditions on other tests into run-time flags. A test or group whose ID
 * is referenced sets `<id>_PASSED` (on_pass), `<id>_FAILED` (on_fail) or `<id>_RAN` (right after a
 * test; on entry to a group), each marked `"auto_generated"`; its on_fail gets a `(continue)` unless
 * it is `(delayed true)`, so a failure others depend on does not end the flow. The conditions become
 * flag conditions:
 *
 *   (if_failed "t1" X)            → (if_flag "t1_FAILED" X)
 *   (if_any_passed ["a", "b"] X)  → (if_flag ["a_PASSED", "b_PASSED"] X)   any of them
 *   (if_all_failed ["a", "b"] X)  → (if_flag "a_FAILED" (if_flag "b_FAILED" X))
 *   (unless_ran "t1" X)           → (unless_flag "t1_RAN" X)
 */
import { FlowError } from '../errors.js';
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

interface Referenced {
  failed?: boolean;
  passed?: boolean;
  ran?: boolean;
}

const KIND_OF: Record<string, keyof Referenced> = {
  if_failed: 'failed',
  if_any_failed: 'failed',
  if_all_failed: 'failed',
  if_passed: 'passed',
  if_any_passed: 'passed',
  if_all_passed: 'passed',
  if_ran: 'ran',
  unless_ran: 'ran',
};

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

/** `t1`, `FAILED` → `t1_FAILED` (each element of a list). */
function idToFlag(id: unknown, suffix: string): Child {
  return Array.isArray(id) ? id.map((i: unknown) => `${String(i)}_${suffix}`) : `${String(id)}_${suffix}`;
}

/** Which IDs are referenced, and how. */
function referencedResults(ast: Node): Map<string, Referenced> {
  const results = new Map<string, Referenced>();
  for (const n of ast.findAll(...Object.keys(KIND_OF), { recursive: true })) {
    for (const id of asList(n.children[0])) {
      const key = String(id);
      const r = results.get(key) ?? {};
      r[KIND_OF[n.type]!] = true;
      results.set(key, r);
    }
  }
  return results;
}

export class Relationship extends Processor {
  private results = new Map<string, Referenced>();

  override run(node: Node): Node {
    this.results = referencedResults(node);
    return super.run(node);
  }

  onTest(node: Node): HandlerResult {
    let n = node.updated(undefined, this.processAll(node.children));
    const idNode = n.find('id');
    const id = idNode ? idNode.children[0] : undefined;
    const r = id === undefined ? undefined : this.results.get(String(id));
    if (!r) return n;
    if (r.passed) n = this.addPassFlag(String(id), n);
    if (r.failed) n = this.addFailFlag(String(id), n);
    if (r.ran) return this.addRanFlag(String(id), n);
    return n;
  }

  onGroup(node: Node): HandlerResult {
    return this.onTest(node);
  }

  onSubFlow(node: Node): HandlerResult {
    return this.onTest(node);
  }

  onIfFailed(node: Node): HandlerResult {
    return this.toFlag(node, 'if_flag', 'FAILED');
  }
  onIfAnyFailed(node: Node): HandlerResult {
    return this.toFlag(node, 'if_flag', 'FAILED');
  }
  onIfPassed(node: Node): HandlerResult {
    return this.toFlag(node, 'if_flag', 'PASSED');
  }
  onIfAnyPassed(node: Node): HandlerResult {
    return this.toFlag(node, 'if_flag', 'PASSED');
  }
  onIfRan(node: Node): HandlerResult {
    return this.toFlag(node, 'if_flag', 'RAN');
  }
  onUnlessRan(node: Node): HandlerResult {
    return this.toFlag(node, 'unless_flag', 'RAN');
  }
  onIfAllFailed(node: Node): HandlerResult {
    return this.toNestedFlags(node, 'FAILED');
  }
  onIfAllPassed(node: Node): HandlerResult {
    return this.toNestedFlags(node, 'PASSED');
  }

  private toFlag(node: Node, type: string, suffix: string): Node {
    const [id, ...rest] = node.children;
    return node.updated(type, [idToFlag(id, suffix), ...this.processAll(rest)]);
  }

  /** All of them: one `if_flag` per ID, the first ID outermost. */
  private toNestedFlags(node: Node, suffix: string): Node {
    const [ids, ...rest] = node.children;
    const list = asList(ids);
    let out = node.updated('if_flag', [idToFlag(list.at(-1), suffix), ...this.processAll(rest)]);
    for (let i = list.length - 2; i >= 0; i--) out = node.updated('if_flag', [idToFlag(list[i], suffix), out]);
    return out;
  }

  private addPassFlag(id: string, node: Node): Node {
    const n = node.ensureNodePresent('on_pass').ensureNodePresent('on_fail');
    return n.updated(
      undefined,
      n.children.map((c) => {
        if (!(c instanceof Node)) return c;
        if (c.type === 'on_pass') return c.add(n.updated('set_flag', [`${id}_PASSED`, 'auto_generated']));
        if (c.type === 'on_fail') return isDelayed(c) ? c : c.ensureNodePresent('continue');
        return c;
      }),
    );
  }

  private addFailFlag(id: string, node: Node): Node {
    const n = node.ensureNodePresent('on_fail');
    return n.updated(
      undefined,
      n.children.map((c) => {
        if (!(c instanceof Node) || c.type !== 'on_fail') return c;
        const flagged = c.add(n.updated('set_flag', [`${id}_FAILED`, 'auto_generated']));
        return isDelayed(flagged) ? flagged : flagged.ensureNodePresent('continue');
      }),
    );
  }

  /** A group or sub-flow sets its RAN flag on entry; a test is followed by it. */
  private addRanFlag(id: string, node: Node): Node {
    const setFlag = node.updated('set_flag', [`${id}_RAN`, 'auto_generated']);
    if (node.type === 'group' || node.type === 'sub_flow') {
      const children = [...node.children];
      let at = 0;
      while (at < children.length) {
        const c = children[at];
        if (!(c instanceof Node && (c.type === 'name' || c.type === 'id' || c.type === 'path'))) break;
        at++;
      }
      children.splice(at, 0, setFlag);
      return node.updated(undefined, children);
    }
    if (node.type === 'test') return this.inline(node, [node, setFlag]);
    throw new FlowError(`Don't know how to add ran flag to ${node.type}`);
  }
}

function isDelayed(onFail: Node): boolean {
  const d = onFail.find('delayed');
  return d !== undefined && d.children[0] !== undefined && d.children[0] !== null && d.children[0] !== false;
}
