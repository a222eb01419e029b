/**
 * MissingIds: every ID a result condition refers to (`if_failed`, `if_any_passed`, `if_ran`, ...) must
 * be defined, and defined before it is referenced (document order). IDs starting with `extern` are
 * references to other flows and are not checked.
 *
 *   Test ID t9 is referenced in flow sort1 in the following lines, but it is never defined:
 *     file.ts:20
 */
import { RESULT_REFERENCE_TYPES } from '../conditions.js';
import type { Node } from '../node.js';
import type { HandlerResult } from '../processor.js';
import { Validator } from './validator.js';

export class MissingIds extends Validator {
  private readonly present = new Map<string, Node[]>();
  private readonly referenced = new Map<string, Node[]>();
  private readonly early = new Map<string, Node[]>();

  onId(node: Node): HandlerResult {
    const id = String(node.value);
    this.present.set(id, [...(this.present.get(id) ?? []), node]);
    return undefined;
  }

  protected override handlerMissing(node: Node): HandlerResult {
    if (RESULT_REFERENCE_TYPES.has(node.type)) {
      const ids = Array.isArray(node.children[0]) ? (node.children[0] as unknown[]) : [node.children[0]];
      for (const raw of ids) {
        const id = String(raw);
        if (id.startsWith('extern')) continue;
        this.referenced.set(id, [...(this.referenced.get(id) ?? []), node]);
        if (!this.present.has(id)) this.early.set(id, [...(this.early.get(id) ?? []), node]);
      }
    }
    return super.handlerMissing(node);
  }

  protected report(): string[] {
    const lines: string[] = [];
    const early = new Map(this.early);
    for (const [id, nodes] of this.referenced) {
      if (this.present.has(id)) continue;
      lines.push(`Test ID ${id} is referenced in flow ${this.flowName} in the following lines, but it is never defined:`);
      for (const n of nodes) lines.push(`  ${n.source}`);
      early.delete(id);
    }
    for (const [id, nodes] of early) {
      lines.push(`Test ID ${id} is referenced in flow ${this.flowName} in the following line(s):`);
      for (const n of nodes) lines.push(`  ${n.source}`);
      lines.push('but it was not defined until later:');
      lines.push(`  ${this.present.get(id)![0]!.source}`);
    }
    return lines;
  }
}
