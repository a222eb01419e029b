/**
 * AddIds: gives every test and group an ID. An `(id)` is appended at the end of each test or group
 * that has none and numbered `t1`, `t2`, ... in processing order, skipping IDs already used. Because
 * the new `(id)` goes last, tests nested in a test's on_fail or in a group are numbered before it.
 */
import { Node } from '../node.js';
import { Processor } from '../processor.js';
import type { HandlerResult } from '../processor.js';
import { present } from '../truthy.js';

export class AddIds extends Processor {
  private existing = new Set<unknown>();
  private counter = 0;

  override run(node: Node): Node {
    this.counter = 0;
    this.existing = new Set(
      node
        .findAll('test', 'group', { recursive: true })
        .map((n) => n.find('id')?.value)
        .filter((v) => v !== undefined),
    );
    return super.run(node);
  }

  onTest(node: Node): HandlerResult {
    const withId = node.ensureNodePresent('id');
    return withId.updated(undefined, this.processAll(withId.children));
  }

  onGroup(node: Node): HandlerResult {
    return this.onTest(node);
  }

  onId(node: Node): HandlerResult {
    if (present(node.value)) return undefined;
    return node.updated(undefined, [this.nextId()]);
  }

  private nextId(): string {
    do this.counter++;
    while (this.existing.has(`t${this.counter}`));
    return `t${this.counter}`;
  }
}
