/**
 * Flags: an `if_flag F` must not sit inside an `unless_flag F` (or the other way round; an `else`
 * counts as inside its parent) unless F is declared volatile. Only the flags the user wrote are
 * checked: this runs before relationships add their own.
 *
 *   if_flag and unless_flag conditions cannot be nested and refer to the same flag unless it is declared as volatile
 *   The following conflicts were found in flow sort1:
 *     if_flag(F) file.ts:3
 *     unless_flag(F) file.ts:5
 */
import { atomsEqual } from '../equality.js';
import type { Node } from '../node.js';
import type { HandlerResult } from '../processor.js';
import { atomToSexp } from '../sexp.js';
import { VolatileFlags } from '../volatiles.js';
import { Validator } from './validator.js';

function describe(node: Node): string {
  const v = node.children[0];
  return `${node.type}(${typeof v === 'string' ? v : atomToSexp(v)}) ${node.source}`;
}

export class Flags extends Validator {
  private volatiles = VolatileFlags.NONE;
  private readonly open = { if_flag: [] as Node[], unless_flag: [] as Node[] };
  private readonly conflicts: Array<[Node, Node]> = [];

  onFlow(node: Node): HandlerResult {
    this.volatiles = VolatileFlags.of(node);
    return super.handlerMissing(node);
  }

  onIfFlag(node: Node): HandlerResult {
    return this.flag(node, 'if_flag', 'unless_flag');
  }

  onUnlessFlag(node: Node): HandlerResult {
    return this.flag(node, 'unless_flag', 'if_flag');
  }

  private flag(node: Node, kind: 'if_flag' | 'unless_flag', opposite: 'if_flag' | 'unless_flag'): HandlerResult {
    const flag = node.children[0];
    if (this.volatiles.has(flag)) return super.handlerMissing(node);
    const clash = this.open[opposite].find((n) => atomsEqual(n.children[0], flag));
    if (clash) this.conflicts.push([clash, node]);
    this.open[kind].push(node);
    try {
      return super.handlerMissing(node);
    } finally {
      this.open[kind].pop();
    }
  }

  protected report(): string[] {
    if (this.conflicts.length === 0) return [];
    const lines = [
      'if_flag and unless_flag conditions cannot be nested and refer to the same flag unless it is declared as volatile',
      `The following conflicts were found in flow ${this.flowName}:`,
    ];
    for (const [a, b] of this.conflicts) lines.push(`  ${describe(a)}`, `  ${describe(b)}`, '');
    return lines;
  }
}
