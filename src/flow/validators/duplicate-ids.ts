/**
 * DuplicateIds: every `(id X)` (tests and groups, at any depth, after cleaning) must be unique.
 *
 *   Test ID t1 is defined more than once in flow sort1:
 *     file.ts:10
 *     file.ts:12
 */
import type { Node } from '../node.js';
import type { HandlerResult } from '../processor.js';
import { Validator } from './validator.js';

export class DuplicateIds extends Validator {
  private readonly first = new Map<string, Node>();
  private readonly duplicates = new Map<string, Node[]>();

  onId(node: Node): HandlerResult {
    const id = String(node.value);
    const first = this.first.get(id);
    if (!first) this.first.set(id, node);
    else this.duplicates.set(id, [...(this.duplicates.get(id) ?? [first]), node]);
    return undefined;
  }

  protected report(): string[] {
    const lines: string[] = [];
    for (const [id, nodes] of this.duplicates) {
      lines.push(`Test ID ${id} is defined more than once in flow ${this.flowName}:`);
      for (const n of nodes) lines.push(`  ${n.source}`);
    }
    return lines;
  }
}
