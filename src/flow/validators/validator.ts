/**
 * Validator: a processor that walks the whole (pre-cleaned) AST collecting problems, with each
 * offending node's source, and reports them all at the end by throwing one `FlowValidationError`
 * whose message lines are the reference's text.
 */
import { FlowValidationError } from '../errors.js';
import type { Node } from '../node.js';
import { Processor } from '../processor.js';

export abstract class Validator extends Processor {
  constructor(protected readonly flowName: string) {
    super();
  }

  /** Walk the tree; throw if anything was found. */
  validate(ast: Node): void {
    this.process(ast);
    const lines = this.report();
    if (lines.length > 0) throw new FlowValidationError(this.constructor.name, lines);
  }

  /** The message lines for everything found (none when the flow is valid). */
  protected abstract report(): string[];
}
