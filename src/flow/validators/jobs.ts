/**
 * Jobs: `if_job` and `unless_job` must not be nested inside one another (siblings are fine), and job
 * names must not be negated (`!p1`, `~p1`: use `unless_job`).
 *
 *   if_job and unless_job conditions cannot both be applied to the same tests
 *   The following conflicts were found in flow sort1:
 *     if_job:     file.ts:3
 *     unless_job: file.ts:4
 */
import type { Node } from '../node.js';
import type { HandlerResult } from '../processor.js';
import { atomToSexp } from '../sexp.js';
import { Validator } from './validator.js';

/** The label of a job condition, padded as the reference pads it. */
function label(node: Node): string {
  return node.type === 'if_job' ? 'if_job:    ' : 'unless_job:';
}

export class Jobs extends Validator {
  private readonly open: Node[] = [];
  private readonly conflicts: Array<[Node, Node]> = [];
  private readonly negative: Node[] = [];

  onIfJob(node: Node): HandlerResult {
    return this.job(node);
  }

  onUnlessJob(node: Node): HandlerResult {
    return this.job(node);
  }

  private job(node: Node): HandlerResult {
    const jobs = Array.isArray(node.children[0]) ? (node.children[0] as unknown[]) : [node.children[0]];
    if (jobs.some((j) => /^[!~]/.test(String(j)))) this.negative.push(node);
    const outer = this.open.at(-1);
    if (outer && outer.type !== node.type) {
      this.conflicts.push([outer, node]);
      return undefined; // the reference does not descend into a conflicting node
    }
    this.open.push(node);
    try {
      return super.handlerMissing(node);
    } finally {
      this.open.pop();
    }
  }

  protected report(): string[] {
    const lines: string[] = [];
    if (this.conflicts.length > 0) {
      lines.push('if_job and unless_job conditions cannot both be applied to the same tests');
      lines.push(`The following conflicts were found in flow ${this.flowName}:`);
      for (const [a, b] of this.conflicts) lines.push(`  ${label(a)} ${a.source}`, `  ${label(b)} ${b.source}`, '');
    }
    if (this.negative.length > 0) {
      lines.push('Job names should not be negated, use unless_job if you want to specify !JOB');
      lines.push(`The following negative job names were found in flow ${this.flowName}:`);
      for (const n of this.negative) {
        const v = n.children[0];
        lines.push(`  ${typeof v === 'string' ? v : atomToSexp(v)} ${n.source}`);
      }
    }
    return lines;
  }
}
