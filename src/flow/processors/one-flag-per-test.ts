/**
 * OneFlagPerTest (igxl): IG-XL needs every flag set by one test only. A flag that several tests set
 * in the same branch kind is renamed per test, `FLAG_0`, `FLAG_1`, ..., and each test is followed by
 * `(if_flag FLAG_n (set_flag FLAG "auto_generated"))`. Each test's branches end up last, on_fail
 * before on_pass. Tests nested in branches are not visited.
 */
import { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';

type Counts = Map<string, number>;

export class OneFlagPerTest extends Processor {
  private building = true;
  private readonly failCounts: Counts = new Map();
  private readonly passCounts: Counts = new Map();
  private readonly counters: Counts = new Map();

  override run(node: Node): Node {
    this.building = true;
    this.process(node);
    this.building = false;
    return super.run(node);
  }

  onTest(node: Node): HandlerResult {
    const onPass = node.find('on_pass');
    const onFail = node.find('on_fail');
    if (this.building) {
      if (onFail) for (const s of onFail.findAll('set_flag')) bump(this.failCounts, String(s.children[0]));
      if (onPass) for (const s of onPass.findAll('set_flag')) bump(this.passCounts, String(s.children[0]));
      return undefined;
    }
    const renamed = new Map<string, string>();
    let test = node;
    if (onFail) test = this.moveLast(test, onFail, this.failCounts, renamed);
    if (onPass) test = this.moveLast(test, onPass, this.passCounts, renamed);
    if (renamed.size === 0) return test;
    const setters = [...renamed].map(([old, renamedFlag]) =>
      node.updated('if_flag', [renamedFlag, node.updated('set_flag', [old, 'auto_generated'])]),
    );
    return this.inline(node, [test, ...setters]);
  }

  /** Take `branch` off `test`, rename its shared flags (moving them to its end), and append it last. */
  private moveLast(test: Node, branch: Node, counts: Counts, renamed: Map<string, string>): Node {
    let b = branch;
    for (const s of branch.findAll('set_flag')) {
      const old = String(s.children[0]);
      if ((counts.get(old) ?? 0) <= 1) continue;
      b = b.remove(s);
      const n = this.counters.get(old) ?? 0;
      this.counters.set(old, n + 1);
      const renamedFlag = `${old}_${n}`;
      renamed.set(old, renamedFlag);
      b = b.add(s.updated(undefined, [renamedFlag, ...s.children.slice(1)]));
    }
    return test.remove(branch).add(b);
  }
}

function bump(counts: Counts, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
